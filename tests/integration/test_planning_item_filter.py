"""Regression: shortages_for_plant(item=...) on the demo (it once raised IndexError)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from domain.clock import as_of
from domain.planning.policy import SupplyPolicy
from domain.planning.repository import load_projection_input, shortages_for_plant

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("item", ["E-4410", "F-2200", "T-3105"])
def test_one_item_matches_the_whole_plant(demo_db_shared: Engine, item: str) -> None:
    whole = {s.item: s for s in shortages_for_plant(demo_db_shared, "LKS")}
    [one] = shortages_for_plant(demo_db_shared, "LKS", item=item)
    assert one == whole[item]


def test_e4410_is_short_30_on_wednesday(demo_db_shared: Engine) -> None:
    [s] = shortages_for_plant(demo_db_shared, "LKS", item="E-4410")
    assert (s.first_short_at.isoformat(), s.qty_short) == ("2026-03-04T11:00:00+00:00", 30.0)
    assert s.work_orders[0] == "WO-SEAT1-0304-0600"


@pytest.mark.parametrize(
    "policy", [SupplyPolicy(), SupplyPolicy(include_unconfirmed=True, include_held=True)]
)
def test_every_item_alone_agrees_with_the_whole_plant(
    demo_db_shared: Engine, policy: SupplyPolicy
) -> None:
    # Items without PO lines, ASNs or confirmations give empty supply arrays: no crash.
    whole = {s.item: s for s in shortages_for_plant(demo_db_shared, "LKS", policy=policy)}
    start = as_of(demo_db_shared)
    codes = load_projection_input(demo_db_shared, "LKS", start, "14d").items
    for code in codes:
        alone = shortages_for_plant(demo_db_shared, "LKS", policy=policy, item=code)
        assert alone == ([whole[code]] if code in whole else []), code
