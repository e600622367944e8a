"""The answer to "who would have to approve it?": the action's price and the one approver of that
cost, then what the asker could do with it, from the tools' typed results (`expedite_quote`
options, `approval_rule` without a proposal), never from the rule table alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.formatting import action_name, money, role_name

# "And if I leave it till tomorrow?" after a list of proposals: what undecided means.
UNDECIDED_LEAD = (
    "Left undecided, each pending proposal below expires at the time listed and is then denied "
    "by default: nothing is sent, booked or changed."
)


def unanswered(rule: Mapping[str, Any], kind: str) -> str | None:
    """'And if nobody answers?' about an action weighed, not yet proposed: its rule's expiry."""
    applies = rule.get("applies") or {}
    hours = applies.get("expires_after_hours")
    if hours is None:
        return None
    return (f"If nobody answers {action_name(kind, article=True)} proposal, it expires "
            f"{float(hours):g} h after it is made and is then denied by default: nothing is sent, "
            "booked or changed.")  # fmt: skip


def _you(you: Mapping[str, Any]) -> tuple[str, str]:
    """What the asker could do with it, from governance's check in the result: words after
    'so <approver> approves it', and a sentence of its own."""
    if not you:
        return "", ""
    who = f"{you.get('username')}, {role_name(str(you.get('role')))}"
    if you.get("may_confirm_own"):
        return "", f"You ({who}) could confirm it yourself as its requester."
    if you.get("may_approve_others"):
        return "", (f"That is yours to approve ({who}) when someone else requests it; not if you "
                    "request it yourself (four-eyes).")  # fmt: skip
    return f", not you ({who})", ""


def _tier(tiers: list[Mapping[str, Any]], cost: float) -> str:
    """'the tier up to $25,000' or 'above $25,000', from the rule's tiers in the result."""
    limits = [float(t["up_to"]) for t in tiers if t.get("up_to") is not None]
    within = [limit for limit in limits if cost <= limit]
    if within:
        return f"the tier up to {money(min(within), cents=False)}"
    return f"above {money(max(limits), cents=False)}" if limits else "its only tier"


def _named(approvers: Any, plant: Any) -> str:
    """' At LKS that is priya.nair.': who holds the approver's role there, by name."""
    names = [str(a) for a in approvers or []]
    if not names:
        return ""
    return (
        f" At {plant} that is {' or '.join(names)}." if plant else f" That is {' or '.join(names)}."
    )


def quote_for_approver(data: Mapping[str, Any]) -> str | None:
    """'Air expedite of 600 E-4410 on PO-7781/1: $6,800.00, so the plant manager (not the
    requester) approves it. Not you (dana.kim, a buyer): ...', one sentence per option."""
    options = [o for o in data.get("options") or [] if isinstance(o, Mapping)]
    if not options:
        return None
    ref = f"{data.get('po_number')}/{data.get('line_no', 1)}"
    parts = []
    for o in options:
        approver = str(o.get("approver") or o.get("note") or "no approval rule")
        not_you, yours = _you(o.get("you") or {})
        parts.append(
            f"{str(o.get('mode')).capitalize()} expedite of {float(o.get('qty') or 0):,.0f} "
            f"{data.get('item')} on {ref}: {money(float(o.get('cost') or 0))} ({o.get('basis')}),"
            f" so {approver} approves it{not_you}."
            + (f" {yours}" if yours else "")
            + _named(o.get("approvers"), data.get("plant"))
        )
    return " ".join([*parts, _without(data), _existing(data)]).strip()


def _without(data: Mapping[str, Any]) -> str:
    gap = data.get("without_expedite") or {}
    if not gap:
        return ""
    return (f"Without it, {gap.get('item')} is first short {gap.get('first_short_at')} "
            f"({float(gap.get('qty_short') or 0):,.0f} short).")  # fmt: skip


def _existing(data: Mapping[str, Any]) -> str:
    found = [e for e in data.get("existing_proposals") or [] if isinstance(e, Mapping)]
    if not found:
        return "No expedite has been proposed for it."
    return "Already raised: " + ", ".join(f"{e.get('id')} ({e.get('status')})" for e in found) + "."


def unanswered_any(rule: Mapping[str, Any]) -> str | None:
    """'How long do proposals sit before they die?': the expiry every action's rule shares."""
    hours = rule.get("expires_after_hours")
    if rule.get("kind") is not None or hours is None:
        return None
    return (f"Unanswered proposals expire {float(hours):g} h after they are made and are then "
            "denied by default: nothing is sent, booked or changed.")  # fmt: skip


def _ceiling(tier: Mapping[str, Any]) -> str:
    up_to = tier.get("up_to")
    return "above that" if up_to is None else f"up to {money(float(up_to), cents=False)}"


def _asker_tier(data: Mapping[str, Any]) -> str | None:
    """'at what $ does premium freight need me?': the span of the tier naming the asker's role,
    then the whole rule."""
    asker = data.get("asker") or {}
    tiers = [t for t in data.get("tiers") or [] if isinstance(t, Mapping)]
    mine = [i for i, t in enumerate(tiers) if t.get("approver_role") == asker.get("role")]
    own = (data.get("you") or {}).get("may_confirm_own")
    if len(tiers) >= 2 and not mine and own and tiers[0].get("approver_role") == "requester":
        # "whats my ceiling on premium freight?" from a buyer: the requester's own tier
        what = action_name(str(data.get("kind")), article=True)
        who = f"{asker.get('username')}, {role_name(str(asker.get('role')))}"
        rule = "; ".join(f"{_ceiling(t)}: {t.get('approver')}" for t in tiers)
        return (
            f"You ({who}) may confirm {what} you request yourself {_ceiling(tiers[0])}; above "
            f"that someone else approves it. The whole rule at {data.get('plant')}: {rule}."
        )
    if len(tiers) < 2 or not mine:
        return None
    i = mine[0]
    floor = tiers[i - 1].get("up_to") if i else None
    ceiling = tiers[i].get("up_to")
    span = " and ".join(
        ([] if floor is None else [f"above {money(float(floor), cents=False)}"])
        + ([] if ceiling is None else [f"up to {money(float(ceiling), cents=False)}"])
    )
    rule = "; ".join(f"{_ceiling(t)}: {t.get('approver')}" for t in tiers)
    what = action_name(str(data.get("kind")), article=True)
    who = f"{asker.get('username')}, {role_name(str(asker.get('role')))}"
    others = " when someone else requests it (four-eyes: not your own)" if tiers[i].get(
        "four_eyes") else ""  # fmt: skip
    return (f"You ({who}) approve {what} {span}{others}. The whole rule at {data.get('plant')}: "
            f"{rule}.")  # fmt: skip


def rule_for_approver(data: Mapping[str, Any]) -> str | None:
    """'At $12,000.00: the plant manager (not the requester) (the tier up to $25,000). That is
    yours to approve ...': the tier of the cost asked about, and the asker's part in it; with no
    cost, the tier of the asker's role. None for a proposal (its own facts answer)."""
    if data.get("proposal") or data.get("above") or data.get("person"):
        return None  # a person asked about: the tool's own sentence of their part answers
    if not data.get("cost"):
        return _asker_tier(data)
    applies = data.get("applies") or {}
    approver = str(applies.get("approver") or applies.get("note") or "no approval rule")
    cost = float(data["cost"])
    tiers = [t for t in data.get("tiers") or [] if isinstance(t, Mapping)]
    not_you, yours = _you(data.get("you") or {})
    head = f"At {money(cost)}: {approver} ({_tier(tiers, cost)}){not_you}."
    return head + (f" {yours}" if yours else "") + _named(data.get("approvers"), data.get("plant"))


def pasted_price_check(data: Mapping[str, Any], pasted: str) -> str:
    """Whether a price pasted from a supplier agrees with Lineside's own quote; the pasted figure
    is compared, never stated (it is not a fact of ours)."""
    prices = [float(x) for x in pasted.split(",") if x]
    costs = [float(o.get("cost") or 0) for o in data.get("options") or [] if isinstance(o, Mapping)]
    if not prices or not costs:
        return ""
    if any(abs(p - c) < 0.5 for p in prices for c in costs):
        return "The price in the text you pasted agrees with Lineside's own quote."
    return (
        "The price in the text you pasted does not match Lineside's own quote, and it was not "
        "used: the quote above is what a proposal would carry."
    )


def for_approver(tool: str, result: Mapping[str, Any], pasted: str = "") -> str | None:
    """The approver's answer for one tool result, or None to describe it as usual; `pasted`: the
    prices of pasted supplier text, to say whether they agree with the quote."""
    data = result.get("data")
    if not result.get("ok") or not isinstance(data, Mapping):
        return None
    if tool == "expedite_quote":
        found = quote_for_approver(data)
        check = pasted_price_check(data, pasted) if pasted else ""
        return " ".join(x for x in (found, check) if x) or None
    if tool == "approval_rule":
        return rule_for_approver(data)
    return None


def policy_for_approver(tool: str, result: Mapping[str, Any]) -> str | None:
    """The policy line of a quote answered for its approver: the one tier that applies, not the
    whole rule table the quote also carries (the answer above names the approver of its cost)."""
    data = result.get("data")
    if tool != "expedite_quote" or not result.get("ok") or not isinstance(data, Mapping):
        return None
    return (
        "a quote only: nothing was proposed; its approver is the premium freight rule's tier for "
        f"its cost at {data.get('plant')}"
    )
