"""The supplier gave a new date: 'update the promise date on 7795 to thu 2pm' proposes the date
change with that day and time (the PO's plant's clock, applied by the tool), a bare PO number
read as the PO; the day may come in the clause after ('...? polyform now says thu 2pm')."""

from __future__ import annotations

from agent.offline.acts import dialogue_act
from agent.offline.intents import Recall, plan_turn, with_new_date
from tests.support.nlu_suite import load_suite

VOCAB, _ = load_suite()


def _changes(text: str, recall: Recall | None = None) -> list[dict[str, object]]:
    plan = plan_turn(text, recall or Recall(), VOCAB)
    return [a for n, a in plan.calls if n == "request_po_date_change"]


def test_updating_the_promise_date_to_a_day_and_time_is_a_date_change() -> None:
    for text in (
        "update the promise date on 7795 to thu 2pm",
        "pls update the promised date on po 7795 to thursday 2pm",
        "polyform came back with thu 2pm for 7795, update the promise date on it",
    ):
        assert dialogue_act(text) == "request", text
        changes = _changes(text)
        assert [(c["po_number"], c["new_date"]) for c in changes] == [
            ("PO-7795", "2026-03-05T14:00")
        ], text


def test_the_thread_po_is_it() -> None:
    changes = _changes(
        "they confirmed thu 2pm, update the promise date on it", Recall(po_number="PO-7790")
    )
    assert [(c["po_number"], c["new_date"]) for c in changes] == [("PO-7790", "2026-03-05T14:00")]


def test_the_day_said_in_the_next_clause_is_the_changes_day() -> None:
    parts = ["can you update the promise date on 7795?", "polyform now says thu 2pm"]
    assert len(with_new_date(parts, VOCAB)) == 1
    assert with_new_date(["update the promise date on 7795 to fri", "what's short?"], VOCAB) == [
        "update the promise date on 7795 to fri",
        "what's short?",
    ]


def test_asked_about_or_being_updated_is_no_change() -> None:
    assert _changes("should we update the promise date on 7795 to thu 2pm?") == []
    assert _changes("any update on 7795?") == []
    assert dialogue_act("update me on 7795") == "ask"
    assert _changes("update the promise date on 7795") == []  # which day: asked back
