"""Which alerts an applied event raises and which conditions it clears (pure: no I/O).

Shortage rules compare each touched item's state before and after the event; the other
rules read the event's facts. One event raises at most one alert per item: when the item's
shortage alert fires, the event's own alert on that item (a late ASN, a short confirmation)
is folded into it as its cause instead of being raised beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.alerts.rules import SHORTAGE_RULES, AlertRule
from domain.events.reprojection import ItemState


@dataclass(frozen=True)
class AlertCandidate:
    """An alert a rule wants open on an object, with what changed and what to do next."""

    rule: str
    object_key: str
    plant: str
    item: str | None
    subject: str
    details: dict[str, Any]
    actions: list[dict[str, str]] = field(default_factory=list)
    line_hours_at_risk: float = 0.0
    lines: tuple[str, ...] = ()
    buyer: str | None = None


@dataclass(frozen=True)
class Clearance:
    """A condition that no longer holds: open alerts of these rules on the object resolve."""

    rules: tuple[str, ...]
    object_key: str
    reason: str


def shortage_key(plant: str, item: str) -> str:
    return f"shortage:{plant}/{item}"


def _when(at: datetime | None, tz: ZoneInfo) -> str:
    return "not in the horizon" if at is None else at.astimezone(tz).strftime("%a %m-%d %H:%M")


def _later(a: datetime | None, b: datetime | None) -> bool:
    """Is recovery `a` later than `b` (None: not recovered in the horizon, the latest)?"""
    if a is None:
        return b is not None
    return b is not None and a > b


def _shortage_actions(state: ItemState, facts: Mapping[str, Any]) -> list[dict[str, str]]:
    po, supplier = facts.get("po_number"), facts.get("supplier")
    actions = []
    if po and supplier:
        actions.append(
            {"action": "draft_escalation", "label": f"Draft an escalation to {supplier}",
             "prompt": f"draft an escalation to {supplier} about {po}"}
        )  # fmt: skip
        actions.append(
            {"action": "quote_expedite", "label": f"Quote an expedite of {po}",
             "prompt": f"what would it cost to air-expedite {po}?"}
        )  # fmt: skip
    for line in state.lines:
        actions.append(
            {"action": "resequence", "label": f"Resequence {line}",
             "prompt": f"can we resequence {line} to avoid the {state.item} gap?"}
        )  # fmt: skip
    return actions


def _shortage(
    before: ItemState, after: ItemState, rules: Mapping[str, AlertRule], facts: Mapping[str, Any],
    tz: ZoneInfo, cause: str,
) -> AlertCandidate | None:  # fmt: skip
    what = {"before": before.as_dict(), "after": after.as_dict(), "cause": cause}
    common: dict[str, Any] = {
        "object_key": shortage_key(after.plant, after.item), "plant": after.plant,
        "item": after.item, "actions": _shortage_actions(after, facts),
        "line_hours_at_risk": after.line_hours_at_risk, "lines": after.lines,
        "buyer": facts.get("buyer"),
    }  # fmt: skip
    hit = f"{len(after.work_orders)} WO(s), {len(after.customer_orders)} customer order(s) hit"
    if not before.short and "new_shortage" in rules:
        return AlertCandidate(
            rule="new_shortage",
            subject=f"{after.item} now short at {after.plant} from "
            f"{_when(after.first_short_at, tz)}: {after.qty_short:,.0f} short, {hit}",
            details=what, **common,
        )  # fmt: skip
    rule = rules.get("shortage_worse")
    if rule is None:
        return None
    earlier = after.first_short_at < before.first_short_at  # type: ignore[operator]
    same_time = after.first_short_at == before.first_short_at
    limit = before.qty_short + (rule.threshold if rule.unit == "qty" else 0)
    bigger = same_time and after.qty_short > limit
    longer = _later(after.recovered_at, before.recovered_at)
    hours = after.line_hours_at_risk - before.line_hours_at_risk
    more_hours = hours > (rule.threshold if rule.unit == "hours" else 0) and hours > 1e-9
    if not (earlier or bigger or longer or more_hours):
        return None
    return AlertCandidate(
        rule="shortage_worse",
        subject=f"{after.item} shortage at {after.plant} worse: short from "
        f"{_when(after.first_short_at, tz)} (was {_when(before.first_short_at, tz)}), "
        f"covered {_when(after.recovered_at, tz)} (was {_when(before.recovered_at, tz)}), "
        f"{after.line_hours_at_risk:.1f} line hours at risk (was "
        f"{before.line_hours_at_risk:.1f}), {hit}",
        details=what, **common,
    )  # fmt: skip


def _event_rules(
    kind: str, facts: Mapping[str, Any], plant: str, after: Mapping[str, ItemState],
    rules: Mapping[str, AlertRule], tz: ZoneInfo,
) -> tuple[list[AlertCandidate], list[Clearance]]:  # fmt: skip
    raised: list[AlertCandidate] = []
    cleared: list[Clearance] = []

    def want(rule: str, key: str, item: str | None, subject: str, details: dict[str, Any],
             ok: bool, reason: str) -> None:  # fmt: skip
        if ok and rule in rules:
            raised.append(AlertCandidate(rule, key, plant, item, subject, details,
                                         buyer=facts.get("buyer")))  # fmt: skip
        elif not ok:
            cleared.append(Clearance((rule,), key, reason))

    if kind == "confirmation.received":
        short = facts["confirmed_qty"] < facts["qty_ordered"]
        late = facts["latest_delivery_at"] > facts["promised_at"]
        po = f"{facts['po_number']}/{facts['line_no']}"
        want("confirmation_short", f"confirmation:{po}", facts["item"],
             f"{facts['supplier']} confirmed {facts['confirmed_qty']:,.0f} of "
             f"{facts['qty_ordered']:,.0f} on {po} ({facts['item']}), last delivery "
             f"{_when(facts['latest_delivery_at'], tz)}, needed {_when(facts['promised_at'], tz)}",
             dict(facts), short or late, "confirmation now covers the order in time")  # fmt: skip
    elif kind == "asn.updated":
        late = facts["eta"] > facts["promised_at"]
        want("asn_late", f"asn:{facts['asn_number']}", facts["item"],
             f"{facts['asn_number']} ({facts['po_number']}, {facts['item']}) ETA "
             f"{_when(facts['eta'], tz)} (was {_when(facts['eta_before'], tz)}), needed "
             f"{_when(facts['promised_at'], tz)}",
             dict(facts), late, "ETA no later than the need")  # fmt: skip
    elif kind == "receipt.posted" and facts.get("asn_number"):
        cleared.append(Clearance(("asn_late",), f"asn:{facts['asn_number']}", "ASN received"))
    elif kind == "quality_hold.placed":
        state = after.get(facts["item"])
        demand = state.demand_in_horizon if state else 0.0
        want("quality_hold_demand", f"lot:{plant}/{facts['lot']}", facts["item"],
             f"Lot {facts['lot']} of {facts['item']} ({facts['qty']:,.0f}) on quality hold; "
             f"{demand:,.0f} needed in the horizon",
             dict(facts) | {"demand_in_horizon": demand}, demand > 0, "no demand")  # fmt: skip
    elif kind == "quality_hold.released":
        cleared.append(
            Clearance(("quality_hold_demand",), f"lot:{plant}/{facts['lot']}",
                      f"hold {facts['hold']}")
        )  # fmt: skip
    elif kind == "downtime.reported":
        late = facts["late_work_orders"]
        names = ", ".join(w["work_order"] for w in late[:5])
        want("downtime_late_wo", f"downtime:{facts['ref']}", None,
             f"Downtime on {facts['work_centre']} {_when(facts['start_at'], tz)}–"
             f"{_when(facts['end_at'], tz)} makes {len(late)} WO(s) late: {names}",
             dict(facts), bool(late), "no WO made late")  # fmt: skip
        if raised and raised[-1].rule == "downtime_late_wo":
            raised[-1].actions.append(
                {"action": "resequence", "label": f"Resequence {facts['line']}",
                 "prompt": f"can we resequence {facts['line']} around the downtime?"}
            )  # fmt: skip
    return raised, cleared


def evaluate(
    kind: str,
    facts: Mapping[str, Any],
    plant: str,
    timezone: str,
    before: Mapping[str, ItemState],
    after: Mapping[str, ItemState],
    rules: Mapping[str, AlertRule],
) -> tuple[list[AlertCandidate], list[Clearance]]:
    """The alerts `kind` with `facts` raises and the conditions it clears, given item states."""
    tz = ZoneInfo(timezone)
    raised, cleared = _event_rules(kind, facts, plant, after, rules, tz)
    by_item = {c.item: c for c in raised if c.item}
    shortages: list[AlertCandidate] = []
    for item, state in sorted(after.items()):
        prior = before.get(item)
        if not state.short:
            cleared.append(Clearance(SHORTAGE_RULES, shortage_key(plant, item), "covered again"))
            continue
        if prior is None:
            continue
        cause = by_item[item].subject if item in by_item else kind
        candidate = _shortage(prior, state, rules, facts, tz, cause)
        if candidate is not None:
            shortages.append(candidate)
    folded = {c.item for c in shortages}
    return shortages + [c for c in raised if c.item not in folded], cleared
