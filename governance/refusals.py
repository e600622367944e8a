"""A request declined for the asker's role before any tool ran, in the audit chain like the
gate's own refusals: who asked, what they asked for, and the policy rule that declined it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from governance.audit import AuditEntry, append_audit
from governance.context import CallContext
from governance.policy import role_refusal, tool_rule


def record_role_refusal(
    engine: Engine, ctx: CallContext, tool_name: str, asked: Mapping[str, Any]
) -> int:
    """Audit that `ctx.actor` was told no to `tool_name` (with the arguments `asked`) for their
    role; returns the record's id.

    The rule is read from the tool policy, not taken from whoever declined: a refusal the policy
    would not make is recorded as `declined` with the rule that allows it, so it stands out.
    """
    rule = tool_rule(engine, ctx.actor.role, tool_name)
    message = role_refusal(ctx.actor.role, tool_name).message
    return append_audit(
        engine,
        AuditEntry(
            kind="refusal",
            actor=ctx.actor.username,
            outcome="declined" if rule.allowed else "denied",
            tool=tool_name,
            channel=ctx.channel,
            thread_id=ctx.thread_id,
            on_behalf_of=ctx.on_behalf_of,
            arguments={"asked": dict(asked), "rule": rule.as_dict()},
            model=ctx.model,
            detail=f"{message}; {rule.words()}"
            if not rule.allowed
            else f"declined for role although {rule.words()}",
        ),
    )
