"""'And if they cant do weds?' after a PO date change was asked for: the supplier turning the
change down leaves the PO at its promised date, so the answer is the projection as it stands
(the default supply policy, nothing supposed), led by that assumption; nothing is proposed."""

from __future__ import annotations

import re
from typing import Any

from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall
from agent.offline.vocabulary import Vocabulary

INTENT = "change_refused"
FOCUS_KEY = "change_refused"  # the assumption the answer leads with
CHANGE_TOOLS = ("request_po_date_change",)
REFUSED_RE = re.compile(
    r"\b(?:if|what if|suppose|say|and if)\b[^.?!;]{0,40}?\b(?:they|supplier|vendor|polyform|"
    r"voltaic|saltillo|it)\b[^.?!;]{0,20}?\b(?:can'?t|cannot|won'?t|don'?t|do not|doesn'?t|"
    r"refuses?|says? no|turns? (?:it )?down|declines?|rejects?|pushes? back)\b",
    re.IGNORECASE,
)


def _changed(recall: Recall) -> dict[str, Any] | None:
    """The PO date change the thread's last turn asked for (proposed or offered)."""
    found = next((a for n, a in recall.calls if n in CHANGE_TOOLS), None)
    if found is None and recall.offer and recall.offer.get("tool") in CHANGE_TOOLS:
        found = dict(recall.offer.get("args") or {})
    return found


def supposes_refusal(text: str, recall: Recall) -> bool:
    """Whether the clause supposes the supplier turns down the change the thread asked for."""
    return REFUSED_RE.search(text) is not None and _changed(recall) is not None


def plan_refused(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    change = _changed(recall) or {}
    po = str(change.get("po_number") or recall.po_number or "")
    args: dict[str, Any] = {"horizon": "14d"}
    if po in vocab.po_plants:
        args["plant"] = vocab.po_plants[po]
    if recall.item:
        args["item"] = recall.item
    lead = (f"If the supplier turns the change down, {po or 'the PO'} stays at its promised date "
            "and the projection is the one below (nothing supposed):")  # fmt: skip
    return Plan("shortages", [("shortages", args)], focus={FOCUS_KEY: lead}, act="hypothesise")
