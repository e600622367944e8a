"""Whether an open PO line is late: promised before now and not received in full (overdue), or
expected to arrive after its promised date (its best-known arrival is later)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class Lateness:
    """How late one open PO line is at the as-of time.

    `late`: promised before now and still open (what 'overdue' means to a buyer);
    `days_late`: days since the promised date when late, else 0;
    `arrives_late_hours`: how far its best-known arrival is after the promised date (0 if not).
    """

    late: bool
    days_late: float
    arrives_late_hours: float

    @property
    def status(self) -> str:
        """late | arriving_late | on_time."""
        if self.late:
            return "late"
        return "arriving_late" if self.arrives_late_hours > 0 else "on_time"


def lateness(
    promised_at: datetime, arrives_at: datetime, now: datetime, open_qty: float
) -> Lateness:
    """The lateness of a line with `open_qty` still to come, promised for `promised_at` and
    expected at `arrives_at` (ASN ETA, else confirmed date, else promised date)."""
    if open_qty <= 0:
        return Lateness(False, 0.0, 0.0)
    late = promised_at < now
    days = round((now - promised_at).total_seconds() / 3600 / HOURS_PER_DAY, 1) if late else 0.0
    after = max(0.0, (arrives_at - promised_at).total_seconds() / 3600)
    return Lateness(late, days, round(after, 1))
