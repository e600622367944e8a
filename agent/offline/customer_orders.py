"""'Which customer orders get hit first?': the shortages (of the thread's item or line, else the
plant's) with the customer orders their work orders serve, earliest first. A WO's customer order
is pegged in the projection; nothing here guesses one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall, ToolCall
from agent.offline.vocabulary import Vocabulary
from domain.formatting import plant_time

INTENT = "customer_orders"
FOCUS_KEY = "customer_orders"
ASKS_RE = re.compile(
    r"\bcustomer(?:s|'s)?\s+(?:orders?|releases?|deliveries|shipments?)\b|"
    r"\bwhich customers?\b|\bwhose orders?\b|\bwhat customers?\b",
    re.IGNORECASE,
)


def asks_customer_orders(text: str) -> bool:
    return ASKS_RE.search(text) is not None


def plan_customer_orders(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The shortages read before (or the plant's, the item or line named), answered by the
    customer orders their WOs serve."""
    args: dict[str, Any] = {"horizon": "14d"}
    if len(m.items) == 1:
        args["item"] = m.items[0]
    elif len(m.lines) == 1:
        args["line"] = m.lines[0]
    elif len(m.plants) == 1:
        args["plant"] = m.plants[0]
    else:
        before = next((a for n, a in recall.calls if n == "shortages"), None)
        if before is not None:
            args = {k: v for k, v in before.items() if k in ("horizon", "item", "line", "plant")}
        elif recall.item:
            args["item"] = recall.item
    calls: list[ToolCall] = [("shortages", args)]
    return Plan("shortages", calls, focus={FOCUS_KEY: "yes"})


def customer_orders_text(data: list[Mapping[str, Any]], timezones: Mapping[str, str]) -> str | None:
    """'Customer orders hit, earliest first: CO-1001 (WO-SEAT1-0304-0600, E-4410 from Wed
    2026-03-04 06:00), ...'; None when no WO hit names one."""
    hits: list[tuple[str, str, str, str]] = []
    for shortage in data:
        zone = timezones.get(str(shortage.get("plant", "")), "UTC")
        for p in shortage.get("pegged") or []:
            if p.get("customer_order"):
                at = str(p["start"])
                hits.append((at, str(p["customer_order"]), str(p["work_order"]),
                             f"{shortage['item']} at {plant_time(at, zone)}"))  # fmt: skip
    if not hits:
        return None
    seen: dict[str, str] = {}
    for _, order, wo, what in sorted(hits, key=lambda h: datetime.fromisoformat(h[0])):
        seen.setdefault(order, f"{order} ({wo}, short of {what})")
    listed = list(seen.values())
    more = f"; {len(listed) - 10} more" if len(listed) > 10 else ""
    return "Customer orders hit, earliest first: " + "; ".join(listed[:10]) + more + "."
