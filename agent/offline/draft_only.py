"""'Draft an esc to voltaic ..., dont fire it off yet': a draft asked for, its sending held back.

A proposal is that draft: nothing reaches the supplier until its approver confirms it. So the
hold on sending asks for nothing to be held back; the clause holding it is dropped and the draft
is proposed as asked, its answer saying that nothing is sent yet. 'Dont send anything, just tell
me what it would say' asks for no draft, and stays a question."""

from __future__ import annotations

import re

DRAFT_RE = re.compile(
    r"\b(?:draft|write up|write|prepare|put together|compose|draw up|mock up|raise|set up)\b",
    re.IGNORECASE,
)
SEND_LATER_RE = re.compile(
    r"[,;.]?\s*(?:but\s+)?(?:don'?t|dont|do not|no need to)\s+(?:send|fire|shoot|e-?mail|mail|"
    r"post)(?:\s+(?:it|that|this|them|the (?:e-?mail|note|message|draft)))?(?:\s+off|\s+out)?"
    r"(?:\s+(?:yet|just yet|right away|now|until i (?:say|check|confirm|ok it)|for now))?\s*"
    r"[.!]*\s*$",
    re.IGNORECASE,
)


def held_send(own: str) -> str | None:
    """The request without its 'dont send it yet', when a draft is asked for; else None."""
    found = SEND_LATER_RE.search(own)
    if found is None or DRAFT_RE.search(own[: found.start()]) is None:
        return None
    return own[: found.start()].rstrip(" ,;.")
