"""The grounding check: figures come from tool results; ids and small counts are no figures."""

from __future__ import annotations

from agent.grounding import REMOVED, Derivation, ground_answer, numbers_in, unsupported_numbers

EVIDENCE = [
    '{"summary":"E-4410 first short Wed 2026-03-04 06:00, 30 short","data":{"otif":0.714,'
    '"cost":6800.0,"ordered":1000,"confirmed":400}}'
]


def test_ids_dates_and_times_are_not_unsupported_figures() -> None:
    answer = "PO-7781/1 and E-4410 on LKS-SEAT1: first short Wed 2026-03-04 06:00, 30 short."
    assert unsupported_numbers(answer, EVIDENCE) == []


def test_a_clock_time_the_answer_works_out_is_no_figure() -> None:
    # The frozen horizon's end (06:00 + 8 h) is stated, not cited: it names a moment.
    answer = "Frozen horizon Mon 2026-03-02 06:00–14:00 (8 h) is untouched."
    assert unsupported_numbers(answer, EVIDENCE) == []
    assert unsupported_numbers("14 WOs at 14:00", EVIDENCE) == ["14"]


def test_roundings_and_percentages_are_supported() -> None:
    answer = "OTIF 71.4% (71%), air costs $6,800.00; 400 of the 1,000 are confirmed."
    assert unsupported_numbers(answer, EVIDENCE) == []


def test_a_difference_needs_the_arithmetic_recorded_with_its_inputs() -> None:
    answer = "600 of the 1,000 are unconfirmed."
    assert unsupported_numbers(answer, EVIDENCE) == ["600"]
    recorded = [Derivation(600.0, "difference", (1000.0, 400.0))]
    assert unsupported_numbers(answer, EVIDENCE, recorded) == []
    invented = [Derivation(600.0, "difference", (1600.0, 1000.0))]  # 1,600 is in no result
    assert unsupported_numbers(answer, EVIDENCE, invented) == ["600"]
    wrong = [Derivation(601.0, "difference", (1000.0, 400.0))]
    assert unsupported_numbers("601 short", EVIDENCE, wrong) == ["601"]


def test_a_count_is_traced_to_the_listed_ids() -> None:
    evidence = ['{"moves":' + ",".join(f'"WO-{i}"' for i in range(12)) + "}"]
    ids = tuple(f"WO-{i}" for i in range(12))
    assert unsupported_numbers("12 work orders move", evidence) == ["12"]
    assert unsupported_numbers("12 work orders move", evidence,
                               [Derivation(12.0, "count", items=ids)]) == []  # fmt: skip


def test_an_invented_figure_is_caught() -> None:
    assert unsupported_numbers("We lose 4,321 seats.", EVIDENCE) == ["4,321"]


def test_small_counts_need_no_citation() -> None:
    assert [v for _, v in numbers_in("2 shortages, 1 hour")] == [2.0, 1.0]
    assert unsupported_numbers("2 shortages, 1 hour", EVIDENCE) == []


def test_failed_answer_is_regenerated_when_the_retry_is_grounded() -> None:
    asked: list[list[str]] = []

    def regenerate(missing: list[str]) -> str:
        asked.append(missing)
        return "30 short from Wed 2026-03-04 06:00."

    grounded = ground_answer("4,321 short", EVIDENCE, regenerate)
    assert grounded.action == "regenerated" and grounded.text.startswith("30 short")
    assert asked == [["4,321"]]


def test_figures_are_removed_when_no_grounded_answer_comes_back() -> None:
    grounded = ground_answer("30 short, 4,321 seats lost", EVIDENCE, lambda missing: "")
    assert grounded.action == "numbers_removed"
    assert grounded.text == f"30 short, {REMOVED} seats lost"
    assert grounded.unsupported == ("4,321",)
