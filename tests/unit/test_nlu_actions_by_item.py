"""An action named by its item, supplier or a relative date: the open PO lines are read first,
then the one line is acted on, or a question names the best two and the answer picks one."""

from __future__ import annotations

from typing import Any

from agent.offline.compose import Observation
from agent.offline.planners import Pending, Plan, Recall
from agent.offline.resolve import next_step, picked, resolved_focus


def line(po: str, **more: Any) -> dict[str, Any]:
    return {"po_number": po, "line_no": 1, "item": "E-4410", "supplier": "VOLTAIC",
            "supplier_name": "Voltaic Components", "open_qty": 1000.0, "confirmed_qty": 400.0,
            "arrives_at": "Tue 2026-03-03 06:00", "promised_at": "2026-03-05T06:00:00-05:00",
            **more}  # fmt: skip


def lookup(*rows: dict[str, Any]) -> Observation:
    data = {"lines": list(rows), "total": len(rows)}
    return Observation("po_lines_by_impact", {"item": "E-4410"}, {"ok": True, "data": data})


def waiting(tool: str, **args: Any) -> Plan:
    calls = [("po_lines_by_impact", {"horizon": "14d", "item": "E-4410"})]
    return Plan("expedite", calls, then=Pending(tool, args, named="E-4410"))


def test_one_open_line_is_acted_on_without_asking_which_po() -> None:
    step = next_step(waiting("expedite_po", mode="air"), [lookup(line("PO-7781"))])
    assert step is not None and step.calls == [("expedite_po", {"po_number": "PO-7781",
                                                                 "mode": "air"})]  # fmt: skip
    assert "PO-7781/1" in step.focus["resolved"]


def test_several_lines_get_a_question_naming_the_best_two() -> None:
    rows = [line("PO-7781"), line("PO-7819", open_qty=3600.0), line("PO-7830")]
    step = next_step(waiting("expedite_po"), [lookup(*rows)])
    assert step is not None and step.calls == [] and step.intent == "clarify"
    assert "PO-7781/1" in (step.reply or "") and "PO-7819/1" in (step.reply or "")
    assert "PO-7830" not in (step.reply or "") and "Which one should I expedite?" in (
        step.reply or ""
    )
    assert [c["po_number"] for c in step.choices] == ["PO-7781", "PO-7819"]


def test_the_quantity_named_picks_the_line_it_fits() -> None:
    rows = [line("PO-7819", open_qty=3600.0, confirmed_qty=3600.0), line("PO-7781")]
    step = next_step(waiting("expedite_po", qty=600.0), [lookup(*rows)])
    assert step is not None and step.calls[0][1]["po_number"] == "PO-7781"


def test_a_quote_takes_the_line_most_likely_to_hit_production() -> None:
    step = next_step(waiting("expedite_quote"), [lookup(line("PO-7781"), line("PO-7819"))])
    assert step is not None and step.calls == [("expedite_quote", {"po_number": "PO-7781"})]


def test_no_open_line_says_so() -> None:
    step = next_step(waiting("expedite_po"), [lookup()])
    assert step is not None and step.calls == [] and "no open PO line" in (step.reply or "")


def test_a_date_change_by_days_moves_from_the_promised_date() -> None:
    then = Pending("request_po_date_change", {"reason": "chat"}, shift_days=1)
    plan = Plan("po_date_change", [("po_lines_by_impact", {"po_number": "PO-7795"})], then=then)
    step = next_step(plan, [lookup(line("PO-7795"))])
    assert step is not None
    assert step.calls == [("request_po_date_change", {"po_number": "PO-7795",
                                                      "reason": "chat",
                                                      "new_date": "2026-03-06T06:00"})]  # fmt: skip


def test_an_escalation_takes_the_lines_supplier_and_po() -> None:
    step = next_step(waiting("draft_supplier_escalation", tone="firm"), [lookup(line("PO-7781"))])
    assert step is not None and step.calls == [
        (
            "draft_supplier_escalation",
            {"supplier": "VOLTAIC", "po_number": "PO-7781", "tone": "firm"},
        )
    ]


def test_once_the_action_ran_nothing_more_is_called_and_the_line_is_named() -> None:
    plan = waiting("expedite_po")
    done = [
        lookup(line("PO-7781")),
        Observation("expedite_po", {"po_number": "PO-7781"}, {"ok": True}),
    ]
    assert next_step(plan, done) is None
    assert resolved_focus(plan, done)["resolved"].startswith(
        "The open PO line for E-4410: PO-7781/1"
    )


def test_the_answer_to_which_one_picks_a_line() -> None:
    recall = Recall(pending=Pending("expedite_po", {"mode": "air"}),
                    choices=({"po_number": "PO-7781", "line_no": 1},
                             {"po_number": "PO-7819", "line_no": 1}))  # fmt: skip
    first = picked("the first one", recall)
    assert first is not None and first.calls == [("expedite_po", {"po_number": "PO-7781",
                                                                  "mode": "air"})]  # fmt: skip
    by_number = picked("7819 please", recall)
    assert by_number is not None and by_number.calls[0][1]["po_number"] == "PO-7819"
    both = picked("both", recall)
    assert both is not None and len(both.calls) == 2
    assert picked("neither", recall) is None
    assert picked("what will stop SEAT1 this week?", recall) is None
