"""The offline chat model: plans real tool calls from the message, then answers from the results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any, TypedDict

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, ValidationError

from agent.offline import wo_moves
from agent.offline.compose import Context, Observation, compose_answer, parse_result
from agent.offline.guard import is_propose
from agent.offline.intents import CANT, Plan, Recall, plan_turn
from agent.offline.ledger import recording
from agent.offline.mentions import PO_RE
from agent.offline.planners import Pending
from agent.offline.receipts import answered_receipt
from agent.offline.resolve import next_step, resolved_focus
from agent.offline.roles import Permits
from agent.offline.vocabulary import LiveVocabulary, Vocabulary
from agent.prompts import ACTOR_KEY, AS_OF_KEY, DECLINED_KEY, REGENERATE_KEY
from tools.result_data import ProposalList, Shortages

NOTE_KEY = "lineside_turn"  # the typed note each offline reply carries for the next turn


class TurnNote(TypedDict):
    """What the next turn needs of this one (an AIMessage's additional_kwargs[NOTE_KEY])."""

    intent: str
    act: str
    then: dict[str, Any] | None  # the action still waiting for its PO line (a Pending's fields)
    choices: list[dict[str, Any]]  # the PO lines the question back offered, best first
    offer: dict[str, Any] | None  # the action this turn priced or weighed: {"tool", "args"}
    receipt: int | None  # which scheduled receipt of an item this turn answered (1: the next)


def turn_note(
    plan: Plan, final: bool = False, offer: dict[str, Any] | None = None, receipt: int | None = None
) -> TurnNote:
    """What the next turn needs of this one, as data: the intent, the act, an action still
    waiting for the user to pick its PO line (cleared once the turn has answered), and the
    action this turn priced or weighed without proposing it ("ok do it" next turn makes it)."""
    waiting = plan.then is not None and bool(plan.choices) and not final
    return TurnNote(
        intent=plan.intent,
        act=plan.act,
        then=asdict(plan.then) if waiting and plan.then else None,
        choices=[dict(c) for c in plan.choices] if waiting else [],
        offer=offer,
        receipt=receipt,
    )


def offered(plan: Plan, observations: Sequence[Observation]) -> dict[str, Any] | None:
    """The proposal a yes next turn would make: the expedite a quote priced (its line, mode and
    any quantity the user named), else the action a question or 'what if' weighed. Nothing once
    something was proposed; after a negation only a quote the user asked for ("don't book it yet,
    what would it cost?"), since a later "ok do it" is then her own request."""
    if plan.act not in ("ask", "hypothesise", "negate") or any(
        is_propose(o.tool) for o in observations
    ):
        return None
    quote = next((o for o in observations if o.tool == "expedite_quote" and o.result.get("ok")),
                 None)  # fmt: skip
    if plan.act == "negate" and quote is None:
        return None  # "don't expedite it": nothing to say yes to
    if quote is not None:
        args = {k: v for k, v in quote.args.items() if k in ("po_number", "line_no", "qty")}
        return {"tool": "expedite_po", "args": {**args, "mode": quote.args.get("mode") or "air"}}
    if plan.offer is not None:
        return {"tool": plan.offer[0], "args": dict(plan.offer[1])}
    return None


NO_TOOLS = "The tools that question needs are not available to me in this session."


def _text(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else str(message.content)


def recall_from(history: Sequence[BaseMessage]) -> Recall:
    """The latest PO, supplier, item and line named by earlier tool calls or results."""
    found: dict[str, Any] = {}
    new_turn = False
    for message in history:
        if isinstance(message, HumanMessage):
            new_turn = True  # the last turn with calls replaces the ones before it
        if isinstance(message, AIMessage) and isinstance(message.additional_kwargs.get(NOTE_KEY),
                                                         dict):  # fmt: skip
            note = message.additional_kwargs[NOTE_KEY]
            found["intent"] = note.get("intent")
            found["pending"] = Pending(**note["then"]) if note.get("then") else None
            found["choices"] = tuple(note.get("choices") or ())
            found["offer"] = note.get("offer") if isinstance(note.get("offer"), dict) else None
            found["receipt"] = note.get("receipt") if isinstance(note.get("receipt"), int) else None
            refused = message.additional_kwargs.get(DECLINED_KEY)  # "who signs off on that?" next
            found["declined"] = tuple(
                (str(d["tool"]), dict(d.get("args") or {}))
                for d in (refused if isinstance(refused, list) else [])
                if isinstance(d, dict) and d.get("tool")
            )
        if isinstance(message, AIMessage):
            if message.tool_calls:
                kept = () if new_turn else tuple(found.get("calls", ()))
                found["calls"] = kept + tuple((c["name"], dict(c["args"]))
                                              for c in message.tool_calls)  # fmt: skip
                if new_turn:  # what the answer before this turn's was about is not this one's
                    found["shorts"], found["last_item"] = (), None
                new_turn = False
            for call in message.tool_calls:
                args = call["args"]
                for key in ("po_number", "supplier", "item", "line"):
                    if args.get(key):
                        found[key] = str(args[key])
                if args.get("item"):
                    found["last_item"] = str(args["item"])
        elif isinstance(message, ToolMessage):
            result = parse_result(_text(message), "")
            payload = result.get("data") or {}
            inner = payload.get("payload") if isinstance(payload, dict) else None
            if isinstance(inner, dict) and inner.get("po_number"):
                found["po_number"] = str(inner["po_number"])
            named = _named_by(payload)
            found.update(named)
            if named.get("item"):
                found["last_item"] = named["item"]
            short = short_items(payload)
            if short:  # "when do we get more of them?" after the door line's one shortage
                found["shorts"] = tuple(dict.fromkeys((*found.get("shorts", ()), *short)))
                if len(found["shorts"]) == 1:
                    found["item"] = found["last_item"] = found["shorts"][0]
            lines = payload.get("lines") if isinstance(payload, dict) else None
            if isinstance(lines, list) and len(lines) > 1:  # "expedite the first one"
                found["listed"] = tuple(
                    str(x["po_number"]) for x in lines if isinstance(x, dict) and x.get("po_number")
                )
            if isinstance(result.get("proposal"), dict) and result["proposal"].get("id"):
                found["proposal"] = str(result["proposal"]["id"])
            read = _proposal_read(payload)
            if read is not None:  # "can I approve it?" after a read of one proposal
                found["proposal"] = read
        elif isinstance(message, HumanMessage):
            pos = PO_RE.findall(_text(message))
            if pos:
                found["po_number"] = f"PO-{pos[-1]}"
    return Recall(**found)


def short_items(data: Any) -> tuple[str, ...]:
    """The items a shortages result lists, in its order; none for any other result."""
    if not isinstance(data, list) or not data:
        return ()
    try:
        return tuple(dict.fromkeys(s.item for s in Shortages.model_validate(data).root))
    except ValidationError:
        return ()


def _proposal_read(data: Any) -> str | None:
    """The one proposal a read result is about: a listing of exactly one, or the proposal an
    approval rule was read for; None for a listing of several or no proposal."""
    if isinstance(data, dict) and isinstance(data.get("proposal"), dict):
        return str(data["proposal"]["id"]) if data["proposal"].get("id") else None
    if not isinstance(data, list) or len(data) != 1:
        return None
    try:
        return ProposalList.model_validate(data).root[0].id
    except ValidationError:
        return None


def _named_by(data: Any) -> dict[str, str]:
    """The one PO, supplier and item a result is about (a PO's risk, a single open line), so
    'that supplier' or 'chase them' next turn means it; nothing from lists of many."""
    if not isinstance(data, dict):
        return {}
    lines = data.get("lines")
    if isinstance(lines, list):
        if len(lines) != 1 or not isinstance(lines[0], dict):
            return {}
        data = lines[0]
    return {key: data[key] for key in ("po_number", "supplier", "item")
            if isinstance(data.get(key), str) and data[key]}  # fmt: skip


def _observations(messages: Sequence[BaseMessage]) -> list[Observation]:
    """The tool calls since the last user message, each paired with its result."""
    start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=0)
    calls = {c["id"]: c for m in messages[start:] if isinstance(m, AIMessage) for c in m.tool_calls}
    found = []
    for m in messages[start:]:
        if isinstance(m, ToolMessage) and m.tool_call_id in calls:
            call = calls[m.tool_call_id]
            found.append(
                Observation(call["name"], call["args"], parse_result(_text(m), call["name"]))
            )
    return found


class OfflineChatModel(BaseChatModel):
    """A deterministic chat model over the plant's vocabulary; it never invents a fact."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    vocabulary: Vocabulary
    tool_names: tuple[str, ...] = ()
    source: LiveVocabulary | None = None  # when set, the vocabulary follows master data

    @property
    def _llm_type(self) -> str:
        return "lineside-offline"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Any],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """The same model, now allowed to call exactly these tools."""
        names = tuple(convert_to_openai_tool(t)["function"]["name"] for t in tools)
        return self.model_copy(update={"tool_names": names})

    def respond(
        self,
        messages: Sequence[BaseMessage],
        as_of: datetime | None = None,
        permits: Permits | None = None,
    ) -> AIMessage:
        """Plan tool calls for a new user message; after tool results, write the answer.

        `as_of` is the run's "now" (from its context); without it, the vocabulary's own.
        `permits`: the asking user's role and who may call each propose tool (from its context).
        """
        last_human = max(
            (i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=None
        )
        if last_human is None:
            return AIMessage(content=CANT)
        known = self.source.current() if self.source is not None else self.vocabulary
        vocab = known.at(as_of or self.vocabulary.as_of)
        plan = plan_turn(_text(messages[last_human]), recall_from(messages[:last_human]),
                         vocab, permits)  # fmt: skip
        if isinstance(messages[-1], ToolMessage):
            observations = _observations(messages)
            moving = wo_moves.is_move(plan.then)
            step = (
                wo_moves.step(plan, observations, vocab)
                if moving
                else next_step(plan, observations)
            )
            if step is not None:  # the PO line an action names is known now: act, or ask
                return self._message_for(step, len(messages))
            # The same plan that asked for the tools says what the answer should pick from them.
            ctx = Context(
                intent=plan.intent,
                focus={
                    **plan.focus,
                    **resolved_focus(plan, observations),
                    **wo_moves.focus(plan, observations, vocab),
                },
                names=vocab.items,
                suppliers=vocab.suppliers,
                now=vocab.as_of,
                timezones=vocab.plant_timezones,
                asks=plan.asks,
            )
            with recording() as derived:
                text = compose_answer(observations, ctx)
            return AIMessage(
                content=text,
                response_metadata={"derived": [d.as_dict() for d in derived]},
                additional_kwargs={
                    NOTE_KEY: turn_note(
                        plan,
                        final=True,
                        offer=offered(plan, observations)
                        or wo_moves.offer(plan, observations, vocab),
                        receipt=answered_receipt(observations, ctx.focus),
                    )
                },  # fmt: skip
            )
        # Only the reply to the user's message carries the refusals, so each is recorded once.
        return self._message_for(plan, len(messages), declined=plan.declined)

    def _message_for(
        self, plan: Plan, position: int, declined: Sequence[tuple[str, dict[str, Any]]] = ()
    ) -> AIMessage:
        calls = [(name, args) for name, args in plan.calls if name in self.tool_names]
        note: dict[str, Any] = {NOTE_KEY: turn_note(plan)}
        if declined:
            note[DECLINED_KEY] = [{"tool": name, "args": args} for name, args in declined]
        if plan.reply is not None:
            return AIMessage(content=plan.reply, additional_kwargs=note)
        if not calls:
            return AIMessage(content=NO_TOOLS, additional_kwargs=note)
        return AIMessage(
            content="",
            additional_kwargs=note,
            tool_calls=[
                {
                    "name": name,
                    "args": args,
                    "id": f"call_{position}_{i}_{name}",
                    "type": "tool_call",
                }
                for i, (name, args) in enumerate(calls)
            ],
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        # The graph hands the run's as-of time in the call's metadata (AS_OF_KEY), never as text.
        metadata = run_manager.metadata if run_manager else {}
        if metadata.get(REGENERATE_KEY):
            # Deterministic: a rewrite would repeat the answer, so the check removes the figures.
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content=""))])
        stated = metadata.get(AS_OF_KEY)
        as_of = datetime.fromisoformat(stated) if isinstance(stated, str) else None
        actor = metadata.get(ACTOR_KEY)
        permits = (
            Permits(
                str(actor["role"]),
                dict(actor.get("propose_roles") or {}),
                tuple(str(p) for p in actor.get("plants") or ()),
            )
            if isinstance(actor, dict) and actor.get("role")
            else None
        )
        reply = self.respond(messages, as_of, permits)
        return ChatResult(generations=[ChatGeneration(message=reply)])
