"""The gate every tool call passes: rate limit, plants, role and scope check, run, audit."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine

from domain.settings import get_settings
from governance.audit import AuditEntry, append_audit
from governance.canonical import digest
from governance.context import CallContext
from governance.errors import GovernanceError, RateLimited
from governance.policy import check_tool_access
from governance.rate_limit import RateLimiter, default_rate_limiter

T = TypeVar("T")


def governed_call(
    engine: Engine,
    ctx: CallContext,
    tool_name: str,
    args: BaseModel,
    plants: Sequence[str] | Callable[[], Sequence[str]],
    fn: Callable[[], T],
    *,
    subject: str | None = None,
    limiter: RateLimiter | None = None,
) -> T:
    """Run `fn` for the actor if policy allows, and audit the call whatever its outcome.

    `plants` may be a function (a tool's lookup of the PO's plant): it runs inside the gate,
    so a lookup that fails ("no purchase order PO-0000") is audited like any other error.
    The limiter defaults to the database's token buckets, shared by every process.

    Refusals (GovernanceError) are audited as denied, other exceptions as error; both are
    re-raised. If the audit record cannot be written the call fails: nothing runs unaudited.
    The record does not wait for the WAL flush unless LINESIDE_AUDIT_DURABLE_READS is set;
    what a call writes (a proposal) is recorded durably by that write's own transaction.
    """
    started = time.perf_counter()
    outcome, detail, result_digest = "ok", "", None
    try:
        (limiter or default_rate_limiter(engine)).acquire(ctx.actor.username, tool_name)
        touched = plants() if callable(plants) else plants
        check_tool_access(engine, ctx.actor, tool_name, touched, subject=subject)
        result = fn()
        result_digest = digest(result)
        return result
    except RateLimited as err:
        outcome, detail = "rate_limited", str(err)
        raise
    except GovernanceError as err:
        outcome, detail = "denied", str(err)
        raise
    except Exception as err:
        outcome, detail = "error", f"{type(err).__name__}: {err}"
        raise
    finally:
        append_audit(
            engine,
            AuditEntry(
                kind="tool_call",
                actor=ctx.actor.username,
                outcome=outcome,
                tool=tool_name,
                channel=ctx.channel,
                thread_id=ctx.thread_id,
                on_behalf_of=ctx.on_behalf_of,
                arguments=args.model_dump(mode="json"),
                result_digest=result_digest,
                latency_ms=(time.perf_counter() - started) * 1000.0,
                model=ctx.model,
                detail=detail,
            ),
            durable=get_settings().audit.durable_reads,
        )
