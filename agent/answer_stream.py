"""A turn's answer text for a stream's listener, released word by word once it is settled."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from langchain_core.messages import AIMessage

ANSWER_DELTA = "answer_delta"
_PIECE = re.compile(r"\S*\s*")


def pieces(text: str) -> list[str]:
    """Words with the whitespace after them: joined, exactly the text."""
    return [p for p in _PIECE.findall(text) if p]


def _messages(update: Any) -> list[Any]:
    updates = update if isinstance(update, list) else [update]
    return [m for u in updates if isinstance(u, dict) for m in u.get("messages", [])]


class AnswerStream:
    """Follows a run's node updates and tells the listener each answer's text as it is settled.

    The model's final message is held back until the answer node has checked its figures (and
    kept, rewritten or emptied it), so the listener never sees text the check removes. Answers
    of one turn are separated by a blank line, as TurnResult.answer joins them. Called as an
    event sink, it passes the graph's own events (tool calls, proposals) straight through.
    """

    def __init__(self, listener: Callable[[dict[str, Any]], None]) -> None:
        self.listener = listener
        self._held: str | None = None
        self._told = False

    def __call__(self, event: dict[str, Any]) -> None:
        self.listener(event)

    def update(self, data: dict[str, Any]) -> None:
        """One `updates` chunk of the graph's stream: {node: what it wrote}."""
        for node, update in data.items():
            replies = [m for m in _messages(update) if isinstance(m, AIMessage)]
            final = [str(m.content) for m in replies if not m.tool_calls and m.content]
            if node == "model":
                self._held = final[-1] if final else None
            elif node == "answer":
                # A rewrite replaces the held text (even with nothing); no update keeps it.
                text = str(replies[-1].content) if replies else self._held
                self._held = None
                if text:
                    self._tell(text)
            else:
                for text in final:  # decision reports: written by the graph, not the model
                    self._tell(text)

    def _tell(self, text: str) -> None:
        if self._told:
            self.listener({"event": ANSWER_DELTA, "text": "\n\n"})
        self._told = True
        for piece in pieces(text):
            self.listener({"event": ANSWER_DELTA, "text": piece})
