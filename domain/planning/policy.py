"""The supply policy a projection follows, the planning error type and the horizon parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

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

    def describe(self) -> str:
        """One line an answer can quote, e.g. 'unconfirmed supply excluded, held stock ...'."""
        unconfirmed = "included" if self.include_unconfirmed else "excluded"
        held = "included" if self.include_held else "excluded"
        if self.held_released_at is not None and not self.include_held:
            held = (
                f"counted from {self.held_released_at.isoformat(sep=' ', timespec='minutes')}"
                " (supposed released then)"
            )
        return (
            f"unconfirmed supply {unconfirmed}, held stock {held}, "
            f"{CONSUMPTION_CONVENTION}, receipts counted before consumption at the same instant"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "include_unconfirmed": self.include_unconfirmed,
            "include_held": self.include_held,
            "held_released_at": self.held_released_at.isoformat()
            if self.held_released_at is not None
            else None,
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
