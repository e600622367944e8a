"""'seat1 run rate and wo size', 'how many shifts does lks run', 'whats the changeover on
seat1', 'what lines does saltillo have', 'which plants are we running and what do they make':
the plant's master data (`plant_profile`), written from the typed result with what was asked
first and the rest in brief. The frozen horizon is not asked here: it is the resequence rule's
(`frozen_horizon`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from agent.offline.acts import clause_act
from agent.offline.mentions import Mentions
from agent.offline.planners import Plan, Recall, _line, line_building
from agent.offline.vocabulary import Vocabulary
from tools.read_plant import changeover_words, shift_words
from tools.result_data import LineProfileFact, PlantProfileFact, PlantProfiles

INTENT = "plant_profile"
TOOL = "plant_profile"
FOCUS_PREFIX = "profile_"  # one focus key per aspect asked ('profile_rate'), merged across clauses

# What a clause may ask of a plant's master data, each by its words.
RATE_RE = re.compile(
    r"\brun ?rates?\b|\b(?:line|production|output|build|run) rates?\b|\bper h(?:ou)?r\b|"
    r"\b(?:an|a|each|every|per) h(?:ou)?r\b|/ ?h(?:r|our)?\b|\bhow fast\b|\bthroughput\b|"
    r"\bspeed\b|\bcycle time\b|\btakt\b|\buph\b|\bcapacity\b",
    re.IGNORECASE,
)
BARE_RATE_RE = re.compile(r"\brates?\b", re.IGNORECASE)  # "the rate on seat1": a line's rate
WO = r"(?:wo|w/o|work ?order|job|batch|lot|run|build)"
WO_SIZE_RE = re.compile(
    rf"\b{WO}s? ?(?:size|sizes|qty|qtys|quantity|quantities)\b|"
    rf"\bsize of (?:a|the|each|one|our) {WO}s?\b|"
    rf"\bhow (?:big|large) (?:is|are) (?:a |the |our |each )?(?:\w+ )?{WO}s?\b|"
    rf"\bhow many\b.{{0,30}}\b(?:per|in an?|in each|in one|each|a) {WO}\b|"
    r"\b(?:per|each|a) (?:wo|work ?order)\b",
    re.IGNORECASE,
)
SHIFT_RE = re.compile(
    r"\b(?:how|hw|hm) many shifts?\b|\b(?:what|which|wat) shifts?\b|"
    r"\bshifts? (?:pattern|schedule|times?|calendar|hours|length|model|plan|structure|rota|"
    r"roster|start|end|begin|finish)s?\b|"
    r"\bwhen (?:does|do|is) (?:the )?(?:\w+ )?shifts? (?:start|end|begin|finish|change|over)\b|"
    r"\bwork(?:ing)? (?:hours|days|time|week|calendar|pattern)\b|\bwork ?days?\b|"
    r"\boperating (?:hours|days|calendar)\b|\bhours of operation\b|"
    r"\b(?:production |plant |line |shop |shift )?calendar\b|"
    r"\b(?:run|work|open|operate)\w* (?:on )?(?:the )?(?:weekends?|saturdays?|sundays?)\b|"
    r"\bweekend (?:shifts?|work|production)\b|\b24/7\b|\bhours (?:a|per) (?:week|day)\b",
    re.IGNORECASE,
)
SHIFTS_RE = re.compile(r"\bshifts\b", re.IGNORECASE)
# "the next two shifts", "this shift": a span of time, not the calendar asked about.
SHIFT_TIME_RE = re.compile(
    r"\b(?:next|coming|following|this|current|last|previous|within|over|two|three|four|\d+)"
    r"\s+(?:\w+\s+)?shifts?\b",
    re.IGNORECASE,
)
CHANGEOVER_RE = re.compile(
    r"\bchange ?-?overs?\b|\bset-?up (?:time|minutes)s?\b|\bset-?ups?\b|"
    r"\bswitch(?:ing)?(?: over)? (?:time|between (?:models|products|families))\b|"
    r"\bmodel (?:change|switch)\w*\b|\bhow long (?:does it take )?to switch\b",
    re.IGNORECASE,
)
# "how many changeovers this week": the schedule's changeovers, counted, not the rule.
CHANGEOVER_COUNT_RE = re.compile(r"\bhow many (?:change ?-?overs|set-?ups)\b", re.IGNORECASE)
PLANT_WORDS = r"(?:plants|sites|factories|facilities|locations)"
PLANTS_RE = re.compile(
    rf"\b(?:what|which|wich|how many|list|all|name)(?: (?:of )?(?:the|our))? {PLANT_WORDS}\b|"
    rf"\b(?:our|the) {PLANT_WORDS}\b|\bplants? (?:do )?we (?:have|run|operate|got)\b|"
    r"\bwhere (?:do|are) we (?:make|build|produc|manufactur)\w*\b",
    re.IGNORECASE,
)
LINES_RE = re.compile(
    r"\b(?:what|which|wich|how many|list|all|name)(?: (?:of )?(?:the|our|its|their))? "
    r"(?:production |assembly )?lines\b(?! (?:are|is|will|would|could|get|got|were|run out))|"
    r"\blines? (?:do|does|did) (?:\w+ ){1,3}(?:have|run|operate|got)\b|"
    r"\b(?:what|which) lines? (?:are|is) (?:at|in|there)\b",
    re.IGNORECASE,
)
MAKES_RE = re.compile(
    r"\bwh?at (?:do|does|did|r|are) (?:\w+ ){1,3}(?:make|makes|making|build|builds|building|"
    r"produce|produces|producing|manufacture|manufactures|assemble|assembles)\b|"
    r"\bwhat(?:'s| is| are| gets) (?:made|built|produced|manufactured|assembled)\b|"
    r"\bwhat products\b|\bproduct (?:mix|range|line-?up|portfolio)\b|\bwho makes what\b",
    re.IGNORECASE,
)
ALL_RE = re.compile(
    r"\btell me about\b|\b(?:overview|profile|specs?|details|master data|rundown|basics|"
    r"summary) (?:of|on|for|about)\b|\b(?:line|plant|site) (?:profile|specs?|details|info|"
    r"overview|data|master data)\b|\bspecs\b|\bwhat(?:'s| is) (?:the )?\w+ (?:line )?like\b",
    re.IGNORECASE,
)
ASPECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("plants", PLANTS_RE),
    ("lines", LINES_RE),
    ("makes", MAKES_RE),
    ("rate", RATE_RE),
    ("wo_size", WO_SIZE_RE),
    ("shifts", SHIFT_RE),
    ("changeover", CHANGEOVER_RE),
    ("all", ALL_RE),
)
# Words of another ask: coverage, the schedule's own runs, an order or shipment, an action, a
# KPI, the frozen horizon (the resequence rule's).
OTHER_ASK_RE = re.compile(
    r"\bshort\w*|\bshortges\b|\brun(?:ning)? out\b|\bclear to build\b|\bctb\b|\bclear\b|"
    r"\benough\b|\bcovered\b|\brisk\w*|\blate\b|\bdelay\w*|\bfrozen\b|\bfrozn\b|\bfreeze\b|"
    r"\bresequenc\w*|\bre-sequenc\w*|\bsequence\b|\bswap\w*|\bmove\b|\bshuffle\b|\bpull\w* "
    r"(?:ahead|forward|in)\b|\bpropos\w*|\bapprov\w*|\bexpedit\w*|\bescalat\w*|\btransfer\w*|"
    r"\bstop\w*|\bhit\b|\bimpact\w*|\bhold\b|\bheld\b|\bdowntime\b|\bcost\w*|\blose\b|"
    r"\bsav(?:e|es|ing)\b|\botif\b|\badherence\b|\bstatus\b|\bpos?\b|\bpurchase\b|"
    r"\bsuppl(?:y|ier|iers)\b|\bvendors?\b|\bshipment\w*|\basns?\b|\bdeliver\w*|\barriv\w*|"
    r"\blands?\b|\bwhy\b|\bworst\b|\bbest\b|\brank\w*|\bcompare\b|\bvs\.?\b|\bversus\b|"
    r"\bspend\w*|\bfreight\b|\bkpis?\b",
    re.IGNORECASE,
)
SCHEDULED_RE = re.compile(
    r"\b(?:vs\.?|versus|compared? (?:to|with)|against)\s+(?:what(?:'?s| is)\s+|the\s+)?"
    r"(?:scheduled|planned|booked|loaded)\b",
    re.IGNORECASE,
)
# A day named with 'run' or 'make' asks what the schedule runs that day, not the product range.
SCHEDULE_DAY_RE = re.compile(
    r"\b(?:today|tomorrow|tmrw|tonight|monday|tuesday|wednesday|thursday|friday|mon|tue|tues|"
    r"wed|thu|thurs|fri|next week|this week)\b",
    re.IGNORECASE,
)
LINE_ASPECTS = ("rate", "wo_size", "shifts", "changeover")


def asked_aspects(text: str, m: Mentions | None = None) -> list[str]:
    """The aspects of the plant's master data the clause asks, in ASPECTS' order."""
    found = []
    for name, pattern in ASPECTS:
        if name == "shifts":
            hit = SHIFT_RE.search(text) is not None or (
                SHIFTS_RE.search(text) is not None and SHIFT_TIME_RE.search(text) is None
            )
        elif name == "rate":
            lined = m is not None and bool(m.lines)
            hit = pattern.search(text) is not None or (
                lined and BARE_RATE_RE.search(text) is not None
            )
        elif name == "changeover":
            hit = pattern.search(text) is not None and not CHANGEOVER_COUNT_RE.search(text)
        elif name == "makes":
            hit = pattern.search(text) is not None and not SCHEDULE_DAY_RE.search(text)
        elif name == "all":
            hit = pattern.search(text) is not None and m is not None and bool(m.lines or m.plants)
        else:
            hit = pattern.search(text) is not None
        if hit:
            found.append(name)
    return found


def asks_plant_profile(text: str, m: Mentions) -> bool:
    """A plant's or line's master data asked: rate, WO size, shifts, changeover, its lines,
    the plants, what they make; not an order, a shipment, a lot or a supplier's things, not a
    shortage, a schedule's runs, an action or a KPI."""
    if m.po_numbers or m.asns or m.proposals or m.lots or m.lot_choices or m.kpi or m.kpis:
        return False
    if m.suppliers or m.supplier_choices:
        return False
    # "capacity per shift vs whats scheduled": the line's rate set against its WOs, still this
    text = SCHEDULED_RE.sub("", text)
    if OTHER_ASK_RE.search(text) or clause_act(text) not in ("ask", "request"):
        return False
    aspects = asked_aspects(text, m)
    if (m.items or m.item_choices) and not {"wo_size", "rate"} & set(aspects):
        return False  # "which plant ships T-3105": the item's supply, not the plant's profile
    return bool(aspects)


def _recalled(recall: Recall) -> dict[str, Any] | None:
    """The plant or line the previous plant_profile call read ('and the changeover?')."""
    return next((dict(a) for n, a in reversed(recall.calls) if n == TOOL), None)


def plan_plant_profile(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """The plant_profile call for the line or plant named (a product names the line that builds
    it), else the one read before it, else every plant in the asker's scope."""
    focus = {f"{FOCUS_PREFIX}{a}": "yes" for a in asked_aspects(text, m)}
    line = _line(m, vocab)
    if isinstance(line, Plan):
        return line  # "seat": which line; an unknown line: the lines there are
    if line is None and (m.items or m.item_choices):
        line = line_building(m, vocab, text)
        if line is None:
            return Plan(
                "clarify",
                reply="Work-order sizes and rates are per line: which line builds it? For "
                "example: 'wo size on SEAT1'.",
            )
    if line is not None:
        return Plan(INTENT, [(TOOL, {"line": line})], focus=focus)
    if m.plants:
        return Plan(INTENT, [(TOOL, {"plant": plant}) for plant in m.plants], focus=focus)
    before = _recalled(recall)
    return Plan(INTENT, [(TOOL, before if before is not None else {})], focus=focus)


# ---------------------------------------------------------------- the answer


def focus_aspects(focus: Mapping[str, str]) -> list[str]:
    """The aspects a plan's focus says were asked ('profile_rate': 'yes')."""
    return [k.removeprefix(FOCUS_PREFIX) for k in focus if k.startswith(FOCUS_PREFIX)]


def _and(parts: Iterable[str]) -> str:
    said = list(parts)
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def _sizes(ln: LineProfileFact) -> str:
    """'WOs of 210 each (3.5 h at 60/h) for FS-ORN-H (...) and FS-VEG (...)'."""
    sizes = ln.work_order_sizes
    if not sizes:
        return "no work orders to size"
    if len({(s.qty, s.hours) for s in sizes}) == 1:
        s = sizes[0]
        items = _and(f"{x.item} ({x.description})" for x in sizes)
        return f"WOs of {s.qty:,.0f} each ({s.hours:g} h at {ln.rate_per_hour:g}/h) for {items}"
    each = _and(f"{s.item} {s.qty:,.0f} ({s.hours:g} h)" for s in sizes)
    return f"WO sizes at {ln.rate_per_hour:g}/h: {each}"


def _shift_count(ln: LineProfileFact) -> str:
    n = len(ln.shifts)
    return f"{n} shift{'s' if n != 1 else ''}"


def _calendar(ln: LineProfileFact, zone: str, per_line: bool = False) -> str:
    week = f"{ln.hours_per_week:g} h a week" + (" per line" if per_line else "")
    return f"{_shift_count(ln)}, {shift_words(ln)} ({zone} time), {week}"


def _line_lead(ln: LineProfileFact, asks: list[str], zone: str, shifts: bool) -> str:
    """One sentence of what was asked of the line: rate, WO size, shifts, changeover."""
    parts = []
    if "rate" in asks:
        parts.append(f"runs {ln.rate_per_hour:g}/h")
    if "wo_size" in asks:
        parts.append(_sizes(ln))
    if "shifts" in asks and shifts:
        parts.append(_calendar(ln, zone))
    if "changeover" in asks:
        parts.append(f"changeover {changeover_words(ln)}")
    return f"{ln.line} ({ln.name}): " + "; ".join(parts)


def _makes(p: PlantProfileFact) -> str:
    if not p.makes:
        return f"{p.plant} ({p.name}) has no work orders on its lines"
    made = _and(f"{x.item} ({x.description})" for x in p.makes)
    return f"{p.plant} ({p.name}) makes {made}, on {_and(ln.line for ln in p.lines)}"


def _lines(p: PlantProfileFact) -> str:
    n = len(p.lines)
    listed = _and(f"{ln.line} ({ln.name}, {ln.rate_per_hour:g}/h)" for ln in p.lines)
    return f"{p.plant} {p.name} ({p.timezone}) has {n} line{'s' if n != 1 else ''}: {listed}"


def _brief(ln: LineProfileFact, asked: set[str]) -> str:
    """The line's facts not asked, in a few words."""
    parts = []
    if "rate" not in asked:
        parts.append(f"{ln.rate_per_hour:g}/h")
    if "wo_size" not in asked and ln.work_order_sizes:
        sizes = dict.fromkeys(f"{s.qty:,.0f} ({s.hours:g} h)" for s in ln.work_order_sizes)
        parts.append("WOs of " + " or ".join(sizes))
    if "shifts" not in asked:
        parts.append(f"shifts {shift_words(ln)}")
    if "changeover" not in asked:
        parts.append(f"changeover {changeover_words(ln)}")
    parts.append(f"frozen horizon {ln.frozen_hours:g} h")
    return ", ".join(parts)


def _plant_answer(p: PlantProfileFact, asked: list[str], one_line: bool) -> list[str]:
    """What was asked of the plant first, then each line's other facts in brief."""
    lead: list[str] = []
    whole = "all" in asked
    if "plants" in asked or (whole and not one_line):
        lead += [_lines(p), _makes(p)]
    else:
        lead += [_lines(p)] if "lines" in asked else []
        lead += [_makes(p)] if "makes" in asked else []
    asks = list(LINE_ASPECTS) if whole and one_line else [a for a in asked if a in LINE_ASPECTS]
    # one calendar for the plant when every line keeps the same one
    shared = "shifts" in asks and len(p.lines) > 1 and len({shift_words(x) for x in p.lines}) == 1
    if shared:
        every = _and(x.line for x in p.lines)
        calendar = _calendar(p.lines[0], p.timezone, per_line=True)
        lead.append(f"{p.plant} runs {calendar}, on each of its {len(p.lines)} lines ({every})")
    if [a for a in asks if a != "shifts" or not shared]:
        lead += [_line_lead(ln, asks, p.timezone, not shared) for ln in p.lines]
    if not lead:  # nothing this answer can name was asked: the lines as a whole
        lead.append(_lines(p))
    out = [s.rstrip(".") + "." for s in lead]
    rest = set(asks)
    if one_line and whole:
        out.append(f"Frozen horizon {p.lines[0].frozen_hours:g} h.")
    elif one_line and asks:
        out.append(f"Also on {p.lines[0].line}: {_brief(p.lines[0], rest)}.")
    else:
        out += [f"- {ln.line} ({ln.name}): {_brief(ln, rest)}." for ln in p.lines]
    return out


def describe_profile(result: Mapping[str, Any], asked: Iterable[str] = ()) -> str:
    """The profile with what was asked first (rate and WO size, the shifts, the changeover,
    the lines, what the plants make), then each line's other facts in brief."""
    try:
        o = PlantProfiles.model_validate(result.get("data"))
    except ValidationError:
        return str(result.get("summary", ""))
    if not o.plants:
        return "No plant in your scope has lines to describe."
    wanted = [name for name, _ in ASPECTS if name in set(asked)] or ["all"]
    out: list[str] = []
    if "plants" in wanted:  # "which plants are we running": those of the asker's scope, first
        n = len(o.plants)
        listed = _and(f"{p.plant} ({p.name})" for p in o.plants)
        out += [f"{n} plant{'s' if n != 1 else ''} in your scope: {listed}.", ""]
    for i, p in enumerate(o.plants):
        if i:
            out.append("")
        out += _plant_answer(p, wanted, one_line=o.line is not None and len(p.lines) == 1)
    return "\n".join(out).strip()
