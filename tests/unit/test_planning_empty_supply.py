"""split_open_supply with empty parts: no lines, no ASNs, no confirmations (no IndexError)."""

from __future__ import annotations

import numpy as np

from domain.planning.supply import SupplyKind, _group_cumsum, split_open_supply

I8, F8, I4 = np.array([], np.int64), np.array([], np.float64), np.array([], np.int32)


def test_group_cumsum_of_nothing_is_nothing() -> None:
    assert len(_group_cumsum(I8, F8)) == 0


def test_no_lines_at_all_gives_no_supply_even_with_stray_events() -> None:
    stray = np.array([7], np.int64)
    s = split_open_supply(
        I8, I4, F8, I8, stray, np.array([5.0]), stray, np.array([100]), np.array([5.0]),
        stray, np.array([1]), np.array([100]), np.array([5.0]),
    )  # fmt: skip
    assert len(s.qty) == len(s.item) == len(s.at) == 0


def test_one_line_without_asn_or_confirmation_is_unconfirmed() -> None:
    s = split_open_supply(
        np.array([3], np.int64), np.array([0], np.int32), np.array([10.0]), np.array([500]),
        I8, F8, I8, I8, F8, I8, I8, I8, F8,
    )  # fmt: skip
    assert s.qty.tolist() == [10.0] and s.kind.tolist() == [int(SupplyKind.unconfirmed)]
    assert s.at.tolist() == [500] and s.po_line.tolist() == [3]
