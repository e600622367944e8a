"""A proposal expires after its TTL of elapsed time, also across the plant's DST change."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from governance.proposals import expires_at

DETROIT = ZoneInfo("America/Detroit")


def test_a_proposal_made_the_day_before_dst_starts_expires_24_real_hours_later() -> None:
    made = datetime(2026, 3, 7, 12, 0, tzinfo=DETROIT)  # Sat, EST (UTC-5)
    expires = expires_at(made, 24)
    assert (expires.timestamp() - made.timestamp()) / 3600 == 24
    # On the plant's clock it reads 13:00 EDT on Sunday: DST began at 02:00 that night.
    assert expires.astimezone(DETROIT) == datetime(2026, 3, 8, 13, 0, tzinfo=DETROIT)
    assert expires == datetime(2026, 3, 8, 17, 0, tzinfo=UTC)


def test_a_proposal_made_at_the_demo_time_expires_on_the_same_local_time_next_day() -> None:
    made = datetime(2026, 3, 2, 6, 0, tzinfo=DETROIT)  # no DST change in between
    assert expires_at(made, 24).astimezone(DETROIT) == datetime(2026, 3, 3, 6, 0, tzinfo=DETROIT)


def test_the_same_instant_gives_the_same_expiry_whatever_zone_it_is_written_in() -> None:
    made = datetime(2026, 3, 7, 12, 0, tzinfo=DETROIT)
    assert expires_at(made, 24) == expires_at(made.astimezone(UTC), 24)


def test_a_creation_time_without_a_zone_is_a_bug() -> None:
    with pytest.raises(ValueError, match="timezone"):
        expires_at(datetime(2026, 3, 7, 12, 0), 24)
