"""A work order named by its time and product rather than its number, moved or wondered about
('could we run the 7am seat frames later?', 'push the armrest run on SEAT1 this morning to the
afternoon').

Three steps, each on the data of the one before: the day's work orders of the line (or of the
plant, when the product says which line) give the WO meant; the resequence rule (`approval_rule`,
the domain's frozen horizon) says whether it starts inside the frozen horizon; only a request for
a WO outside it is proposed, as the slot swap the resequence path already makes. A WO inside the
horizon is named with the horizon's end and nothing is proposed; a hypothetical one only answers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agent.offline.compose import Observation
from agent.offline.mentions import Mentions, local_now
from agent.offline.planners import Pending, Plan, ToolCall
from agent.offline.slots import FIRST_SHIFT_HOUR, KEEP_BEFORE_RE, KEEP_TODAY_RE, clock_in, day_in
from agent.offline.vocabulary import Vocabulary
from domain.scheduling.frozen import is_frozen

RULE_TOOL = "approval_rule"
READ_TOOL = "clear_to_build"
PROPOSE_TOOL = "propose_resequence"
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"

# Parts of the day, as hours on the plant's clock [from, to).
DAY_PARTS: tuple[tuple[str, tuple[int, int]], ...] = (
    (r"\bthis morning\b|\bthe morning\b|\bmorning\b|\bam run\b", (0, 12)),
    (r"\b(?:this |the )?afternoon\b|\blunch ?time\b|\bafter lunch\b", (12, 18)),
    (r"\b(?:this |the )?evening\b|\btonight\b|\bnight\b", (18, 24)),
    (r"\b(?:first|1st|a|day|early) shift\b", (6, 14)),
    (r"\b(?:second|2nd|b|late|back) shift\b", (14, 22)),
)
CLOCK_RE = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b|\b(\d{1,2}):(\d{2})\b|"
    # "the vega wo at 10 today", "the 10 o'clock run": a bare hour of the plant's day
    r"(?:\bat|@|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\s*(\d{1,2})(?=\s*(?:today|tomorrow|"
    r"tmrw|tmr|tonight|this\b|on\b|o'?clock|[,.?!]|$)|\s+(?:for|instead|and|then|to|till|until|so|(?:\w+\s+)?(?:job|run|wo))\b)|"
    r"\b(\d{1,2})\s*o'?clock\b",
    re.I,
)
# Words that move a run in time, and which way.
MOVE_RE = re.compile(
    r"\b(?:push\w*|mov\w*|delay\w*|bump\w*|slid\w*|shift(?:ed|ing)\b|"
    r"shifts?\s+(?:it|them|the|that|this|those|these|all|everything)\b|postpon\w*|reschedul\w*|pull\w*|"
    r"bring\w*|brought|run\w*\b.*\b(?:later|earlier|after|before)|"
    r"start\w*\b(?=.*\b(?:at \d|instead|later|earlier|after|before)\b))\b",
    re.IGNORECASE,
)
EARLIER_RE = re.compile(r"\b(?:earlier|sooner|forward|ahead|pull\w* (?:\w+ )*?in|up)\b", re.I)
LATER_RE = re.compile(r"\b(?:later|back|out|after|delay\w*|postpon\w*)\b", re.IGNORECASE)
TO_RE = re.compile(r"\b(?:to|into|till|until)\s+(?:the\s+)?(.+)$", re.IGNORECASE)
# A run named as such: 'the 7am run', 'the armrest job', 'the orion batch'.
RUN_RE = re.compile(r"\b(?:runs?|jobs?|ones?|batch(?:es)?|builds?|wos?|work orders?|slots?)\b",
                    re.I)  # fmt: skip
# A job key: the run is only asked about (its frozen horizon), never moved.
CHECK = "check"
# The other run of a swap asked about: 'swap it with the 2pm one', 'trade places with 2pm'.
OTHER_RE = re.compile(r"\b(?:swap|switch|trade|exchang|flip|instead)\w*|\bone\b", re.I)
# Words that make a move a PO's delivery, not a line's run.
DELIVERY_RE = re.compile(
    r"\b(?:deliver\w*|shipment|receipt|due date|promised|purchase order|po|asn|truck)\b", re.I
)


def _clock(found: re.Match[str]) -> str:
    bare = found[6] or found[7]
    if bare:
        hour = int(bare)
        return f"{hour + 12 if hour < FIRST_SHIFT_HOUR else hour:02d}:00"
    if found[3]:
        hour = int(found[1]) % 12 + (12 if found[3].lower() == "pm" else 0)
        return f"{hour:02d}:{int(found[2] or 0):02d}"
    return f"{int(found[4]):02d}:{found[5]}"


def _part(text: str) -> tuple[int, int] | None:
    return next((hours for words, hours in DAY_PARTS if re.search(words, text, re.I)), None)


def _products(m: Mentions, vocab: Vocabulary) -> list[str]:
    """The items a clause names as what the run makes or uses ('seat frames', 'the armrest')."""
    return list(dict.fromkeys([*m.items, *m.item_choices]))


def _model_words(text: str, vocab: Vocabulary) -> list[str]:
    """Words of the clause that are a model or product word of a line's items ('orion', 'vega')."""
    built = {c for e in vocab.spotter.directory.entities("line") for c in e.related}
    said = set(re.findall(r"[a-z]+", text.lower()))
    words = {w for c in built for w in vocab.items.get(c, "").lower().split()}
    return sorted(w for w in words if w in said and len(w) > 3)


def described_move(text: str, m: Mentions, vocab: Vocabulary) -> dict[str, Any] | None:
    """The run a clause moves, as data: its clock time or part of the day, the products named,
    the day, and where it goes ('later', 'earlier', a part of the day, a clock time); None when
    the clause moves no run named by time and product."""
    # "propose one for seat1, nothing before the B shift": a bound on a resequence, not a run
    text = KEEP_BEFORE_RE.sub("", KEEP_TODAY_RE.sub("", text))
    # "could we swap the 10am vega door run with something?": one run named, swapped with any
    alone = re.search(r"\bswap\w*\b", text, re.I) and len(CLOCK_RE.findall(text)) == 1
    return described_run(text, m, vocab) if MOVE_RE.search(text) or alone else None


def described_run(text: str, m: Mentions, vocab: Vocabulary) -> dict[str, Any] | None:
    """A run named by its time and product, line or 'job', moved or only asked about ('is the
    10am door panel job inside the frozen window?'); None when the clause names none."""
    text = KEEP_BEFORE_RE.sub("", KEEP_TODAY_RE.sub("", text))  # a bound, not a run named
    if m.po_numbers or m.asns or m.proposals or DELIVERY_RE.search(text):
        return None
    if re.search(r"\bWO-", text, re.I):
        return None  # a WO by its number: the resequence and frozen-horizon paths know it
    clocks = list(CLOCK_RE.finditer(text))
    rest = text[clocks[0].end() :] if clocks else text
    target = TO_RE.search(rest)
    to_words = target.group(1) if target else ""
    source = text[: len(text) - len(rest) + (target.start() if target else len(rest))]
    part = _part(source) if not clocks else None
    products = _products(m, vocab)
    words = _model_words(source, vocab)
    if not (clocks or part) or not (products or words or m.lines or RUN_RE.search(text)):
        return None
    to: dict[str, Any] = {}
    later_clock = [c for c in clocks[1:]]
    if later_clock:
        to["clock"] = _clock(later_clock[0])
    elif (hours := _part(to_words)) and to_words:
        to["hours"] = list(hours)
    elif EARLIER_RE.search(text):
        to["way"] = "earlier"
    elif LATER_RE.search(text):
        to["way"] = "later"
    return {
        "move": True,
        "clock": _clock(clocks[0]) if clocks else None,
        "hours": list(part) if part else None,
        "items": products,
        "words": words,
        "said": (clocks[0][0] if clocks else "") or source.strip(),
        "to": to,
    }


def plan_move(text: str, m: Mentions, vocab: Vocabulary, job: dict[str, Any], act: str) -> Plan:
    """Read the day's WOs of the line named (else of the plant the products are made at)."""
    line = m.lines[0] if len(m.lines) == 1 else None
    plant = line.split("-", 1)[0] if line else (m.plants[0] if len(m.plants) == 1 else None)
    now = local_now(vocab.as_of, vocab.plant_timezones.get(plant or "")) if plant else vocab.as_of
    day = day_in(text, now) if now is not None else None
    day = day or (now.date() if now is not None else None)
    read: dict[str, Any] = {"line": line} if line else ({"plant": plant} if plant else {})
    if day is not None:
        read["date"] = day.isoformat()
    reason = f"planner request: {text.strip()}"[:500]
    then = Pending(PROPOSE_TOOL, {"reason": reason}, act=act, named=line or "", jobs=(job,))
    return Plan("wo_move", [(READ_TOOL, read)], act=act, then=then)


def is_move(pending: Pending | None) -> bool:
    return pending is not None and any(j.get("move") for j in pending.jobs)


def plan_check(text: str, m: Mentions, vocab: Vocabulary, job: dict[str, Any], act: str) -> Plan:
    """A run asked about by its time and product ('is the 10am door panel job inside the frozen
    window?'): the day's WOs, then the resequence rule; never a proposal, whatever the act."""
    return replace(plan_move(text, m, vocab, {**job, CHECK: True}, act), intent="frozen_horizon")


def is_check(pending: Pending | None) -> bool:
    return pending is not None and any(j.get(CHECK) for j in pending.jobs)


def with_other(plan: Plan, text: str) -> Plan | None:
    """'...? could we swap it with the 2pm one?': the other run of the check before, by its
    clock; None when the clause names no such run."""
    pending = plan.then
    if pending is None or not is_check(pending) or pending.jobs[0].get("to"):
        return None
    clocks = list(CLOCK_RE.finditer(text))
    if len(clocks) != 1 or not OTHER_RE.search(text):
        return None
    job = {**pending.jobs[0], "to": {"clock": _clock(clocks[0])}}
    return replace(plan, then=replace(pending, jobs=(job,)))


def _rows(observations: list[Observation]) -> list[dict[str, Any]]:
    rows = next((o.result.get("data") for o in observations if o.tool == READ_TOOL), None)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _at(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(row["start"]))


def _clock_of(row: dict[str, Any]) -> str:
    """A row's start as 'HH:MM' on its plant's clock, from the typed time (never its text)."""
    at = row.get("start_at_plant")
    return "" if at is None else datetime.fromisoformat(str(at)).strftime("%H:%M")


def _uses(row: dict[str, Any], job: dict[str, Any], vocab: Vocabulary | None) -> bool:
    """The row makes one of the products named, or uses one (its BOM: `used_in`)."""
    items, words = job.get("items") or [], job.get("words") or []
    if not items and not words:
        return True
    item = str(row.get("item"))
    parents = vocab.used_in if vocab is not None else {}
    if items:
        return item in items or any(item in parents.get(c, ()) for c in items)
    described = (vocab.items.get(item, "") if vocab is not None else "").lower().split()
    return all(w in described for w in words)


def _in_time(row: dict[str, Any], job: dict[str, Any], line_rows: list[dict[str, Any]]) -> bool:
    """It starts at the clock time named or is the run going then; or starts in the part named."""
    start = _clock_of(row)
    if job.get("clock"):
        later = [_clock_of(r) for r in line_rows if _clock_of(r) > start]
        return start == job["clock"] or start < job["clock"] < min(later, default="24:00")
    hours = job.get("hours") or []
    return len(hours) == 2 and hours[0] <= int(start[:2]) < hours[1]


def candidates(
    observations: list[Observation], job: dict[str, Any], vocab: Vocabulary | None = None
) -> list[dict[str, Any]]:
    """The day's WOs that fit the run described, by time first, then by product."""
    read = next((o.args for o in observations if o.tool == READ_TOOL), {})
    rows = sorted((r for r in _rows(observations)
                   if not read.get("line") or r.get("line") == read["line"]), key=_at)  # fmt: skip
    by_line: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_line.setdefault(str(r.get("line")), []).append(r)
    timed = [r for r in rows if _in_time(r, job, by_line[str(r.get("line"))])]
    fits = [r for r in timed if _uses(r, job, vocab)]
    if not fits and job.get("items") and job.get("words"):  # "the vega wo": the model, not an
        fits = [r for r in timed if _uses(r, {"words": job["words"]}, vocab)]  # item called vega
    uses = job.get("uses")
    if len(fits) > 1 and uses:  # "foam's short wed 10 ... start that vega job at 11": the one
        using = [r for r in fits if _uses(r, {"items": [uses]}, vocab)]  # that uses the foam
        fits = using or fits
    return fits or ([] if job.get("items") or job.get("words") else timed)


def using_item(plan: Plan, before: list[Plan]) -> Plan:
    """A move whose run was pointed back at, told the item the ask before it was about (of two
    runs at that time, the one that uses it)."""
    item = next((a["item"] for x in reversed(before) for _, a in x.calls if a.get("item")), None)
    if item is None or plan.then is None or not plan.then.jobs or plan.then.jobs[0].get("items"):
        return plan
    jobs = ({**plan.then.jobs[0], "uses": item}, *plan.then.jobs[1:])
    return replace(plan, then=replace(plan.then, jobs=jobs))


def _rule(observations: list[Observation]) -> dict[str, Any] | None:
    """The resequence rule read for the move (with each line's frozen horizon), not another
    rule the same message asked for ('..., can i approve that': the whole policy)."""
    for o in observations:
        data = o.result.get("data") if o.tool == RULE_TOOL and o.result.get("ok") else None
        if isinstance(data, dict) and data.get("kind") == "resequence":
            return data
    return None


def _frozen_until(rule: dict[str, Any], line: str) -> datetime | None:
    found = next((f for f in rule.get("frozen") or [] if f.get("line") == line), None)
    return datetime.fromisoformat(str(found["until"])) if found and found.get("until") else None


def _local(at: datetime, timezone: str | None) -> str:
    return at.astimezone(ZoneInfo(timezone)).strftime(LOCAL_FORMAT) if timezone else str(at)


def _named(rows: list[dict[str, Any]]) -> str:
    return "; ".join(f"{r['work_order']} ({r.get('item')}, {r.get('line')}, "
                     f"{r.get('start_local')})" for r in rows)  # fmt: skip


def _target(row: dict[str, Any], job: dict[str, Any], rows: list[dict[str, Any]]) -> Any:
    """The WO whose slot the run takes: the next (or previous) of its line, the first in the
    part of the day named, or the one at the clock time named."""
    line_rows = sorted((r for r in rows if r.get("line") == row.get("line")), key=_at)
    to = job.get("to") or {}
    after = [r for r in line_rows if _at(r) > _at(row)]
    before = [r for r in line_rows if _at(r) < _at(row)]
    if to.get("clock"):
        return next((r for r in line_rows if _clock_of(r) == to["clock"]), None)
    if to.get("hours"):
        low, high = to["hours"]
        return next((r for r in line_rows if r is not row and low <= int(_clock_of(r)[:2]) < high),
                    None)  # fmt: skip
    if to.get("way") == "earlier":
        return before[-1] if before else None
    return after[0] if after else None


def step(plan: Plan, observations: list[Observation], vocab: Vocabulary) -> Plan | None:
    """The next call of a move, or the question back; None once there is nothing to call."""
    pending = plan.then
    assert pending is not None
    job = pending.jobs[0]
    if any(o.tool == PROPOSE_TOOL for o in observations):
        return None
    fits = candidates(observations, job, vocab)
    rule = _rule(observations)
    if not _rows(observations) and any(o.tool == READ_TOOL for o in observations):
        return None  # the read failed or found no WOs: the answer says what it found
    if not fits:
        said = job.get("said") or "that"
        return Plan("clarify", reply=f"I found no work order that fits “{said}” on that day. "
                    "Which one do you mean? Name it by its number, e.g. 'move "
                    "WO-SEAT1-0303-0600 later'.", act=pending.act)  # fmt: skip
    if is_check(pending):  # asked, never moved: every line's horizon at the WOs' plant
        plant = str(fits[0].get("line")).split("-", 1)[0]
        read = [(RULE_TOOL, {"kind": "resequence", "plant": plant})]
        return None if rule is not None else Plan("frozen_horizon", read, act=pending.act,
                                                  then=pending)  # fmt: skip
    lines = {str(r.get("line")) for r in fits}
    if rule is None:
        args: dict[str, Any] = {"kind": "resequence"}
        if len(lines) > 1:  # runs on several lines: their plant's horizons, before asking which
            args |= {"plant": str(fits[0].get("line")).split("-", 1)[0]}
        elif len(fits) == 1:
            args |= {"work_order": fits[0]["work_order"]}
        else:
            args |= {"line": lines.pop()}
        return Plan("wo_move", [(RULE_TOOL, args)], act=pending.act, then=pending)
    if all(_inside(r, rule) for r in fits):
        return None  # every WO meant starts inside the frozen horizon: the answer says so
    if len(fits) > 1:
        return Plan("clarify", reply=f"Which run do you mean: {_named(fits)}?", act=pending.act)
    call = move_call(pending, fits[0], observations)
    if call is None and (job.get("to") or {}).get("clock"):
        return Plan("clarify", reply=_no_slot(fits[0], str(job["to"]["clock"]), observations),
                    act=pending.act)  # fmt: skip
    if call is None:
        return Plan("clarify", reply=f"Where should {fits[0]['work_order']} go: later, earlier, "
                    "to the afternoon, or to a time such as 6pm?", act=pending.act)  # fmt: skip
    if pending.act != "request":
        return None  # a hypothetical: the facts answer, the swap is offered
    return Plan("resequence", [call], act=pending.act, then=pending)


def _no_slot(row: dict[str, Any], clock: str, observations: list[Observation]) -> str:
    """No run of the line starts at the time asked: a run moves into another's slot (a swap) or
    the scheduler resequences the line; the slots of that day are named."""
    slots = [f"{r['work_order']} at {_clock_of(r)}" for r in sorted(_rows(observations), key=_at)
             if r.get("line") == row.get("line") and r is not row]  # fmt: skip
    return (f"No run on {row.get('line')} starts at {clock} that day, and I can only move "
            f"{row['work_order']} ({row.get('start_local')}) into another run's slot (they swap) "
            "or let the scheduler resequence the line; a run is not started at a new time of "
            f"its own. Which slot should it take: {', '.join(slots) or 'none that day'}? Or say "
            f"'resequence {row.get('line')}'.")  # fmt: skip


def move_call(
    pending: Pending, row: dict[str, Any], observations: list[Observation]
) -> ToolCall | None:
    """The slot swap that moves the WO where the words say, as the resequence path makes it."""
    target = _target(row, pending.jobs[0], sorted(_rows(observations), key=_at))
    if target is None or target["work_order"] == row["work_order"]:
        return None
    first, second = sorted((row, target), key=_at)
    sequence = [second["work_order"], first["work_order"]]  # each takes the other's slot
    args = {**pending.args, "line": row["line"], "sequence": sequence}
    return PROPOSE_TOOL, args


def offer(plan: Plan, observations: list[Observation], vocab: Vocabulary) -> dict[str, Any] | None:
    """What a yes next turn would propose after a hypothetical move outside the horizon."""
    pending = plan.then
    if not is_move(pending) or pending is None or pending.act == "request":
        return None
    fits = candidates(observations, pending.jobs[0], vocab)
    rule = _rule(observations)
    if len(fits) != 1 or rule is None:
        return None
    if is_check(pending):
        asked = pending.jobs[0].get("to")
        target = _target(fits[0], pending.jobs[0], sorted(_rows(observations), key=_at))
        if not asked or target is None or _inside(fits[0], rule) or _inside(target, rule):
            return None  # only a swap asked about, of two runs outside the horizon, is offered
    elif _inside(fits[0], rule):
        return None
    call = move_call(replace(pending, act="request"), fits[0], observations)
    return {"tool": call[0], "args": call[1]} if call else None


def focus(plan: Plan, observations: list[Observation], vocab: Vocabulary) -> dict[str, str]:
    """What the answer leads with: the WO(s) found, and the frozen horizon where it stops a move."""
    pending = plan.then
    if not is_move(pending) or pending is None:
        return {}
    fits = candidates(observations, pending.jobs[0], vocab)
    if not fits:
        return {}
    said = "The work order you described: " if len(fits) == 1 else "The work orders that fit: "
    found: dict[str, str] = {"resolved": said + _named(fits) + "."}
    rule = _rule(observations)
    if is_check(pending):
        found["resolved"] = _check_words(pending.jobs[0], fits, rule, observations, vocab)
    elif rule is not None and all(_inside(r, rule) for r in fits):
        horizons = []
        for line in dict.fromkeys(str(r.get("line")) for r in fits):
            until = _frozen_until(rule, line)
            assert until is not None  # every run is inside its line's horizon
            zone = vocab.plant_timezones.get(line.split("-", 1)[0])
            hours = next((f.get("hours") for f in rule.get("frozen") or []
                          if f.get("line") == line), None)  # fmt: skip
            span = f"the first {float(hours):g} h, " if hours is not None else ""
            horizons.append(f"{line}'s frozen horizon ({span}until {_local(until, zone)})")
        which = "It starts" if len(fits) == 1 else "They start"
        found["resolved"] += (
            f" {which} inside {' and '.join(horizons)}, where nothing moves, so I have "
            "proposed nothing. A run that starts after it can be moved."
        )
    elif pending.act != "request" and len(fits) == 1:
        call = move_call(replace(pending, act="request"), fits[0], observations)
        if call is not None:
            found["resolved"] += (
                " It starts after the frozen horizon, so it could move: "
                f"{' and '.join(call[1]['sequence'])} would swap slots. Nothing was proposed; "
                "say 'do it' and I will propose that swap (the plant manager approves a "
                "resequence)."
            )
    return found


def _inside(row: dict[str, Any], rule: dict[str, Any]) -> bool:
    until = _frozen_until(rule, str(row.get("line")))
    return until is not None and is_frozen(_at(row), until)


def _check_words(
    job: dict[str, Any],
    fits: list[dict[str, Any]],
    rule: dict[str, Any] | None,
    observations: list[Observation],
    vocab: Vocabulary,
) -> str:
    """Each run asked about (and the one it would swap with): its start, its line's frozen
    horizon, so whether it may move; nothing is proposed for a question."""
    rows = sorted(_rows(observations), key=_at)
    target = _target(fits[0], job, rows) if len(fits) == 1 and job.get("to") else None
    said: list[str] = []
    for row in [*fits, *([target] if target is not None else [])]:
        line = str(row.get("line"))
        until = _frozen_until(rule, line) if rule else None
        head = f"{row['work_order']} ({row.get('item')}, {line}) starts {row.get('start_local')}"
        if until is None:
            said.append(head + ".")
            continue
        zone = vocab.plant_timezones.get(line.split("-", 1)[0])
        hours = next((f.get("hours") for f in (rule or {}).get("frozen") or []
                      if f.get("line") == line), None)  # fmt: skip
        span = f"the first {float(hours):g} h, " if hours is not None else ""
        horizon = f"{line}'s frozen horizon ({span}until {_local(until, zone)})"
        said.append(
            f"{head}: inside {horizon}, so it may not move."
            if is_frozen(_at(row), until)
            else f"{head}: after {horizon}, so it may move, subject to the plant manager's "
            "approval of a resequence."
        )
    if target is not None and rule is not None:
        both = [fits[0], target]
        said.append(
            "So they cannot swap: a swap moves both, and nothing inside the frozen horizon moves."
            if any(_inside(r, rule) for r in both)
            else "Both are outside the frozen horizon, so they could swap; say 'do it' and I "
            "will propose it (the plant manager approves a resequence)."
        )
    return " ".join(said) + " Nothing was proposed."


# "foam's short wed 10 ... just start that vega job at 11 instead": the run pointed back at.
THAT_RUN_RE = re.compile(
    r"\b(?:that|this|the same|the)\s+((?:\w+\s+)?(?:job|run|wo|batch|build))\b", re.IGNORECASE
)
DAY_WORD_RE = re.compile(
    r"\b(?:today|tonight|tomorrow|tmrw|tmr|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\b", re.I
)
DAY_CLOCK_RE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b",
    re.IGNORECASE,
)


def with_run_before(clause: str, before: str) -> str:
    """A clause pointing back at a run ('that vega job') with the day and time the clause before
    it named put in its place, so the run is found by them; else the clause as it is."""
    pointed = THAT_RUN_RE.search(clause)
    if pointed is None or DAY_CLOCK_RE.search(clause) or CLOCK_RE.search(clause[: pointed.end()]):
        return clause
    said = DAY_CLOCK_RE.search(before)
    at = clock_in(before)  # "door1 runs dry at 10 doesnt it. can we swap the vega run out"
    if said is not None:
        said_at = said[0].strip()
    elif at is not None:
        said_at = f"{at[0]:02d}:{at[1]:02d}"
    else:
        return clause
    day = DAY_WORD_RE.search(before) if said is None and not DAY_WORD_RE.search(clause) else None
    if day is not None:  # "seat1 is dry at 10 tmrw isnt it": that day's run
        said_at = f"{day[0]} {said_at}"
    run = f"the {said_at} {pointed.group(1)}"
    return clause[: pointed.start()] + run + clause[pointed.end() :]
