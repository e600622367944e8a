"""Open supply of a PO line: received, shipped, confirmed and unconfirmed quantities."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from domain.planning.policy import PlanningInputError, SupplyPolicy, parse_horizon
from domain.planning.supply import SupplyKind, Tranche, open_tranches, split_open_supply

T0 = datetime(2026, 3, 2, 6, tzinfo=UTC)
H = timedelta(hours=1)


def test_unconfirmed_line_is_all_unconfirmed_at_promised_date() -> None:
    assert open_tranches(1000, T0) == [Tranche(1000, T0, SupplyKind.unconfirmed)]


def test_partial_confirmation_leaves_the_rest_unconfirmed() -> None:
    tranches = open_tranches(1000, T0 + 24 * H, confirmations=[(400, T0 + 24 * H)])
    assert tranches == [
        Tranche(400, T0 + 24 * H, SupplyKind.confirmed),
        Tranche(600, T0 + 24 * H, SupplyKind.unconfirmed),
    ]


def test_asn_date_overrides_confirmation_date() -> None:
    tranches = open_tranches(
        2400, T0 + 8 * H, open_asns=[(2400, T0 + 53 * H)], confirmations=[(2400, T0 + 8 * H)]
    )
    assert tranches == [Tranche(2400, T0 + 53 * H, SupplyKind.asn)]


def test_partially_received_line_keeps_only_its_open_quantity() -> None:
    tranches = open_tranches(1000, T0, received=700, confirmations=[(1000, T0 + H)])
    assert tranches == [Tranche(300, T0 + H, SupplyKind.confirmed)]


def test_receipts_and_asns_use_up_the_earliest_confirmed_quantities() -> None:
    tranches = open_tranches(
        1000,
        T0,
        received=200,
        open_asns=[(300, T0 + 2 * H)],
        confirmations=[(400, T0 + H), (400, T0 + 5 * H)],
    )
    assert tranches == [
        Tranche(300, T0 + 2 * H, SupplyKind.asn),
        Tranche(300, T0 + 5 * H, SupplyKind.confirmed),
        Tranche(200, T0, SupplyKind.unconfirmed),
    ]


def test_over_shipment_and_over_confirmation_are_capped_at_the_order() -> None:
    tranches = open_tranches(500, T0, open_asns=[(800, T0 + H)], confirmations=[(900, T0)])
    assert tranches == [Tranche(500, T0 + H, SupplyKind.asn)]
    assert open_tranches(500, T0, confirmations=[(900, T0)]) == [
        Tranche(500, T0, SupplyKind.confirmed)
    ]


def test_fully_received_and_zero_quantity_lines_have_no_open_supply() -> None:
    assert open_tranches(500, T0, received=500) == []
    assert open_tranches(0, T0) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", timedelta(days=14)),
        ("36h", timedelta(hours=36)),
        ("2w", timedelta(days=14)),
        (" 90m ", timedelta(minutes=90)),
        ("1.5d", timedelta(hours=36)),
    ],
)
def test_parse_horizon(text: str, expected: timedelta) -> None:
    assert parse_horizon(text) == expected


@pytest.mark.parametrize("text", ["14", "fortnight", "14 days", "-3d", "0d", ""])
def test_parse_horizon_rejects_malformed_text(text: str) -> None:
    with pytest.raises(PlanningInputError, match="horizon"):
        parse_horizon(text)


def test_policy_states_itself() -> None:
    statement = SupplyPolicy().describe()
    assert statement.startswith("unconfirmed supply excluded, held stock excluded, components")
    assert "unconfirmed supply included" in SupplyPolicy(include_unconfirmed=True).describe()


def test_vectorised_split_agrees_with_the_one_line_rules() -> None:
    rng = np.random.default_rng(11)
    n = 400
    ordered = rng.integers(0, 20, n) * 50.0
    promised = rng.integers(0, 100, n) * 3600
    lines = np.arange(1, n + 1) * 3  # ids need not be dense
    receipts = rng.integers(0, n, 300)
    receipt_qty = rng.integers(0, 10, 300) * 50.0
    asns = rng.integers(0, n, 250)
    asn_eta = rng.integers(0, 100, 250) * 3600
    asn_qty = rng.integers(0, 10, 250) * 50.0
    confs = rng.integers(0, n, 500)
    conf_sent = rng.integers(0, 3, 500)
    conf_for = rng.integers(0, 100, 500) * 3600
    conf_qty = rng.integers(0, 12, 500) * 50.0
    got = split_open_supply(
        lines, np.zeros(n, np.int32), ordered, promised,
        np.r_[lines[receipts], 999_999], np.r_[receipt_qty, 5.0],  # a line from elsewhere
        lines[asns], asn_eta, asn_qty, lines[confs], conf_sent, conf_for, conf_qty,
    )  # fmt: skip
    at = lambda s: T0 + timedelta(seconds=int(s))  # noqa: E731
    expected = []
    for k in range(n):
        sent = conf_sent[confs == k]
        latest = [
            (conf_qty[j], at(conf_for[j]))
            for j in np.flatnonzero(confs == k)
            if conf_sent[j] == sent.max()
        ]
        for t in open_tranches(
            ordered[k], at(promised[k]), receipt_qty[receipts == k].sum(),
            [(asn_qty[j], at(asn_eta[j])) for j in np.flatnonzero(asns == k)], latest,
        ):  # fmt: skip
            expected.append((int(lines[k]), t.at, t.qty, int(t.kind)))
    assert sorted(
        (int(li), at(t), float(q), int(k))
        for li, t, q, k in zip(got.po_line, got.at, got.qty, got.kind, strict=True)
    ) == sorted(expected)
    assert len(expected) > 300
