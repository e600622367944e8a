"""'How did they do last month?': whom a pronoun means. The supplier the thread named; with
nothing before it, a question back naming the readings (a supplier's record, a plant's KPIs),
never an answer about nobody. And 'how did Lakeside do last month?': the plant's KPIs."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.offline.kpi_words import not_in_catalogue
from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall, plan_kpi, plan_supplier_performance
from agent.offline.slots import periods_in
from agent.offline.vocabulary import Vocabulary
from domain.kpis import find_kpi, list_kpis

# Words that point at someone the thread should have named.
PRONOUN_RE = re.compile(
    r"\b(?:they|them|their|theirs|those guys|these guys|(?:that|this|the same) (?:supplier|"
    r"vendor|plant|site|one))\b",
    re.IGNORECASE,
)
# How someone did or is doing, asked without naming a KPI.
PERFORMANCE_RE = re.compile(
    r"\bhow(?:'s|s| is| are| did| has| have| was| were)\b.*\b(?:do|doing|done|did|perform\w*|"
    r"go|going|gone|fare\w*|look\w*|track\w*)\b|\bperform\w*|\bscorecard\b|\bhow(?:'s|s| is)\b"
    r"\s+\w+\s*\??$",
    re.IGNORECASE,
)
# A plant's KPIs over a period ("how did Lakeside do last month?"), in catalogue names.
PLANT_SCORECARD = ("schedule_adherence", "supplier_otif", "premium_freight_spend")
SUPPLIER_KPIS = frozenset(
    ("supplier_otif", "supplier_on_time", "confirmation_rate", "average_days_late",
     "procurement_cycle_time")
)  # fmt: skip


def _named(m: Mentions) -> bool:
    return bool(m.suppliers or m.supplier_choices or m.items or m.item_choices or m.po_numbers
                or m.lines or m.plants or m.asns or m.lots)  # fmt: skip


def thread_empty(recall: Recall) -> bool:
    """Nothing before this clause in the thread: no entity, no read, no intent."""
    said = recall.intent not in (
        None,
        "clarify",
        "out_of_domain",
        "unknown",
        "chitchat",
        "kpi_unknown",
    )  # a question back or a greeting names no one
    return not (recall.supplier or recall.item or recall.po_number or recall.line
                or recall.proposal or recall.calls or said)  # fmt: skip


def plant_scorecard(text: str, m: Mentions, vocab: Vocabulary) -> Plan | None:
    """'How did Lakeside do last month?': the plant's schedule adherence, supplier OTIF and
    premium freight over the period (each KPI's own default period when none is named)."""
    if len(m.plants) != 1 or m.kpi or m.suppliers or m.items or m.lines or m.po_numbers:
        return None
    if not PERFORMANCE_RE.search(text):
        return None
    periods = periods_in(text, vocab.as_of)
    period: dict[str, Any] = {"period": periods[0]} if periods else {}
    calls = [("kpi_query", {"metric": k, "plant": m.plants[0], **period}) for k in PLANT_SCORECARD]
    return Plan("kpi", calls)


def who_they_are(
    text: str, m: Mentions, plan: Plan, recall: Recall, vocab: Vocabulary, home: str | None
) -> Plan | None:
    """A plan for a clause that leans on a pronoun, where the planned one answers nobody: the
    thread's supplier's record, or (nothing before it) the question back. None: keep `plan`."""
    if not PRONOUN_RE.search(text) or _named(m):
        return None
    nowhere = plan.intent in ("out_of_domain", "unknown") and not plan.calls
    about_supplier = plan.intent in ("kpi", "kpi_compare") and not any(
        a.get("supplier") or a.get("group_by") for _, a in plan.calls
    ) and bool(m.kpis) and set(m.kpis) <= SUPPLIER_KPIS  # fmt: skip
    if nowhere and recall.supplier and PERFORMANCE_RE.search(text):
        return plan_supplier_performance(text, m, recall, vocab)  # "how did they do?"
    if not thread_empty(recall) or not (nowhere or about_supplier):
        return None
    return Plan("clarify", reply=whom_question(text, m, vocab, home))


def whom_question(text: str, m: Mentions, vocab: Vocabulary, home: str | None) -> str:
    """'Whom do you mean ...?', with the readings the words allow, each as a question to ask."""
    periods = [p for p in periods_in(text, vocab.as_of) if not re.search(r"\d", p)]
    when = f" {periods[0]}" if periods else ""  # a figure of the user's is no evidence
    lead = "Whom do you mean? Nothing earlier in our conversation names them."
    if m.kpis:
        what = " and ".join(find_kpi(k).title.removeprefix("Supplier ") for k in m.kpis)
        return (
            f"{lead} Did you mean one supplier's {what}{when} (say which: \"{what} for "
            f'[supplier]{when}"), or every supplier\'s, ranked ("{what} by supplier{when}")?'
        )
    plant = vocab.plants.get(home or "") or home or "your plant"
    return (
        f'{lead} Did you mean a supplier ("how did [supplier] do{when}?": its OTIF, on-time '
        f'%, confirmation rate and days late) or a plant ("how did {plant} do{when}?": its '
        "schedule adherence, supplier OTIF and premium freight)?"
    )


def no_such_kpi(name: str, nearest: str | None) -> str:
    """'Fill rate is not a KPI of the governed catalogue ...', its nearest, and what it has."""
    said = name.upper() if len(name) <= 3 else name[0].upper() + name[1:]
    text = f"{said} is not a KPI of the governed catalogue, so I have no figure for it."
    if nearest is not None:
        title = find_kpi(nearest).title
        text += f' The nearest it has is {title} ("how is {title} calculated?" says how).'
    titles = ", ".join(k.title for k in list_kpis())
    return f"{text} The catalogue's KPIs: {titles}."


COMPARED_RE = re.compile(
    r"\b(?:vs\.?|versus|compared? (?:to|with)|against|which (?:plant|site|supplier)s?|"
    r"(?:better|worse|best|worst|higher|lower)\b)",
    re.IGNORECASE,
)


def nearest_kpi_read(
    text: str, m: Mentions, recall: Recall, vocab: Vocabulary, name: str, nearest: str | None
) -> Plan | None:
    """'Fill rate SAL vs LKS this month', 'which plant has the worst fill rate': a KPI the
    catalogue lacks, asked as a comparison, is read as its nearest catalogue KPI, and said so
    (asked on its own, 'fill rate last month' has no figure: `no_such_kpi`)."""
    compared = len(m.plants) > 1 or COMPARED_RE.search(text) is not None
    if nearest is None or not compared:
        return None
    plan = plan_kpi(text, replace(m, kpi=nearest, kpis=[nearest]), recall, vocab)
    said = name.upper() if len(name) <= 3 else name[0].upper() + name[1:]
    note = (f"{said} is not a KPI of the governed catalogue; here is the nearest it has, "
            f"{find_kpi(nearest).title}.")  # fmt: skip
    return replace(plan, focus={**plan.focus, "kpi_lacking": note}) if plan.calls else None


def reading(
    text: str, m: Mentions, plan: Plan, recall: Recall, vocab: Vocabulary, home: str | None
) -> Plan:
    """The clause's plan, or a better reading of it: a KPI the catalogue lacks said so, a
    plant's KPIs, whom a pronoun means."""
    lacking = not_in_catalogue(text) if m.kpi is None else None
    nearest = nearest_kpi_read(text, m, recall, vocab, *lacking) if lacking else None
    if nearest is not None and plan.act != "request":
        return nearest  # "which plant has the worst fill rate": whatever else the words suggest
    if plan.intent in ("out_of_domain", "unknown") and not plan.calls:
        if lacking is not None:
            return Plan("kpi_unknown", reply=no_such_kpi(*lacking))
        scorecard = plant_scorecard(text, m, vocab)
        if scorecard is not None:
            return scorecard
    return who_they_are(text, m, plan, recall, vocab, home) or plan
