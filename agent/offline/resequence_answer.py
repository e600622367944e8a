"""How a resequence proposal reads: what moves, what becomes late, KPI deltas, frozen hours."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

MOVES_SHOWN = 6  # moves listed one by one; the rest are counted
LOCAL_RE = r"[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}"
MOVE_RE = re.compile(rf"(WO-[\w-]+) \(([\w-]+)\) ({LOCAL_RE}) → ({LOCAL_RE})")
FROZEN_RE = re.compile(r"(\d+(?:\.\d+)?)-hour frozen horizon")
LOCAL_FORMAT = "%a %Y-%m-%d %H:%M"


def kpi_fact(facts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The cited fact holding the scheduler's KPIs before/after, if the proposal has one."""
    return next((f for f in facts if isinstance(f.get("before"), dict) and "after" in f), None)


def moves_from_effect(effect: str) -> list[tuple[str, str, str, str]]:
    """(WO, item, old local start, new local start) as the proposal's expected effect lists them."""
    return MOVE_RE.findall(effect)


def _hours(minutes: float) -> str:
    """Minutes as the scheduler writes them (115h00)."""
    whole = int(abs(minutes))
    return f"{'-' if minutes < 0 else ''}{whole // 60}h{whole % 60:02d}"


def _item_label(item: str, names: Mapping[str, str]) -> str:
    return f"{item} ({names[item]})" if names.get(item) else item


def moved_lines(effect: str, names: Mapping[str, str]) -> list[str]:
    """Which WOs move, earlier or later, by item; the first few one by one."""
    moves = moves_from_effect(effect)
    if not moves:
        return []
    by_item: dict[str, list[int]] = {}
    for _wo, item, old, new in moves:
        shift = datetime.strptime(new, LOCAL_FORMAT) - datetime.strptime(old, LOCAL_FORMAT)
        counts = by_item.setdefault(item, [0, 0, 0])  # earlier, later, same start
        counts[0 if shift < timedelta(0) else 1 if shift > timedelta(0) else 2] += 1
    parts = [
        f"{_item_label(item, names)}: {earlier} earlier, {later} later"
        + (f", {same} same start" if same else "")
        for item, (earlier, later, same) in by_item.items()
    ]
    lines = [f"{len(moves)} work order(s) move — " + "; ".join(parts) + "."]
    lines += [f"- {wo} ({item}) {old} → {new}" for wo, item, old, new in moves[:MOVES_SHOWN]]
    if len(moves) > MOVES_SHOWN:
        lines.append(f"- … {len(moves) - MOVES_SHOWN} more moves, all listed in the proposal")
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
    lines = [f"{len(newly)} work order(s) become late:"]
    for item, rows in by_item.items():
        late = ", ".join(f"{x['work_order']} by {_hours(x['lateness_minutes'])}" for x in rows)
        lines.append(f"- {_item_label(item, names)}: {late}")
    return lines


def delta_lines(kpis: dict[str, Any]) -> list[str]:
    """The KPI deltas: tardiness, changeovers, line hours at risk, WOs made clear-to-build."""
    if kpis.get("summary"):
        # The late WOs are listed above; the summary's own list of them would repeat it.
        lines = [f"- {re.sub(r' [(]WO-.*[)]$', '', line)}" for line in kpis["summary"]]
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
        lines.append(f"- {len(made)} made clear-to-build")
    if made:
        lines.append("- made clear-to-build: " + ", ".join(made))
    return lines


def frozen_line(
    payload: dict[str, Any], effect: str, policy: str, now: datetime | None, timezone: str | None
) -> str | None:
    """Whether anything moves inside the frozen horizon (as-of time + the line's frozen hours)."""
    found = FROZEN_RE.search(policy or "")
    if found is None or now is None:
        return None
    local_now = now.astimezone(ZoneInfo(timezone)) if timezone else now
    end = local_now + timedelta(hours=float(found.group(1)))
    inside = [
        wo
        for wo, _item, old, new in moves_from_effect(effect)
        if min(datetime.strptime(old, LOCAL_FORMAT), datetime.strptime(new, LOCAL_FORMAT))
        < end.replace(tzinfo=None)
    ]
    inside += [
        m["work_order_id"]
        for m in payload.get("moves") or []
        if m.get("planned_start") and datetime.fromisoformat(m["planned_start"]) < end
    ]
    window = f"{local_now.strftime(LOCAL_FORMAT)}–{end.strftime('%H:%M')}"
    if inside:
        moving = ", ".join(dict.fromkeys(inside))
        return f"Warning: {moving} move inside the frozen horizon ({window})."
    return f"Frozen horizon {window} ({found.group(1)} h) is untouched: nothing in it moves."


def describe_resequence(
    proposal: dict[str, Any],
    payload: dict[str, Any],
    policy: str,
    names: Mapping[str, str],
    now: datetime | None,
    timezone: str | None,
) -> list[str]:
    """The parts of a resequence answer after its headline, all from the proposal's own figures."""
    effect = str(proposal.get("expected_effect", ""))
    parts = moved_lines(effect, names)
    kpis = kpi_fact(list(proposal.get("cited_facts") or []))
    if kpis is not None:
        parts += late_lines(kpis, names)
        parts += ["KPIs before → after:", *delta_lines(kpis)]
    elif effect:
        tail = effect.rsplit(". ", 1)[-1] if ". " in effect else ""
        if tail:
            parts.append(f"KPIs before → after: {tail}.")
    frozen = frozen_line(payload, effect, policy, now, timezone)
    if frozen:
        parts.append(frozen)
    return parts
