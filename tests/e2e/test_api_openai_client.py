"""The official `openai` client against `lineside serve` over real HTTP: streaming and not."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest
from sqlalchemy import Engine

from tests.support.server import serve

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def test_the_openai_client_chats_with_lineside(demo_db: Engine, tmp_path: Path) -> None:
    with serve(demo_db, tmp_path) as server:
        client = openai.OpenAI(base_url=server.base_url + "/v1", api_key=server.token("dana.kim"))
        assert [m.id for m in client.models.list()] == ["lineside"]
        first = client.chat.completions.create(
            model="lineside",
            messages=[{"role": "user", "content": "why is PO-7781 risky?"}],
            user="po-7781-chat",
        )
        answer = first.choices[0].message.content or ""
        assert first.object == "chat.completion" and "PO-7781" in answer and "Voltaic" in answer
        # Streamed, the same question (a fresh conversation) arrives role first, then the answer
        # in many pieces that join to the same text, then the stop.
        streamed = list(
            client.chat.completions.create(
                model="lineside",
                messages=[{"role": "user", "content": "why is PO-7781 risky?"}],
                user="po-7781-streamed",
                stream=True,
            )
        )
        assert streamed[0].choices[0].delta.role == "assistant"
        pieces = [c.choices[0].delta.content for c in streamed if c.choices[0].delta.content]
        assert len(pieces) >= 5 and "".join(pieces) == answer
        assert [c.choices[0].finish_reason for c in streamed] == [None] * (len(streamed) - 1) + [
            "stop"
        ]
        # The same conversation keeps its context: "it" is PO-7781 from the turn before.
        stream = client.chat.completions.create(
            model="lineside",
            messages=[{"role": "user", "content": "air-expedite the 600 on it"}],
            user="po-7781-chat",
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert "expedite" in text.lower() and "PO-7781" in text
        assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0
        assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
        refused = openai.OpenAI(base_url=server.base_url + "/v1", api_key="not-a-token")
        with pytest.raises(openai.AuthenticationError):
            refused.models.list()
