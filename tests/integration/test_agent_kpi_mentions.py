"""KPI questions read the right filters: a plant's name is the plant; look-ahead KPIs look ahead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from agent.offline.mentions import find_mentions
from agent.offline.vocabulary import load_vocabulary
from agent.runner import Agent
from domain.kpis import compute_kpi, find_kpi, format_value
from governance.identity import get_actor
from tests.support.agent import ask

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def agent(demo_db_shared: Engine) -> Iterator[Agent]:
    running = Agent(demo_db_shared)
    yield running
    running.close()


def test_saltillo_is_the_plant_not_its_interplant_supplier_namesake(agent: Agent) -> None:
    vocab = load_vocabulary(agent.engine)
    namesakes = [c for c, n in vocab.suppliers.items() if n.split()[0].lower() == "saltillo"]
    assert namesakes, "the demo has an interplant supplier named after the Saltillo plant"
    result = ask(agent, "morgan.lee", "Premium freight at Saltillo this month", "t-kpi-sal")
    assert result.tool_calls == [
        {"name": "kpi_query",
         "args": {"metric": "premium_freight_spend", "plant": "SAL", "period": "this month"}}
    ]  # fmt: skip
    assert "Premium freight spend" in result.answer and "SAL" in result.answer
    by_code = find_mentions("premium freight at SAL this month", vocab)
    assert by_code.plants == ["SAL"] and by_code.suppliers == []


def test_saying_supplier_clearly_keeps_the_supplier(demo_db_shared: Engine) -> None:
    vocab = load_vocabulary(demo_db_shared)
    [namesake] = [c for c, n in vocab.suppliers.items() if n.split()[0].lower() == "saltillo"]
    said = find_mentions("on-time % of supplier Saltillo Trim at Lakeside last quarter", vocab)
    assert said.suppliers == [namesake] and said.plants == ["LKS"]
    interplant = find_mentions("interplant OTIF from Saltillo last 90 days", vocab)
    assert interplant.suppliers == [namesake] and interplant.plants == []
    other = find_mentions("Voltaic OTIF at Saltillo", vocab)  # a different supplier stays
    assert other.suppliers == ["VOLTAIC"] and other.plants == ["SAL"]


def test_days_of_supply_for_an_item_uses_the_item_and_the_forward_window(agent: Agent) -> None:
    engine = agent.engine
    result = ask(agent, "dana.kim", "Days of supply for F-2200", "t-kpi-dos")
    assert result.tool_calls == [
        {"name": "kpi_query", "args": {"metric": "days_of_supply", "item": "F-2200"}}
    ]
    by_item = compute_kpi(engine, "days_of_supply", plant="LKS", group_by="item")
    expected = by_item.row("F-2200").value
    assert expected is not None and expected > 0
    default = find_kpi("days_of_supply")
    assert default.window == "forward" and by_item.period.start >= by_item.as_of
    assert f"Days of supply, {by_item.period.label}, LKS, item F-2200: overall " in result.answer
    assert format_value(expected, "days") in result.answer
    assert "last 90 days" not in result.answer


def test_a_history_period_is_not_put_on_a_look_ahead_kpi(agent: Agent) -> None:
    result = ask(agent, "dana.kim", "days of supply for F-2200 over the last 90 days", "t-kpi-h")
    assert result.tool_calls == [
        {"name": "kpi_query", "args": {"metric": "days_of_supply", "item": "F-2200"}}
    ]
    ahead = ask(agent, "dana.kim", "line stop risk hours for E-4410 next 7 days", "t-kpi-lsr")
    assert ahead.tool_calls == [
        {"name": "kpi_query",
         "args": {"metric": "line_stop_risk_hours", "item": "E-4410", "period": "next 7 days"}}
    ]  # fmt: skip
    expected = compute_kpi(agent.engine, "line_stop_risk_hours", plant="LKS",
                           period="next 7 days", group_by="item").row("E-4410").value  # fmt: skip
    assert format_value(expected, "hours") in ahead.answer


def test_kpi_query_item_filter_is_checked(agent: Agent) -> None:
    from tools.result_data import KpiValues
    from tools.runner import call_tool

    ctx = agent.context(get_actor(agent.engine, "dana.kim"), "api", "t-kpi-tool").call_context()
    otif = call_tool(agent.engine, ctx, "kpi_query", {"metric": "supplier OTIF", "item": "F-2200"})
    assert not otif.ok and "cannot be filtered by item" in (otif.error or "")
    unknown = call_tool(agent.engine, ctx, "kpi_query", {"metric": "dos", "item": "NOPE-1"})
    assert not unknown.ok and "no item 'NOPE-1'" in (unknown.error or "")
    one = call_tool(agent.engine, ctx, "kpi_query", {"metric": "dos", "item": "f-2200"})
    assert one.ok
    [value] = one.typed(KpiValues).root
    assert value.filters["item"] == "F-2200" and value.rows == []
