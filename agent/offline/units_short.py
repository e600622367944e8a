"""'If voltaic never ships the 600, how many orion seats are we short by friday night?': how
many units of a product its work orders cannot build for want of a short component.

The shortages of the horizon asked (through the day said) are read under the policy asked;
the answer adds up, per work order making that product, the largest quantity short of any of
its components (one seat needs one module: a WO 210 short of modules builds 210 seats fewer).
The sum is the composer's arithmetic, recorded in the ledger with its inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from agent.offline import ledger
from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.slots import supply_policy_in
from agent.offline.vocabulary import Vocabulary

INTENT = "units_short"
FOCUS_KEY = "units_of"  # the product whose units short the answer adds up
ASKS_RE = re.compile(
    r"\bhow many\b[^.?!;]{0,50}\b(?:short|at risk|can'?t (?:build|make)|cannot (?:build|make)|"
    r"lost|lose|missing|without|down|not built|won'?t (?:get )?(?:built|made))\b",
    re.IGNORECASE,
)


def _products(m: Mentions, vocab: Vocabulary) -> list[str]:
    """The items named that work orders make (a finished good), not components."""
    made = {parent for parents in vocab.used_in.values() for parent in parents}
    return [c for c in m.items if c in made]


def asks_units_short(text: str, m: Mentions, vocab: Vocabulary) -> bool:
    return ASKS_RE.search(text) is not None and len(_products(m, vocab)) == 1


def plan_units_short(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    from agent.offline.planners import plan_shortages  # the horizon and plant words, as there

    product = _products(m, vocab)[0]
    asked = plan_shortages(text, m, recall, vocab)
    args: dict[str, Any] = {**(asked.calls[0][1] if asked.calls else {"horizon": "14d"})}
    args.pop("item", None)  # the product's components, whichever is short
    args |= supply_policy_in(text)
    return Plan("shortages", [("shortages", args)], focus={FOCUS_KEY: product})


def units_short_text(data: list[Mapping[str, Any]], product: str) -> str:
    """'1,080 FS-ORN-H short over 6 WOs (WO-..: 30, ...)', from the pegged WOs making it."""
    worst: dict[str, float] = {}
    for shortage in data:
        for p in shortage.get("pegged") or []:
            if p.get("item") == product:
                wo = str(p["work_order"])
                worst[wo] = max(worst.get(wo, 0.0), float(p.get("qty_short") or 0))
    if not worst:
        return f"No work order making {product} is short in that horizon."
    wos = sorted(worst)
    total = ledger.total([worst[w] for w in wos])
    n = ledger.count(wos)
    each = ", ".join(f"{w} {worst[w]:,.0f}" for w in wos)
    return (f"{total:,.0f} {product} cannot be built for want of a short component, over {n} "
            f"work orders ({each}).")  # fmt: skip
