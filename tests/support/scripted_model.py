"""A scripted chat model for agent tests: fixed replies in order, every prompt remembered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult


class ScriptedModel(BaseChatModel):
    """Replies in order with the given messages and remembers every prompt it was sent."""

    replies: list[AIMessage]
    seen: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(  # type: ignore[override]
        self, tools: Sequence[Any], **kwargs: Any
    ) -> ScriptedModel:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        reply = self.replies.pop(0) if self.replies else AIMessage("Done.")
        return ChatResult(generations=[ChatGeneration(message=reply)])


def two_proposals_at_once() -> ScriptedModel:
    """A model that asks for an expedite and an escalation in one turn (two parallel pauses)."""
    calls = [
        {"name": "expedite_po", "args": {"po_number": "PO-7781", "mode": "air", "qty": 600},
         "id": "call-expedite", "type": "tool_call"},
        {"name": "draft_supplier_escalation", "args": {"supplier": "VOLTAIC"},
         "id": "call-escalate", "type": "tool_call"},
    ]  # fmt: skip
    return ScriptedModel(
        replies=[AIMessage("", tool_calls=calls), AIMessage("Both wait for approval.")], seen=[]
    )
