"""The queue's sweeps (outbox sends, alert delivery) run every 5 seconds, all minute long."""

from __future__ import annotations

from datetime import datetime

from croniter import croniter

from governance import alert_jobs, jobs  # noqa: F401  (importing them registers the periodic tasks)
from governance.queue import queue_app


def test_outbox_and_alert_sweeps_tick_every_five_seconds_in_every_minute() -> None:
    crons = {key[1]: task.cron for key, task in queue_app.periodic_registry.periodic_tasks.items()}
    for periodic_id in ("outbox", "alerts"):
        # 23:31 is not a multiple of 5 minutes: '*/5 * * * * *' would wait until 23:35.
        ticks = croniter(crons[periodic_id], datetime(2026, 12, 1, 23, 31, 2))
        upcoming = [ticks.get_next(datetime) for _ in range(3)]
        assert [(t.minute, t.second) for t in upcoming] == [(31, 5), (31, 10), (31, 15)]
