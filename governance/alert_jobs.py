"""Alert delivery on the background queue: hand each waiting delivery to the notifiers.

A raised alert writes its deliveries in the event's transaction; this periodic job (and a
job deferred right after an ingest that raised alerts) sends them, so a process stopped in
between loses nothing (deliver_pending marks what it sent).
"""

from __future__ import annotations

import contextlib

from procrastinate import exceptions as queue_errors

from domain.alerts.notify import deliver_pending
from governance.queue import bound_engine, open_queue_async, queue_app

DELIVER_TASK = "alerts.deliver"


@queue_app.periodic(cron="* * * * * */5", periodic_id="alerts")  # every 5 s
@queue_app.task(name=DELIVER_TASK)
def deliver_alerts(timestamp: int) -> None:
    """Send every waiting alert delivery through the registered notifiers."""
    deliver_pending(bound_engine())


async def queue_delivery() -> None:
    """Ask for a delivery pass now (unless one is already waiting); from async code."""
    await open_queue_async()  # the app opens its queue on first use
    with contextlib.suppress(queue_errors.AlreadyEnqueued):
        await deliver_alerts.configure(queueing_lock=DELIVER_TASK).defer_async(timestamp=0)
