"""A supplier's record asked in verbs rather than a KPI's name: 'how was Voltaic at confirming
back in jan?', 'polyform late deliveries last month', 'how quick is polyform to confirm POs'.
The verb names the catalogue KPI it measures, but only in a question about one supplier's
record: a PO, shipment, lot, item, proposal or quantity named makes it a question about that
thing ('has voltaic confirmed PO-7781?', 'did they confirm the 600?')."""

from __future__ import annotations

import re
from dataclasses import replace

from agent.offline.kpi_words import phrase_words, words
from agent.offline.mentions import Mentions
from domain.kpis.catalogue import find_kpi

# Words of a supplier's conduct (matched in the one form of `kpi_words`), and the KPI measuring it.
RECORD_WORDS: tuple[tuple[str, str], ...] = (
    ("how late", "average_days_late"),
    ("latest", "average_days_late"),
    ("days late", "average_days_late"),
    ("confirming", "confirmation_rate"),
    ("confirmation", "confirmation_rate"),
    ("acknowledging", "confirmation_rate"),
    ("ack", "confirmation_rate"),
    ("late", "supplier_on_time"),
    ("lateness", "supplier_on_time"),
    ("delays", "supplier_on_time"),
    ("delivering", "supplier_otif"),
    ("deliveries", "supplier_otif"),
    ("shipping", "supplier_otif"),
    ("shipped", "supplier_otif"),
)
# A question about how a supplier did: 'how was/is/good/quick', 'at confirming', 'been', a
# record over time ('lately', 'track record').
HOW_THEY_DID_RE = re.compile(
    r"\bhow\s+(?:was|were|is|are|has|have|did|do|does|good|bad|well|badly|quick|quickly|fast|"
    r"slow|often|reliable|reliably|prompt)\b|\b(?:good|bad|quick|fast|slow|better|worse)\s+at\b|"
    r"\bat\s+(?:confirm|acknowledg|deliver|ship)\w*|\blately\b|\brecently\b|\btrack record\b|"
    r"\bbeen\s+(?:confirm|deliver|ship|late)\w*|\bperform\w*\b",
    re.IGNORECASE,
)
# Suppliers ranked by their conduct: 'who's worst at confirming', 'which vendor delivers latest',
# 'who confirms slowest', 'best supplier at shipping on time'.
RANKING_RE = re.compile(
    r"\b(?:who(?:'?s| is| are)?|which (?:suppliers?|vendors?|ones?)|what suppliers?|"
    r"suppliers?|vendors?)\b.*\b(?:worst|best|slowest|fastest|quickest|latest|most|least|"
    r"lowest|highest|poorest|top|bottom)\b|\b(?:worst|best|slowest|fastest|latest|poorest)\s+"
    r"(?:suppliers?|vendors?|at\b|in\b)",
    re.IGNORECASE,
)


def ranks_suppliers(text: str, m: Mentions) -> bool:
    """The question ranks suppliers by a measure of their conduct, naming none of them."""
    return not m.suppliers and bool(RANKING_RE.search(text)) and record_kpi(text) is not None


def ranks_by_kpi(text: str, m: Mentions) -> bool:
    """'conf rate for my saltillo POs last 30d, who's worst': a supplier KPI named, and who
    ranks worst or best at it asked, naming no supplier, plant or line to rank instead."""
    if m.suppliers or m.kpi is None or not RANKING_RE.search(text):
        return False
    if re.search(r"\b(?:plants?|sites?|lines?|items?|families|months?)\b", text, re.IGNORECASE):
        return False
    return "supplier" in find_kpi(m.kpi).dimensions and m.kpi != "line_stop_risk_hours"


def record_kpi(text: str) -> str | None:
    """The KPI a verb of a supplier's conduct names ('at confirming': the confirmation rate)."""
    found = words(text)
    for said, kpi in RECORD_WORDS:
        phrase = phrase_words(said)
        n = len(phrase)
        if any(tuple(found[i : i + n]) == phrase for i in range(len(found) - n + 1)):
            return kpi
    return None


def with_record_kpi(text: str, m: Mentions, timed: bool) -> Mentions:
    """The clause's mentions with the KPI its verbs name, when it asks how one supplier did
    (`timed`: it names a period); otherwise as they are."""
    if m.kpi is None and ranks_suppliers(text, m):  # 'who's worst at confirming?'
        ranked = str(record_kpi(text))
        return replace(m, kpi=ranked, kpis=[ranked])
    if m.kpi is not None or len(m.suppliers) != 1:
        return m
    # A shipment spotted by its supplier's name ('polyform deliveries') is no thing over a period.
    about_a_thing = (m.po_numbers or (m.asns and not timed) or m.lots or m.lot_choices
                     or m.items or m.item_choices or m.proposals or m.quantities
                     or m.money)  # fmt: skip
    if about_a_thing or not (timed or HOW_THEY_DID_RE.search(text)):
        return m
    kpi = record_kpi(text)
    return m if kpi is None else replace(m, kpi=kpi, kpis=[kpi])
