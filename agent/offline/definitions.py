"""A KPI's definition asked for ('define premium freight pls', 'how do you calculate OTIF', 'is
OTIF just on-time % times in-full %?', 'what counts as late for OTIF'): the catalogue's
definition and formula, read through kpi_query (the catalogue is the one place they live), and
no figure, of that KPI or of another one the question mentions."""

from __future__ import annotations

import re
from datetime import datetime

from agent.offline.mentions import Mentions
from agent.offline.planners import CANT, Plan, Recall
from agent.offline.slots import kpi_period, periods_in
from agent.offline.vocabulary import Vocabulary

# Words that ask what a KPI is, however it is written next to them.
DEFINE_RE = re.compile(
    r"\b(?:how|hw)(?:\s+(?:do|does|did|is|are|would|should|r)|['’]?s)\s+(?:\w+\s+){0,4}?(?:calc|"
    r"comput|work(?:ed)?\s+out|measur|defin|figur|count|deriv|scor)\w*|"
    r"\bwhat (?:does|do|did|is)\b.*\b(?:mean|stand for)\b|\bdefin(?:e|ed|ition|ing)\b|"
    r"\bmeaning\b|\bformula\b|\bwhat (?:counts|is counted|gets counted|'?s counted) as\b|"
    r"\bwhat(?:'s| is) considered\b|\bhow .* calculated\b|\bwhat goes into\b",
    re.IGNORECASE,
)
# Questions about what a KPI is that only mean that when nothing else is named: 'is OTIF just
# on-time times in-full?', 'does OTIF count partial deliveries?', 'explain days of supply'.
LOOSE_DEFINE_RE = re.compile(
    r"^\W*(?:(?:so|and|but|wait|hm+)[,]?\s+)?(?:is|are|does|do)\s+(?:\w+[\s%-]+){0,4}?(?:just|"
    r"simply|only|basically|really|the same as|same as|includ\w*|count\w*|cover\w*|exclud\w*)\b|"
    r"^\W*(?:pls\s+|please\s+|can you\s+|could you\s+)?explain\b",
    re.IGNORECASE,
)


# Two KPIs set side by side as ideas: 'what's the difference between OTIF and on-time %?'.
PERIOD_FOCUS = "period_meant"  # the period word whose dates the definition also says
# "what does 'last month' mean right now", "which dates is this week"
PERIOD_MEANING_RE = re.compile(
    r"\bwhat (?:does|do|is|'s) ([\"“'‘]?(?:last|this|previous|prior|past|the last) \w+(?: \d+ "
    r"\w+)?[\"”'’]?) (?:mean|cover|count|stand for|refer to)|"
    r"\bwhich (?:dates|days) (?:is|are|does) ([\"“'‘]?(?:last|this) \w+[\"”'’]?)",
    re.IGNORECASE,
)
DIFFERENCE_RE = re.compile(
    r"\bdiff(?:erence|erent|\b)|\bhow (?:is|does) .* differ\b|\bsame (?:thing|as)\b", re.I
)


def asks_definition(text: str, m: Mentions, now: datetime | None) -> bool:
    """Whether the clause asks what a KPI is (how it is calculated), not its value."""
    if DEFINE_RE.search(text):
        return True
    named = m.suppliers or m.plants or m.items or m.lines or m.po_numbers or periods_in(text, now)
    if DIFFERENCE_RE.search(text) and len(m.kpis) > 1 and not named:
        return True
    return LOOSE_DEFINE_RE.search(text) is not None and not named


def recalled_kpi(recall: Recall) -> str | None:
    """The KPI the thread's previous ask read ('how is that calculated?')."""
    return next((str(a["metric"]) for n, a in recall.calls
                 if n in ("kpi_query", "kpi_compare") and a.get("metric")), None)  # fmt: skip


def plan_definition(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The KPI asked about is the first one named ('is OTIF just on-time % ...' is OTIF), else
    the one the thread just read; its catalogue entry, answered without a figure."""
    if DIFFERENCE_RE.search(text) and len(m.kpis) > 1:  # "OTIF vs on-time %?": both defined
        calls = [("kpi_query", {"metric": k}) for k in m.kpis]
        return Plan("kpi", calls, focus={"define": m.kpis[0]})
    kpi = m.kpis[0] if m.kpis else m.kpi or recalled_kpi(recall)
    if kpi is None:
        return Plan("unknown", reply=CANT)
    said = PERIOD_MEANING_RE.search(text)
    period = kpi_period(text, vocab.as_of).period if said else None
    if said and period:  # "... and what does 'last month' mean right now": its dates too
        return Plan("kpi", [("kpi_query", {"metric": kpi, "period": period})],
                    focus={"define": kpi, PERIOD_FOCUS: said[1].strip(" '\"“”‘’")})  # fmt: skip
    return Plan("kpi", [("kpi_query", {"metric": kpi})], focus={"define": kpi})
