"""What governance refuses, as exceptions whose messages a user can act on."""

from __future__ import annotations

from collections.abc import Sequence


class GovernanceError(Exception):
    """Base of every refusal governance raises; `str(err)` is the user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccessDenied(GovernanceError):
    """The actor may not do this (role, policy, four-eyes, approval limit)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutOfScope(AccessDenied):
    """The plant the request touches is outside the actor's plant scope."""

    def __init__(self, plant: str, scope: Sequence[str], subject: str | None = None) -> None:
        scope_text = ", ".join(scope) if scope else "no plants"
        what = f"{subject} is at {plant}, not" if subject else f"Plant {plant} is not"
        super().__init__(f"{what} in your scope ({scope_text})")
        self.plant = plant
        self.scope = tuple(scope)
        self.subject = subject


class UnknownIdentity(GovernanceError):
    """A sender who maps to no Lineside user: refused, never served anonymously."""


class RateLimited(GovernanceError):
    """Too many calls of one tool by one user; try again after `retry_after_s`."""

    def __init__(self, username: str, tool_name: str, retry_after_s: float) -> None:
        super().__init__(
            f"Too many {tool_name} calls for {username}; try again in {retry_after_s:.1f} s"
        )
        self.retry_after_s = retry_after_s


class ProposalError(GovernanceError):
    """A proposal cannot be created or decided as asked."""


class ProposalNotFound(ProposalError):
    """No proposal has the given id."""


class ProposalExpired(ProposalError):
    """The proposal outlived its time to live unanswered (deny by default)."""


class ProposalNotPending(ProposalError):
    """The proposal was already decided, expired or executed."""


class NoApprovalRule(ProposalError):
    """No approval rule covers this kind, plant and cost, so nobody may approve it."""


class ExecutionFailed(ProposalError):
    """An executor could not apply an approved proposal; nothing it did was kept."""
