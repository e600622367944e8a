"""Slots of a clause: days and horizons (relative to the plant's as-of clock), KPI periods and
comparisons, number words, money and freight modes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from agent.offline.number_words import to_digits as number_words_to_digits

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY = (
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)"
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = (
    r"(january|february|febuary|feburary|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
SHIFT_HOURS = 8  # LKS runs two 8-hour shifts; "a shift" in a horizon means eight hours
FIRST_SHIFT_HOUR = 6  # shift A starts at 06:00, B at 14:00 (DOMAIN.md's LKS calendar)
SHIFT_NAMES = ("a", "b")
UNIT_HOURS = {"hour": 1, "hr": 1, "h": 1, "shift": SHIFT_HOURS, "day": 24, "week": 168}
Comparison = Literal["previous", "portfolio"]


def digits(text: str) -> str:
    """Number words as digits ('two days' -> '2 days', 'a couple of days' -> '2 days')."""
    text = re.sub(r"\ba couple(?: of)?\b", "2", text, flags=re.I)
    text = re.sub(r"\ba few\b", "3", text, flags=re.I)
    text = re.sub(r"\b(?:a|an|one)\s+(?=(?:hour|shift|day|week)\b)", "1 ", text, flags=re.I)
    return str(number_words_to_digits(text))


def _weekday_after(now: datetime, name: str, next_week: bool, timed: bool = False) -> date:
    target = WEEKDAYS.index(name.lower()[:3])
    if next_week:  # "next Thursday": the Thursday of next week, not this one
        monday = now.date() - timedelta(days=now.weekday()) + timedelta(days=7)
        return monday + timedelta(days=target)
    ahead = (target - now.weekday()) % 7
    # 'on Monday' said on a Monday is next Monday, but 'the mon 10:00 run' is today's
    return now.date() + timedelta(days=ahead or (0 if timed else 7))


def day_in(text: str, now: datetime | None) -> date | None:
    """The day a clause names: YYYY-MM-DD, today, tomorrow, (next) weekday, 'March 5', 'in 2
    days', counted from `now` (the plant's as-of wall clock)."""
    written = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if written:
        return date(int(written[1]), int(written[2]), int(written[3]))
    if now is None:
        return None
    lowered = digits(text.lower())
    # "mon 3/9", "by 3/5": month/day as the demo's plants write it, in the as-of year
    slashed = re.search(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", lowered)
    if slashed and 1 <= int(slashed[1]) <= 12:
        try:
            return date(now.year, int(slashed[1]), int(slashed[2]))
        except ValueError:
            pass  # "24/7", "3/40": no day
    if re.search(r"\bday after tomorrow\b", lowered):
        return (now + timedelta(days=2)).date()
    if re.search(r"\b(?:tomorrow|tmrw|tmr|tomorow|tommorow|2moro)\b", lowered):
        return (now + timedelta(days=1)).date()
    if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", lowered):
        return now.date()
    found = re.search(rf"\b(next\s+|this\s+|coming\s+)?{WEEKDAY}\b", lowered)
    if found:
        next_week = bool(found[1] and found[1].startswith("next"))
        return _weekday_after(now, found[2], next_week, clock_in(text) is not None)
    dated = re.search(rf"\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", lowered) or re.search(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b", lowered
    )
    if dated:
        month_word, day_word = (
            (dated[1], dated[2]) if not dated[1].isdigit() else (dated[2], dated[1])
        )
        month = MONTHS.index(month_word[:3]) + 1
        year = now.year if month >= now.month - 6 else now.year + 1
        try:
            return date(year, month, int(day_word))
        except ValueError:
            return None
    ahead = re.search(r"\bin (\d+) days?\b", lowered)
    if ahead:
        return (now + timedelta(days=int(ahead[1]))).date()
    return None


def clock_in(text: str) -> tuple[int, int] | None:
    """A time of day written in the clause ('14:00', '2pm', 'at 10', 'ten o'clock', 'noon'),
    as (hour, minute)."""
    if re.search(r"\b(?:noon|midday)\b", text, re.I):
        return (12, 0)
    if re.search(r"\bo'?clock\b", text, re.I):
        text = digits(text)
    found = re.search(r"\b(\d{1,2}):(\d{2})\b", text)
    if found:
        hour, minute = int(found[1]), int(found[2])
    else:
        found = re.search(r"\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)", text, re.I)
        if found:
            hour, minute = int(found[1]) % 12 + (12 if found[2].lower().startswith("p") else 0), 0
        else:
            found = re.search(
                r"\bat (\d{1,2})(?:h| o'?clock)?\b(?![-/\d])|\b(\d{1,2}) o'?clock\b", text, re.I
            )
            if found is None:
                return None
            hour, minute = int(found[1] or found[2]), 0
            if 1 <= hour < FIRST_SHIFT_HOUR:  # "at 3 today": before the first shift, so 15:00
                hour += 12
    return (hour, minute) if hour < 24 and minute < 60 else None


def shift_end(now: datetime, name: str | None = None) -> datetime:
    """The end of the shift running at `now` (or of shift A/B today): 14:00, 22:00 ..."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if name:
        return midnight + timedelta(
            hours=FIRST_SHIFT_HOUR + SHIFT_HOURS * (SHIFT_NAMES.index(name) + 1)
        )
    boundary = midnight + timedelta(hours=FIRST_SHIFT_HOUR)
    while boundary <= now:
        boundary += timedelta(hours=SHIFT_HOURS)
    return boundary


LIMIT_RE = re.compile(
    r"\b(by|until|till|til|thru|through|before|up to|no later than)\s+(?:the\s+)?(.{1,40})"
)


def limit_in(text: str, now: datetime) -> datetime | None:
    """The time a clause sets as a limit, on the plant's wall clock: 'by Thursday' (its end),
    'before Wednesday' (its start), 'until tomorrow 10am', 'by noon', 'end of shift', 'EOD'."""
    lowered = digits(text.lower())
    ranged = re.search(rf"\b{WEEKDAY}\s*(?:-|–|to|thru|through|till|until)\s*{WEEKDAY}\b", lowered)
    if ranged:  # "wed-fri", "tue thru thu": to the end of the later day
        last = day_in(ranged[2], now)
        if last is not None:
            return datetime.combine(last + timedelta(days=1), time(0), now.tzinfo)
    named_shift = re.search(r"\bend of (?:the |this |my |current )?shift(?: ([ab])\b)?", lowered)
    if named_shift or re.search(r"\bshift change\b", lowered):
        return shift_end(now, named_shift[1] if named_shift else None)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if re.search(r"\b(?:end of (?:the )?day|eod|close of business|cob)\b", lowered):
        that_day = day_in(lowered, now) or now.date()
        return datetime.combine(that_day + timedelta(days=1), time(0), now.tzinfo)
    found = LIMIT_RE.search(lowered)
    if found is None:
        return None
    word, tail = found[1], found[2]
    if re.match(r"(?:the )?weekend\b", tail):
        return midnight + timedelta(days=5 - now.weekday())  # Saturday 00:00
    day = day_in(tail, now)
    clock = clock_in(tail)
    if clock is not None:
        end = datetime.combine(day or now.date(), time(*clock), now.tzinfo)
        return end + timedelta(days=1) if day is None and end <= now else end
    if day is None:
        return None
    if re.search(r"\bmorning\b", tail):
        return datetime.combine(day, time(12), now.tzinfo)
    if word == "before":
        return datetime.combine(day, time(0), now.tzinfo)
    return datetime.combine(day + timedelta(days=1), time(0), now.tzinfo)


def horizon_in(text: str, now: datetime | None) -> str | None:
    """A look-ahead horizon ('8h', '48h', '162h') the clause names, else None.

    'this shift'/'next shift' is eight hours, 'two days' 48 hours, 'this week' runs to Sunday
    midnight, 'by Wednesday' to the end of that day — all from the plant's as-of wall clock.
    """
    lowered = digits(text.lower())
    whole_week = re.search(r"\b(?:whole|entire|full|all|rest of the) (?:week|wk)\b", lowered)
    if whole_week and now is not None:  # "good for the whole week", whatever "before wed" says
        monday = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(now.weekday())
        return f"{int((monday + timedelta(days=7) - now).total_seconds() // 3600)}h"
    limit = limit_in(text, now) if now is not None else None
    if limit is not None and now is not None and limit > now:
        return f"{max(1, int((limit - now).total_seconds() // 3600))}h"
    spans: list[int] = []
    for n, unit in re.findall(
        r"\b(?:next|coming|within|in|over|for)?\s*(?:the\s+)?(?:next\s+)?"
        r"(\d+)\s*(hours?|hrs?|h|shifts?|days?|weeks?)\b",
        lowered,
    ):
        spans.append(int(n) * UNIT_HOURS[unit.rstrip("s") if unit != "hrs" else "hr"])
    if re.search(r"\b(?:this|next|the|current|coming|1)\s+shift\b", lowered):
        spans.append(SHIFT_HOURS)
    if spans:
        return f"{max(spans)}h"  # "the next shift or two days": the longer one
    if now is None:
        return None
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    ends = [
        (r"\b(?:today|tonight|rest of the day)\b", midnight + timedelta(days=1)),
        (r"\b(?:tomorrow|tmrw|tmr)\b", midnight + timedelta(days=2)),
        (r"\b(?:next|nxt) (?:week|wk)\b", midnight + timedelta(days=14 - now.weekday())),
        (
            r"\b(?:this week|the week|this wk|the wk|rest of the (?:week|wk)|week|wk)\b",
            midnight + timedelta(days=7 - now.weekday()),
        ),
    ]
    for pattern, end in ends:
        if re.search(pattern, lowered):
            return f"{int((end - now).total_seconds() // 3600)}h"
    return None


@dataclass(frozen=True)
class KpiPeriod:
    """The period a KPI question names, and what it compares it with, if anything."""

    period: str | None = None
    compare: Comparison | None = None
    against: str | None = None  # an explicit second period ('January vs February')


def _month_period(word: str, now: datetime, year: str | None) -> str:
    month = MONTHS.index(word[:3]) + 1
    y = int(year) if year else (now.year if month <= now.month else now.year - 1)
    return f"{y}-{month:02d}"


def _quarter_period(q: str, now: datetime, year: str | None) -> str:
    n = int(q)
    current = (now.month - 1) // 3 + 1
    y = int(year) if year else (now.year if n <= current else now.year - 1)
    return f"{y}-q{n}"


SINCE_BEFORE_RE = re.compile(r"\bsince\s+(?:the\s+\w+\s+of\s+)?$")


def _since_month(word: str, now: datetime, year: str | None) -> str:
    """'Since December': from that month's first day to today, inclusive, as dates."""
    return f"{_month_period(word, now, year)}-01..{now.date().isoformat()}"


def periods_in(text: str, now: datetime | None) -> list[str]:
    """Every KPI period the clause names, in the words the KPI tools take, in order."""
    lowered = re.sub(r"\bqtr\b", "quarter", digits(text.lower()))  # "last qtr"
    lowered = re.sub(r"\bwk\b", "week", re.sub(r"\bmth\b|\bmo\b", "month", lowered))  # "last wk"
    lowered = re.sub(r"\b(\d+)\s*d\b", r"\1 days", lowered)  # "last 30d": thirty days
    found: list[tuple[int, str]] = []
    patterns: list[tuple[str, object]] = [
        (
            r"\b(?:last|past|previous)\s+(\d+)\s+(days?|weeks?)\b",
            lambda m: f"last {m[1]} {m[2] if m[2].endswith('s') or m[1] != '1' else m[2]}",
        ),
        (r"\b(?:last|past|previous)\s+(\d+)\s+months?\b", lambda m: f"last {int(m[1]) * 30} days"),
        (r"\b(?:next|coming)\s+(\d+)\s+(days?|weeks?)\b", lambda m: f"next {m[1]} {m[2]}"),
        (r"\b(?:this|current)\s+(quarter|month|week|year)\b", lambda m: f"this {m[1]}"),
        (r"\b(?:last|previous|prior)\s+(quarter|month|week|year)\b", lambda m: f"last {m[1]}"),
        (r"\b(?:ytd|year[- ]to[- ]date)\b", lambda m: "this year"),
        (rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?{MONTH}(?:\s+(\d{{4}}))?\b", None),
        (r"\bq([1-4])(?:\s*(?:of\s+)?'?(\d{4}))?\b", None),
        (rf"\b{MONTH}(?:\s+(\d{{4}}))?\b(?!\s+\d{{1,2}}\b)", None),
        (r"\b(\d{4}-\d{2})\b(?!-)", lambda m: m[1]),
        (r"\b(?:today|yesterday)\b", lambda m: m[0]),
    ]
    for pattern, make in patterns:
        for m in re.finditer(pattern, lowered):
            if make is None and now is None:
                continue
            if pattern.startswith(r"\bq"):
                value = _quarter_period(m[1], now, m[2])  # type: ignore[arg-type]
            elif pattern.startswith(r"\bsince"):  # "since december": its first day to today
                value = _since_month(m[1], now, m[2])  # type: ignore[arg-type]
            elif make is None and SINCE_BEFORE_RE.search(lowered[: m.start()]):
                continue  # the month of "since december", read above
            elif make is None:
                if m[1] == "may" and not re.search(r"\bin may\b|\bmay\s+\d{4}\b", lowered):
                    continue  # "may" is usually the verb
                value = _month_period(m[1], now, m[2])  # type: ignore[arg-type]
            else:
                value = make(m)  # type: ignore[operator]
            found.append((m.start(), value))
    return list(dict.fromkeys(v for _, v in sorted(found)))


# Two periods weighed by how the figure moved: 'which got worse, jan or feb', 'from q4 to q1'.
MOVED_RE = re.compile(
    r"\b(?:better|worse|improv\w*|slipp?\w*|declin\w*|drop\w*|ris\w+|rose|fell|went (?:up|down)|"
    r"chang\w*|differ\w*|higher|lower|or)\b|\bfrom\b.+\bto\b"
)
COMPARE_RE = re.compile(r"\b(?:vs\.?|versus|compared? (?:to|with)|against|relative to|than)\b")
PORTFOLIO_RE = re.compile(
    r"\b(?:portfolio|everyone|every(?:body| other supplier)|all (?:the )?(?:other )?suppliers|"
    r"the rest|other suppliers|(?:the|an?|supplier|industry|company|overall) average|benchmark|"
    r"overall)\b"
)
PREVIOUS_RE = re.compile(
    r"\b(?:vs\.?|versus|compared? (?:to|with)|against|than)\s+(?:the\s+)?(?:last|previous|prior|"
    r"one before|week before|month before|quarter before|year before)\b|"
    r"\bperiod over period\b|\b(?:mom|qoq|wow)\b|\bchanged? since\b|\btrend\b"
)


def kpi_period(text: str, now: datetime | None) -> KpiPeriod:
    """The KPI period of a clause and its comparison: previous period, portfolio or a second one."""
    lowered = text.lower()
    periods = periods_in(text, now)
    compares = COMPARE_RE.search(lowered) is not None
    if compares and PORTFOLIO_RE.search(lowered):
        return KpiPeriod(periods[0] if periods else None, "portfolio")
    if len(periods) >= 2 and (compares or " and " in lowered or MOVED_RE.search(lowered)):
        return KpiPeriod(periods[0], "previous", periods[1])
    if periods and PREVIOUS_RE.search(lowered):
        return KpiPeriod(periods[0], "previous")
    return KpiPeriod(periods[0] if periods else None)


def quantities_in(text: str) -> list[float]:
    """Plain quantities ('the 600', 'two hundred'), without ids, money, dates or clock times."""
    rest = re.sub(r"\$\s?\d[\d,.]*k?|\b\d[\d,.]*\s?(?:k|usd|dollars)\b", " ", text, flags=re.I)
    rest = re.sub(
        r"\b[A-Za-z]{1,5}-[\w-]+\b|\b\d{4}-\d{2}(?:-\d{2})?\b|\b\d{1,2}:\d{2}\b", " ", rest
    )
    rest = re.sub(
        r"\b\d+\s*(?:am|pm|h|hrs?|hours?|days?|weeks?|shifts?|%)\b", " ", rest, flags=re.I
    )
    rest = re.sub(rf"\b{MONTH}\s+\d{{1,2}}\b|\bq[1-4]\b", " ", rest, flags=re.I)
    rest = str(number_words_to_digits(rest)) if re.search(r"[a-z]", rest) else rest
    rest = re.sub(
        r"\b\d+\s*(?:am|pm|h|hrs?|hours?|days?|weeks?|shifts?|%)\b", " ", rest, flags=re.I
    )
    return [
        float(n.replace(",", ""))
        for n in re.findall(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])", rest)
    ]


MONEY_RE = re.compile(
    r"(?:\$|\busd\s?|\bus\$\s?)\s?(\d[\d,]*(?:\.\d+)?)\s*(k|grand)?\b|"  # "USD 4,200" too
    r"\b(\d[\d,]*(?:\.\d+)?)\s*(k|grand|usd|dollars|bucks)\b|"
    # "costs 6800", "quoted at 6,800", "paying about 4200": a price without its dollar sign
    r"\b(?:costs?|costing|priced at|quoted(?: at)?|quote of|pay(?:ing)?|spend(?:ing)?|"
    r"budget(?: of)?)\s+(?:us\s+)?(?:about\s+|around\s+|roughly\s+|~\s?)?"
    r"(\d[\d,]*(?:\.\d+)?)\b(?![,.]?\d|\s*(?:pcs|pieces|units|h\b|hours?|days?|%))",
    re.I,
)
# A number named by the freight it would buy ("the 6800 air", "the 1350 truck option"): the
# quote's price or the quantity it moves, told apart by the PO line's own quantities.
FREIGHT_NOUN = r"(?:air|truck|expedite|freight|quote|option|shipment|hot-?shot)"
AMOUNT_RE = re.compile(rf"(?<![\w.,$-])(\d[\d,]*(?:\.\d+)?)(?=\s+{FREIGHT_NOUN}\b)", re.I)
# A number that is a quantity by its unit or as a part of a PO ("600 pcs", "the 600 of 7781").
COUNT_RE = re.compile(
    r"(?<![\w.,$-])(\d[\d,]*)(?=\s*(?:pcs|pieces|units|ea)\b|"
    r"\s+(?:pcs\s+|pieces\s+|units\s+)?(?:on|of|from)\s+(?:po[-\s#]?)?\d{4,}\b)",
    re.I,
)


def money_in(text: str) -> list[float]:
    """Amounts of money ('$6,800', '5k', '25,000 dollars', 'costs 6800')."""
    found = []
    for m in MONEY_RE.finditer(text):
        number = float((m[1] or m[3] or m[5]).replace(",", ""))
        scale = 1000 if (m[2] or (m[4] or "").lower() in ("k", "grand")) else 1
        found.append(number * scale)
    return found


def amounts_in(text: str) -> list[float]:
    """Numbers named by the freight they would buy ('the 6800 air'): money or a quantity."""
    return [float(m[1].replace(",", "")) for m in AMOUNT_RE.finditer(text)]


def not_ids(text: str) -> set[str]:
    """The bare numbers of a clause that read as money, a quantity or an amount, so never as a
    PO number ('the 6800 air on 7781': 7781 is the PO)."""
    spans = [*MONEY_RE.finditer(text), *AMOUNT_RE.finditer(text), *COUNT_RE.finditer(text)]
    return {n.replace(",", "") for m in spans for n in re.findall(r"\d[\d,]*", m[0])}


TRUCK_RE = re.compile(r"\btruck\w*|\broad\b|\bground\b|\bhot[- ]?shot\b|\bexpress truck\b", re.I)
AIR_RE = re.compile(r"\bair\w*|\bfly\b|\bflown\b|\bplane\b|\bflight\b", re.I)


# "anything over 25k", "above $5,000", "more than 10 grand": an amount stated as a floor.
FLOOR_RE = re.compile(
    r"\b(?:over|above|more than|greater than|exceeding|in excess of|north of|upwards of)\s+"
    r"(?:about\s+|around\s+)?\$?\s?\d|>\s*\$?\s?\d",
    re.IGNORECASE,
)


def money_floor_in(text: str) -> bool:
    """Whether the amount a clause names is a floor ('anything over 25k goes to who?')."""
    return bool(money_in(text)) and FLOOR_RE.search(text) is not None


def mode_in(text: str) -> str | None:
    """The freight mode a clause names: air or truck."""
    if TRUCK_RE.search(text):
        return "truck"
    if AIR_RE.search(text):
        return "air"
    return None


def modes_in(text: str) -> list[str]:
    """Every freight mode a clause names ('by air vs truck': both), in the order written."""
    found = [(m.start(), mode) for mode, rx in (("air", AIR_RE), ("truck", TRUCK_RE))
             if (m := rx.search(text))]  # fmt: skip
    return [mode for _, mode in sorted(found)]


# "if we count the unconfirmed qty as supply", "including unconfirmed", "once QA releases the
# held stock": the supply policy a question asks the projection to assume (a what-if read).
SUPPLY_WORDS = {
    "include_unconfirmed": re.compile(r"\bunconfirmed\b", re.I),
    "include_held": re.compile(
        r"\b(?:held|on hold|quality hold|blocked)\b(?!\s+(?:shipment|truck|asn|delivery))", re.I
    ),
}
COUNTED_BEFORE_RE = re.compile(
    r"\b(?:count\w*|includ\w*|add\w*|treat\w*|assum\w*|releas\w*|us(?:e|ing)|with|if|once|"
    r"when)\b[^.?!;]{0,40}$",
    re.I,
)
COUNTED_AFTER_RE = re.compile(
    r"^[^.?!;]{0,40}\b(?:counted|included|as supply|(?:is|was|gets?|were) released|"
    r"(?:did|does|do) (?:come|arrive)|came in|arrives?|shows? up)\b",
    re.I,
)
NOT_COUNTED_RE = re.compile(
    r"\b(?:without|excluding|exclude|not|don'?t|doesn'?t|won'?t|never|fails? to|leav\w* out)\b"
    r"[^.?!;]{0,30}$",
    re.I,
)
# "the unconfirmed 600 never come", "...doesn't show up": the supply named is not counted.
NOT_COMING_RE = re.compile(
    r"^[^.?!;]{0,40}\b(?:never|not|n't|no longer|fails? to)\b\s*(?:\w+\s+)?(?:come|arrive|"
    r"show|turn up|ship|land|get here|make it|be released|released)",
    re.I,
)


def supply_policy_in(text: str) -> dict[str, bool]:
    """The shortages tool's supply policy a clause asks for ({} when it asks for none)."""
    found: dict[str, bool] = {}
    for key, word in SUPPLY_WORDS.items():
        match = word.search(text)
        if match is None:
            continue
        before, after = text[: match.start()], text[match.end() :]
        if NOT_COUNTED_RE.search(before) or NOT_COMING_RE.search(after):
            continue
        if COUNTED_BEFORE_RE.search(before) or COUNTED_AFTER_RE.search(after):
            found[key] = True
    if AIRED_IN_RE.search(text) and not NOT_COUNTED_RE.search(text):
        found["include_unconfirmed"] = True  # "if we air the 600 in": the rest arrives
    return found


# "if we air the 600 in before wed", "say we fly the rest in": the unconfirmed quantity arrives
AIRED_IN_RE = re.compile(
    r"\b(?:if|say|suppose|assuming|once|when)\b[^.?!;]{0,20}\b(?:air|fly|flew|expedite|rush)\s+"
    r"(?:the\s+)?(?:\d[\d,]*|rest|balance|remainder|unconfirmed|missing|other \d[\d,]*)\b",
    re.IGNORECASE,
)


# "leave today alone", "nothing before the B shift", "dont touch anything before 2pm": the time
# before which a resequence may move nothing (on top of the frozen horizon).
KEEP_TODAY_RE = re.compile(
    r"\b(?:leave|keep|don'?t touch|do not touch|not|nothing)\s+(?:\w+\s+){0,2}?today\b|"
    r"\btoday\s+(?:alone|as is|untouched|stays?)\b",
    re.IGNORECASE,
)
KEEP_BEFORE_RE = re.compile(
    r"\b(?:nothing|don'?t (?:move|touch) anything|leave (?:everything|anything))\s+"
    r"(?:before|until|till|ahead of)\s+(?:the\s+)?(.+?)(?:[,.;?!]|$)",
    re.IGNORECASE,
)


def keep_until_in(text: str, now: datetime | None) -> datetime | None:
    """The time before which nothing may move, as the clause says it, on `now`'s clock (the
    plant's): 'leave today alone' is the next day's 00:00; 'nothing before the B shift' 14:00."""
    if now is None:
        return None
    if KEEP_TODAY_RE.search(text):
        return datetime.combine(now.date() + timedelta(days=1), time(0, 0), now.tzinfo)
    found = KEEP_BEFORE_RE.search(text)
    if found is None:
        return None
    said = found[1]
    shift = re.search(r"\b(a|b|first|1st|second|2nd|day|late)\s+shift\b|\bshift\s+(a|b)\b", said,
                      re.I)  # fmt: skip
    day = day_in(said, now) or now.date()
    if shift:
        name = (shift[1] or shift[2]).lower()
        hour = FIRST_SHIFT_HOUR + (SHIFT_HOURS if name in ("b", "second", "2nd", "late") else 0)
        return datetime.combine(day, time(hour, 0), now.tzinfo)
    clock = clock_in(said)
    if clock is not None:
        return datetime.combine(day, time(*clock), now.tzinfo)
    named_day = day_in(said, now)
    return datetime.combine(named_day, time(0, 0), now.tzinfo) if named_day else None
