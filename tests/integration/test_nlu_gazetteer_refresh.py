"""The offline model's words follow master data: a new item is understood without a restart."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from agent.offline.intents import Recall, plan_turn
from agent.offline.vocabulary import LiveVocabulary

pytestmark = pytest.mark.integration


def test_an_item_added_to_master_data_is_named_in_the_next_turn(demo_db: Engine) -> None:
    live = LiveVocabulary(demo_db, every_s=0)
    assert "E-9999" not in live.current().items
    with demo_db.begin() as conn:
        conn.execute(text("INSERT INTO item (code, description, family, item_type, uom, "
                          "criticality, unit_cost) VALUES ('E-9999', 'Lumbar pump controller', "
                          "'electronics', 'component', 'EA', 1, 12.5)"))  # fmt: skip
    vocab = live.current()
    assert vocab.items["E-9999"] == "Lumbar pump controller"
    plan = plan_turn("when does more E-9999 arrive?", Recall(), vocab)
    assert plan.calls == [("open_supply_for_item", {"item": "E-9999"})]
