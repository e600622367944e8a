"""Run the app's queue until it is empty, on the loop of the app under test."""

from __future__ import annotations

from functools import partial

from fastapi.testclient import TestClient

from governance.queue import open_queue_async, queue_app


def drain_queue(http: TestClient) -> None:
    """A worker in this process, on the TestClient's event loop (where the queue was opened),
    runs every queued job, including jobs those jobs queue, then returns."""
    assert http.portal is not None, "use the TestClient as a context manager"
    http.portal.call(
        open_queue_async
    )  # the app opens its queue on first use; nothing may be queued
    run = partial(queue_app.run_worker_async, wait=False, install_signal_handlers=False,
                  listen_notify=False)  # fmt: skip
    http.portal.call(run)
