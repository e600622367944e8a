"""The PO-line risk score: a pure function of the facts, with one weighted factor per reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.formatting import percent

# Weights sum to 100, so the score is the sum of weight × severity over the factors.
WEIGHTS = {
    "supplier_history": 20.0,
    "confirmation": 25.0,
    "asn": 15.0,
    "quality": 10.0,
    "criticality": 10.0,
    "time_to_need": 20.0,
}
HIGH, MEDIUM = 60.0, 35.0  # score thresholds of the levels
OTIF_GOOD, OTIF_BAD = 98.0, 60.0  # supplier OTIF (%) scored as no risk / full risk
CRITICALITY_SEVERITY = {1: 1.0, 2: 0.5, 3: 0.1}


@dataclass(frozen=True)
class RiskFacts:
    """Everything known about one PO line at the as-of time that bears on its risk."""

    po_number: str
    line_no: int
    plant: str
    timezone: str
    item: str
    item_description: str
    criticality: int  # 1 = line-stopping
    supplier: str
    supplier_name: str
    as_of: datetime
    promised_at: datetime
    qty_ordered: float
    qty_received: float = 0.0
    qty_confirmed: float | None = None  # the supplier's current confirmation; None: never
    confirmed_for: datetime | None = None  # latest date of the current confirmation
    supplier_otif: float | None = None  # % over the look-back window; None: no lines due
    supplier_otif_lines: int = 0  # PO lines due in the window
    supplier_otif_met: int = 0  # of which on time in full
    portfolio_otif: float | None = None
    otif_window: str = "the last 90 days"
    asn_status: str = "none"  # none | in_transit | held | delivered
    asn_number: str | None = None
    asn_qty: float = 0.0
    asn_eta: datetime | None = None
    asn_original_eta: datetime | None = None
    asn_hub: str = ""
    on_hand_qty: float = 0.0  # all statuses, at the plant
    held_qty: float = 0.0  # on open quality holds, at the plant
    hold_lots: tuple[str, ...] = ()
    hold_decision_at: datetime | None = None
    first_need_at: datetime | None = None  # the first scheduled WO drawing the item
    first_need_work_order: str | None = None
    first_short_at: datetime | None = None  # the item's projected first shortage
    qty_short: float = 0.0

    @property
    def open_qty(self) -> float:
        return max(0.0, self.qty_ordered - self.qty_received)

    @property
    def unconfirmed_qty(self) -> float:
        """What is still open and the supplier has not confirmed."""
        return min(self.open_qty, max(0.0, self.qty_ordered - (self.qty_confirmed or 0.0)))

    @property
    def holds_up_production(self) -> bool:
        """The line was due by the item's first shortage and not all of it will be there in
        time (part unconfirmed, or arriving after it): it is the supply the shortage waits on."""
        short = self.first_short_at
        if short is None or self.open_qty == 0 or self.promised_at > short:
            return False
        arrives = self.asn_eta or self.confirmed_for or self.promised_at
        return self.unconfirmed_qty > 0 or arrives > short


@dataclass(frozen=True)
class RiskFactor:
    """One reason for the score: its weight, how bad it is (0-1), its measured value, and why."""

    name: str
    weight: float
    severity: float
    value: float | str | None
    sentence: str

    @property
    def points(self) -> float:
        return self.weight * self.severity

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "points": round(self.points, 2)}


@dataclass(frozen=True)
class PoLineRisk:
    """A PO line's risk score (0-100), its level and the factors that explain it."""

    po_number: str
    line_no: int
    item: str
    supplier: str
    supplier_name: str
    plant: str
    score: float
    level: str  # high | medium | low
    factors: tuple[RiskFactor, ...]  # largest contribution first
    facts: RiskFacts

    def explanation(self, top: int = 4) -> str:
        """Why, in sentences: the score, then the factors that contribute most."""
        head = (
            f"{self.po_number} line {self.line_no} ({self.item}, {self.supplier_name}) "
            f"risk {self.score:.0f}/100 ({self.level})"
        )
        reasons = [f.sentence for f in self.factors[:top] if f.points > 0]
        return head + (": " + "; ".join(reasons) + "." if reasons else ".")

    def as_dict(self) -> dict[str, Any]:
        facts = {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in asdict(self.facts).items()
        }
        return {
            "po_number": self.po_number,
            "line_no": self.line_no,
            "item": self.item,
            "supplier": self.supplier,
            "supplier_name": self.supplier_name,
            "plant": self.plant,
            "score": round(self.score, 1),
            "level": self.level,
            "explanation": self.explanation(),
            "factors": [f.as_dict() for f in self.factors],
            "facts": facts,
        }


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def _qty(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _hours(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 3600


class _Words:
    """Times as the plant reads them: 'Tue 03 Mar 06:00'."""

    def __init__(self, facts: RiskFacts) -> None:
        self.tz = ZoneInfo(facts.timezone)

    def at(self, when: datetime) -> str:
        return when.astimezone(self.tz).strftime("%a %d %b %H:%M")


def supplier_history(f: RiskFacts) -> RiskFactor:
    weight = WEIGHTS["supplier_history"]
    if f.supplier_otif is None:
        return RiskFactor("supplier_history", weight, 0.5, None,
                          f"{f.supplier_name} has no PO lines due in {f.otif_window} to judge "
                          "its delivery record by")  # fmt: skip
    severity = _clamp((OTIF_GOOD - f.supplier_otif) / (OTIF_GOOD - OTIF_BAD))
    portfolio = (
        "" if f.portfolio_otif is None else f" vs {percent(f.portfolio_otif)} for the portfolio"
    )
    sentence = (
        f"OTIF of {f.supplier_name} over {f.otif_window} is {percent(f.supplier_otif)} "
        f"({f.supplier_otif_met} of {f.supplier_otif_lines} PO lines on time in full){portfolio}"
    )
    return RiskFactor("supplier_history", weight, severity, round(f.supplier_otif, 2), sentence)


def confirmation(f: RiskFacts, words: _Words) -> RiskFactor:
    weight = WEIGHTS["confirmation"]
    if f.open_qty == 0:
        return RiskFactor("confirmation", weight, 0.0, 1.0, "the line is received in full")
    if not f.qty_confirmed:
        return RiskFactor("confirmation", weight, 1.0, 0.0,
                          f"{f.supplier_name} has not confirmed any of the "
                          f"{_qty(f.qty_ordered)} ordered")  # fmt: skip
    share = _clamp(f.qty_confirmed / f.qty_ordered) if f.qty_ordered else 1.0
    severity = 1.0 - share
    which = "only " if share < 1.0 else "the full "
    confirmed, ordered = _qty(f.qty_confirmed), _qty(f.qty_ordered)
    sentence = f"{f.supplier_name} confirmed {which}{confirmed} of {ordered}"
    if f.confirmed_for is not None:
        sentence += f" for {words.at(f.confirmed_for)}"
        slip = _hours(f.confirmed_for, f.promised_at)
        if slip > 0:
            sentence += f", {slip:.0f} h after the promised {words.at(f.promised_at)}"
        severity = max(severity, _clamp(slip / 72))
    if share < 1.0:
        sentence += f"; {_qty(f.qty_ordered - f.qty_confirmed)} unconfirmed"
    return RiskFactor("confirmation", weight, severity, round(share, 4), sentence)


def asn(f: RiskFacts, words: _Words) -> RiskFactor:
    weight = WEIGHTS["asn"]
    due_in = _hours(f.promised_at, f.as_of)
    if f.open_qty == 0 or f.asn_status == "delivered":
        return RiskFactor("asn", weight, 0.0, f.asn_status, "the shipment is delivered")
    if f.asn_status == "held" and f.asn_eta is not None:
        original = f.asn_original_eta or f.asn_eta
        slip = max(0.0, _hours(f.asn_eta, original))
        sentence = (
            f"{f.asn_number} is held at {f.asn_hub or 'a hub'}; ETA moved from "
            f"{words.at(original)} to {words.at(f.asn_eta)} (+{slip:.0f} h)"
        )
        return RiskFactor("asn", weight, _clamp(0.8 + slip / 240), "held", sentence)
    if f.asn_status == "in_transit" and f.asn_eta is not None:
        late = _hours(f.asn_eta, f.promised_at)
        if late > 0:
            sentence = (
                f"{f.asn_number} is in transit with ETA {words.at(f.asn_eta)}, "
                f"{late:.0f} h after the promised {words.at(f.promised_at)}"
            )
            return RiskFactor("asn", weight, _clamp(0.4 + late / 120), "in_transit", sentence)
        sentence = f"{f.asn_number} is in transit, ETA {words.at(f.asn_eta)} (on time)"
        return RiskFactor("asn", weight, 0.1, "in_transit", sentence)
    if due_in <= 0:
        return RiskFactor("asn", weight, 1.0, "none",
                          f"no ASN and the line was due {words.at(f.promised_at)}")  # fmt: skip
    severity = 0.7 if due_in <= 48 else 0.2
    sentence = f"no ASN yet, due {words.at(f.promised_at)} ({due_in:.0f} h from now)"
    return RiskFactor("asn", weight, severity, "none", sentence)


def quality(f: RiskFacts, words: _Words) -> RiskFactor:
    weight = WEIGHTS["quality"]
    if f.held_qty <= 0:
        return RiskFactor("quality", weight, 0.0, 0.0, f"no open quality hold on {f.item}")
    share = f.held_qty / f.on_hand_qty if f.on_hand_qty else 1.0
    lots = f" (lot {', '.join(f.hold_lots)})" if f.hold_lots else ""
    decision = f", decision expected {words.at(f.hold_decision_at)}" if f.hold_decision_at else ""
    sentence = (
        f"{_qty(f.held_qty)} of {_qty(f.on_hand_qty)} on hand of {f.item} is on quality hold"
        f"{lots}{decision}"
    )
    return RiskFactor("quality", weight, _clamp(0.5 + 0.5 * share), f.held_qty, sentence)


def criticality(f: RiskFacts) -> RiskFactor:
    severity = CRITICALITY_SEVERITY.get(f.criticality, 0.5)
    meaning = {1: "line-stopping", 2: "important", 3: "low impact"}.get(f.criticality, "unrated")
    sentence = f"{f.item} ({f.item_description}) is criticality {f.criticality} ({meaning})"
    return RiskFactor("criticality", WEIGHTS["criticality"], severity, f.criticality, sentence)


def time_to_need(f: RiskFacts, words: _Words) -> RiskFactor:
    weight = WEIGHTS["time_to_need"]
    need = (
        f"first needed {words.at(f.first_need_at)} by {f.first_need_work_order}"
        if f.first_need_at
        else ""
    )
    if f.first_short_at is not None:
        hours = max(0.0, _hours(f.first_short_at, f.as_of))
        severity = 1.0 if hours <= 72 else 0.8 if hours <= 168 else 0.6
        sentence = (
            f"{f.item} is projected short {words.at(f.first_short_at)} ({hours:.0f} h from now), "
            f"{_qty(f.qty_short)} short" + (f"; {need}" if need else "")
        )
        return RiskFactor("time_to_need", weight, severity, round(hours, 2), sentence)
    if f.first_need_at is not None:
        hours = max(0.0, _hours(f.first_need_at, f.as_of))
        severity = 0.6 if hours <= 24 else 0.4 if hours <= 72 else 0.2 if hours <= 168 else 0.1
        sentence = f"{need} ({hours:.0f} h from now); no projected shortage of {f.item}"
        return RiskFactor("time_to_need", weight, severity, round(hours, 2), sentence)
    return RiskFactor("time_to_need", weight, 0.0, None,
                      f"no scheduled work order needs {f.item} in the horizon")  # fmt: skip


def score_po_line(facts: RiskFacts) -> PoLineRisk:
    """The risk of one PO line from its facts alone (no I/O): score, level and factors."""
    words = _Words(facts)
    factors = (
        supplier_history(facts),
        confirmation(facts, words),
        asn(facts, words),
        quality(facts, words),
        criticality(facts),
        time_to_need(facts, words),
    )
    score = round(sum(f.points for f in factors), 1)
    level = "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"
    return PoLineRisk(
        po_number=facts.po_number,
        line_no=facts.line_no,
        item=facts.item,
        supplier=facts.supplier,
        supplier_name=facts.supplier_name,
        plant=facts.plant,
        score=score,
        level=level,
        factors=tuple(sorted(factors, key=lambda f: -f.points)),
        facts=facts,
    )
