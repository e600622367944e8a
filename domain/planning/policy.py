"""The supply policy a projection follows, the planning error type and the horizon parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

# Which open tranches of a PO line a supposed arrival moves: all of them, only the quantity the
# supplier has not confirmed, or only what is shipped (its ASNs).
ArrivalPart = Literal["all", "unconfirmed", "shipped"]


@dataclass(frozen=True)
class SupposedArrival:
    """A what-if: the open supply of one PO line (those tranches) arrives at `at` instead, and
    counts as supply then, unconfirmed or not. `label` names it in answers ('PO-7795/1')."""

    po_line_id: int
    part: ArrivalPart
    at: datetime
    label: str


# Components are consumed at the start of the WO that needs them: the plant's convention.
CONSUMPTION_CONVENTION = "components consumed at work-order start"


class PlanningInputError(ValueError):
    """A planning request the caller can fix: unknown plant, bad horizon, bad quantities."""


@dataclass(frozen=True)
class SupplyPolicy:
    """What counts as supply: unconfirmed PO quantities and held stock are excluded by default."""

    include_unconfirmed: bool = False
    include_held: bool = False
    # A what-if: held stock counts from this instant on, as if its hold were released then.
    held_released_at: datetime | None = None
    # A what-if: these PO lines' open supply arrives at another time (and counts then).
    arrivals: tuple[SupposedArrival, ...] = ()

    def describe(self) -> str:
        """One line an answer can quote, e.g. 'unconfirmed supply excluded, held stock ...'."""
        unconfirmed = "included" if self.include_unconfirmed else "excluded"
        held = "included" if self.include_held else "excluded"
        if self.held_released_at is not None and not self.include_held:
            held = (
                f"counted from {self.held_released_at.isoformat(sep=' ', timespec='minutes')}"
                " (supposed released then)"
            )
        moved = "".join(
            f", {a.label}{'' if a.part == 'all' else ' (' + a.part + ')'} supposed to arrive "
            f"{a.at.isoformat(sep=' ', timespec='minutes')}"
            for a in self.arrivals
        )
        return (
            f"unconfirmed supply {unconfirmed}, held stock {held}{moved}, "
            f"{CONSUMPTION_CONVENTION}, receipts counted before consumption at the same instant"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "include_unconfirmed": self.include_unconfirmed,
            "include_held": self.include_held,
            "held_released_at": self.held_released_at.isoformat()
            if self.held_released_at is not None
            else None,
            "arrivals": [
                {
                    "po_line_id": a.po_line_id,
                    "part": a.part,
                    "at": a.at.isoformat(),
                    "label": a.label,
                }
                for a in self.arrivals
            ],  # fmt: skip
            "consumption": "at_work_order_start",
            "statement": self.describe(),
        }


_HORIZON = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([wdhm])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60}


def parse_horizon(text: str | timedelta) -> timedelta:
    """'14d', '36h', '2w' or '90m' as a timedelta; anything else is a PlanningInputError."""
    if isinstance(text, timedelta):
        horizon = text
    else:
        match = _HORIZON.match(text)
        if not match:
            raise PlanningInputError(
                f"horizon {text!r} is not understood: use a number and a unit, "
                "e.g. '14d' (days), '36h' (hours), '2w' (weeks) or '90m' (minutes)"
            )
        horizon = timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2].lower()])
    if horizon <= timedelta(0):
        raise PlanningInputError(f"horizon must be positive, got {text!r}")
    return horizon
