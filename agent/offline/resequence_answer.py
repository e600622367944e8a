"""How a resequence proposal reads: what moves, what becomes late, KPI deltas, frozen hours."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from agent.offline import ledger
from domain.scheduling.frozen import FrozenHorizon
from tools.result_data import GapClosedFact

MOVES_SHOWN = 6  # moves listed one by one; the rest are counted
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"
Move = tuple[str, str, datetime, datetime]  # WO, item, old start, new start (plant's wall clock)


def kpi_fact(facts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The cited fact holding the scheduler's KPIs before/after, if the proposal has one."""
    return next((f for f in facts if isinstance(f.get("before"), dict) and "after" in f), None)


def moves_of(payload: Mapping[str, Any], timezone: str | None) -> list[Move]:
    """The proposal's moves that change a start, from its payload, on the plant's wall clock."""
    zone = ZoneInfo(timezone) if timezone else None
    found = []
    for m in payload.get("moves") or []:
        if not m.get("from_start") or not m.get("planned_start"):
            continue
        old, new = (datetime.fromisoformat(str(m[k])) for k in ("from_start", "planned_start"))
        if old != new:
            found.append((str(m["work_order_id"]), str(m.get("item_code", "")),
                          old.astimezone(zone), new.astimezone(zone)))  # fmt: skip
    return found


def _hours(minutes: float) -> str:
    """Minutes as the scheduler writes them (115h00)."""
    whole = int(abs(minutes))
    return f"{'-' if minutes < 0 else ''}{ledger.whole_hours(minutes)}h{whole % 60:02d}"


def _item_label(item: str, names: Mapping[str, str]) -> str:
    return f"{item} ({names[item]})" if names.get(item) else item


def moved_lines(
    moves: list[Move], names: Mapping[str, str], listed_in: str = "the proposal"
) -> list[str]:
    """Which WOs move, earlier or later, by item; the first few one by one."""
    if not moves:
        return []
    by_item: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for wo, item, old, new in moves:
        shift = new - old
        groups = by_item.setdefault(item, ([], [], []))  # earlier, later, same start
        groups[0 if shift < timedelta(0) else 1 if shift > timedelta(0) else 2].append(wo)
    parts = [
        f"{_item_label(item, names)}: {ledger.count(earlier)} earlier, "
        f"{ledger.count(later)} later" + (f", {ledger.count(same)} same start" if same else "")
        for item, (earlier, later, same) in by_item.items()
    ]
    moved = ledger.count([wo for wo, *_ in moves])
    lines = [f"{moved} work order(s) move — " + "; ".join(parts) + "."]
    lines += [
        f"- {wo} ({item}) {old.strftime(LOCAL_FORMAT)} → {new.strftime(LOCAL_FORMAT)}"
        for wo, item, old, new in moves[:MOVES_SHOWN]
    ]
    if len(moves) > MOVES_SHOWN:
        more = ledger.difference(moved, MOVES_SHOWN)
        lines.append(f"- … {more:g} more moves, all listed in {listed_in}")
    return lines


def late_lines(kpis: dict[str, Any], names: Mapping[str, str]) -> list[str]:
    """WOs late after the resequence that were not late before, by item, with how late."""
    was_late = {x["work_order"] for x in kpis["before"].get("late", [])}
    newly = [x for x in kpis["after"].get("late", []) if x["work_order"] not in was_late]
    if not newly:
        return ["No work order becomes late."]
    by_item: dict[str, list[dict[str, Any]]] = {}
    for x in newly:
        by_item.setdefault(x["item"], []).append(x)
    lines = [f"{ledger.count([x['work_order'] for x in newly])} work order(s) become late:"]
    for item, rows in by_item.items():
        late = ", ".join(f"{x['work_order']} by {_hours(x['lateness_minutes'])}" for x in rows)
        lines.append(f"- {_item_label(item, names)}: {late}")
    return lines


def delta_lines(kpis: dict[str, Any]) -> list[str]:
    """The KPI deltas: tardiness, changeovers, line hours at risk, WOs made clear-to-build."""
    if kpis.get("summary_without_late"):
        # The late WOs are listed above: the scheduler's lines without its own list of them.
        lines = [f"- {line}" for line in kpis["summary_without_late"]]
    else:
        b, a = kpis["before"], kpis["after"]
        lines = [
            f"- weighted tardiness: {b['weighted_tardiness_minutes']:,} min → "
            f"{a['weighted_tardiness_minutes']:,} min",
            f"- changeovers: {b['changeovers']} → {a['changeovers']}",
            f"- line hours at risk from shortages: {b['line_hours_at_risk']:g} → "
            f"{a['line_hours_at_risk']:g}",
        ]
    made = kpis.get("made_clear_to_build") or []
    if made and not any("clear-to-build" in line for line in lines):
        lines.append(f"- {ledger.count(made)} made clear-to-build")
    if made:
        lines.append("- made clear-to-build: " + ", ".join(made))
    return lines


def frozen_of(payload: Mapping[str, Any]) -> FrozenHorizon | None:
    """The frozen horizon the resequence tool computed and stored with the proposal."""
    hours, until = payload.get("frozen_hours"), payload.get("frozen_until")
    if hours is None or until is None:
        return None
    return FrozenHorizon(str(payload.get("line_code", "")), float(hours),
                         datetime.fromisoformat(str(until)))  # fmt: skip


def frozen_line(
    frozen: FrozenHorizon | None, moves: list[Move], now: datetime | None, timezone: str | None
) -> str | None:
    """Whether anything moves inside the frozen horizon (the rule's own answer, per move)."""
    if frozen is None or now is None:
        return None
    zone = ZoneInfo(timezone) if timezone else None
    inside = [wo for wo, _item, old, new in moves if not frozen.may_move(old, new)]
    window = (
        f"{now.astimezone(zone).strftime(LOCAL_FORMAT)}–"
        f"{frozen.until.astimezone(zone).strftime('%H:%M')}"
    )
    if inside:
        moving = ", ".join(dict.fromkeys(inside))
        return f"Warning: {moving} move inside the frozen horizon ({window})."
    return f"Frozen horizon {window} ({frozen.hours:g} h) is untouched: nothing in it moves."


def gaps_of(facts: Mapping[str, Any] | None, payload: Mapping[str, Any]) -> list[GapClosedFact]:
    """The gaps the resequence closes: the typed result's (a proposal just made), else those its
    stored scheduler KPIs record (a proposal read back from the list)."""
    found = (facts or {}).get("gaps_closed")
    if found is None:
        found = (payload.get("kpis") or {}).get("gaps_closed") or []
    try:
        return [GapClosedFact.model_validate(g) for g in found]
    except ValidationError:
        return []


def gap_line(gaps: list[GapClosedFact], names: Mapping[str, str]) -> str | None:
    """Which component's shortage made the resequence worth it, and the WOs it clears."""
    if not gaps:
        return None
    said = "; and the ".join(
        f"{_item_label(g.item, names)} gap: {', '.join(g.work_orders)} made clear-to-build"
        for g in gaps
    )
    return f"It closes the {said}."


def describe_resequence(
    proposal: Mapping[str, Any],
    payload: Mapping[str, Any],
    names: Mapping[str, str],
    now: datetime | None,
    timezone: str | None,
    facts: Mapping[str, Any] | None = None,
    listed_in: str = "the proposal",
) -> list[str]:
    """The parts of a resequence answer after its headline, all from the proposal's own data
    (`facts`: the tool's typed ResequenceFacts, when the proposal was just made)."""
    moves = moves_of(payload, timezone)
    gap = gap_line(gaps_of(facts, payload), names)
    parts = ([gap] if gap else []) + moved_lines(moves, names, listed_in)
    kpis = kpi_fact(list(proposal.get("cited_facts") or []))
    if kpis is not None:
        parts += late_lines(kpis, names)
        parts += ["KPIs before → after:", *delta_lines(kpis)]
    frozen = frozen_line(frozen_of(payload), moves, now, timezone)
    if frozen:
        parts.append(frozen)
    kept = payload.get("kept_until")
    if kept:  # "leave today alone": the time asked, kept as well
        zone = ZoneInfo(timezone) if timezone else None
        at = datetime.fromisoformat(str(kept)).astimezone(zone).strftime(LOCAL_FORMAT)
        early = [wo for wo, _item, old, _new in moves if old < datetime.fromisoformat(str(kept))]
        parts.append(f"As asked, nothing starting before {at} moves either." if not early else
                     f"Warning: {', '.join(early)} start before {at} and move.")  # fmt: skip
    return parts
