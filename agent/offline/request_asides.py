"""A request to act with an aside about its own approval: "truck PO-7781, that's under my limit
right?", "ok book the truck on 7781, I can sign that off myself can't I?", "air the 7781 and I'll
approve it myself", "expedite 7781 by air. I'll sign it off".

The request decides the act: it is proposed as asked, pending its approver. The aside is not the
user deciding (nothing exists yet to decide) nor a question instead of the request: it is
answered beside the proposal, from governance's own rule for it (`approval_rule`, read with the
proposal), saying whether the requester may confirm it themselves and, if not, who must.
An aside that decides for someone else ("I'll approve it for priya") or an order to decide
("... and approve it") is no aside: it stays what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from agent.offline.planners import PROPOSAL_KINDS, Plan

FOCUS_KEY = "own_approval"  # the answer says whether the requester may decide it: asked | said

# Words of deciding said of oneself: "approve it", "sign that off", "sign off on it", "ok it".
OBJECT = (
    r"(?:it|that|this|them|those|one|the (?:expedite|truck|booking|freight|proposal|request|one))"
)
DECIDING = (
    rf"(?:approve|sign(?:\s+{OBJECT})?\s+off(?:\s+on)?|sign(?:\s+for)?|ok|okay|o\.k\.|confirm|"
    r"authori[sz]e|green-?light|rubber[- ]?stamp|give (?:it|that) the (?:ok|okay|nod|go-?ahead))"
)
# What may follow it: when and how, and a tag asking for a yes ("can't I?", "right?").
TAIL = (
    r"(?:myself|my ?self|personally|directly|then|after(?:wards)?|later(?: on| today)?|now|"
    r"right away|straight away|today|tonight|tomorrow|first thing|in the morning|asap|too|"
    r"as well|anyway|no problem|no worries|as (?:the )?requester|as its requester|"
    r"(?:in|from|with) (?:the )?(?:console|slack|teams|buttons?|approval buttons?)|"
    r"when it (?:comes|shows up|lands)(?: through| in| up)?|once it'?s (?:in|up|raised|there)|"
    r"as soon as it'?s (?:in|up|raised|there)|can'?t i|cant i|right|yeah|yes|no|correct|"
    r"won'?t i|isn'?t it|is it not|aren'?t i|don'?t i|yeah\?|eh|yep|ok|okay|surely|i think|"
    r"i guess|i believe|i reckon|"
    # its reason: "i'll approve it myself so we dont lose time"
    r"(?:so|so that|because|cause|cuz|since) (?:we|it|that|i|they|the line|nothing)\b[^.?!;,]*)"
)
# "I'll approve it myself", "ill sign it off", "I can ok it later", "let me confirm it".
SAID = (
    r"(?:i'?ll|ill|i will|i'?m going to|im going to|i'?m gonna|im gonna|i shall|i can|i could|"
    r"i may|let me|i get to)\s+(?:just\s+|then\s+|quickly\s+|happily\s+|easily\s+)?"
    rf"{DECIDING}(?:\s+{OBJECT})?(?:\s+off)?"
)
# "that's under my limit right?", "is that mine to sign?", "can I sign it off myself?".
ASKED = (
    r"(?:(?:that|this|it)(?:'?s| is| should be| would be| ought to be)|thats|its|"
    r"is (?:that|it|this)|"
    r"should be|would be)\s+(?:still\s+|well\s+|comfortably\s+|just\s+|surely\s+)?"
    r"(?:(?:under|within|below|inside|in)\s+my\s+(?:own\s+)?(?:limit|authority|approval limit|"
    r"sign[- ]?off limit|threshold|remit|range)|mine to "
    + DECIDING
    + r"|my (?:call|decision|sign-?off|own to (?:approve|sign|ok)))|"
    r"(?:can|could|may) i\s+(?:just\s+)?" + DECIDING + rf"(?:\s+{OBJECT})?(?:\s+off)?|"
    r"(?:do|would|will) i\s+(?:get to|be (?:able|allowed) to)\s+"
    + DECIDING
    + rf"(?:\s+{OBJECT})?(?:\s+off)?"
)
# "raise the air on 7781 and just approve it urself": the assistant told to decide it. Nobody
# decides in chat: the request is proposed, and the answer says who must decide it instead.
ORDERED = (
    rf"(?:just\s+|then\s+|also\s+)?{DECIDING}(?:\s+{OBJECT})?(?:\s+off)?(?:\s+for\s+(?:me|us))?"
    r"\s+(?:your ?self|urself|ur ?self|u ?self|for me|on my behalf|for us|while (?:she|he|they)"
    r"(?:'?s|'?re| is| are) (?:out|away|off))"
)
ORDERED_RE = re.compile(ORDERED, re.IGNORECASE)
ASIDE = rf"(?:{SAID}|{ASKED}|{ORDERED})(?:\s*,?\s*{TAIL})*"
# Where the aside starts after the request: a comma, dash or semicolon, "and", "but", "so", or
# straight on with its own subject ("truck PO-7781 thats under my limit right?").
SEP = r"(?:\s*[,;:—–]\s*|\s+-+\s+|\s+)(?:(?:and|&|but|so|then|plus)\s+)?"
TRAILING_RE = re.compile(rf"^(?P<request>.*?\w.*?){SEP}(?P<aside>{ASIDE})[\s?!.]*$", re.IGNORECASE)
# "I'll sign it off myself, just truck the 7781": said first, the request after.
LEADING_RE = re.compile(
    rf"^\W*(?P<aside>{SAID}(?:\s*,?\s*{TAIL})*)(?:\s*[,;:—–]\s*|\s+-+\s+|\s+(?:so|and|just)\s+)"
    r"(?P<request>.*\w.*)$",
    re.IGNORECASE,
)
SAID_RE = re.compile(rf"^\W*{SAID}", re.IGNORECASE)
ALONE_RE = re.compile(
    rf"^\W*(?:(?:and|but|so|then|ok|okay)[,]?\s+)?{ASIDE}[\s?!.]*$", re.IGNORECASE
)
TAG_RE = re.compile(
    r"\?|\b(?:can'?t i|cant i|right|yeah|yes|no|correct|won'?t i|isn'?t it|is it not|aren'?t i|"
    r"don'?t i|eh|surely)\W*$|"
    rf"^\W*(?:(?:and|but|so|then|ok|okay)[,]?\s+)?(?:{ASKED})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Aside:
    """A request and the aside about its approval said with it."""

    request: str  # the request's own words: they decide the act and the plan
    words: str  # the aside as said
    asked: bool  # asked ("that's under my limit, right?"), else said ("I'll approve it myself")
    ordered: bool = False  # the assistant told to decide it ("and just approve it urself")


def split(clause: str) -> Aside | None:
    """The request and its aside, or None when the clause holds no aside about its approval
    (the act of the request part is the caller's to check)."""
    found = TRAILING_RE.match(clause) or LEADING_RE.match(clause)
    if found is None:
        return None
    request = found["request"].strip(" ,;:-—–")
    if not request:
        return None
    words = found["aside"].strip()
    ordered = ORDERED_RE.search(words) is not None and SAID_RE.match(words) is None
    return Aside(request, words, TAG_RE.search(words) is not None and not ordered, ordered)


def alone(clause: str) -> Aside | None:
    """A clause that is only an aside ("I'll approve it myself."), said after a request."""
    if ALONE_RE.match(clause) is None:
        return None
    return Aside("", clause.strip(), TAG_RE.search(clause) is not None)


def rule_call(tool: str, args: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The approval rule governance applies to this proposal, read beside it: its tiers (the
    requester's own confirmation limit) and what the asker may do at its price."""
    kind = PROPOSAL_KINDS.get(tool)
    if kind is None:
        return None
    rule: dict[str, Any] = {"kind": kind}
    for key in ("po_number", "line"):
        if args.get(key):
            rule[key] = args[key]
    if tool == "expedite_po":
        rule["mode"] = args.get("mode") or "air"
    return "approval_rule", rule


def answering(plan: Plan, aside: Aside) -> Plan:
    """The request's plan, with its approval rule read beside each proposal and the aside for the
    answer to take up; a plan that proposes nothing (a question back) is left as it is, bar the
    focus."""
    calls = list(plan.calls)
    for name, args in plan.calls:
        rule = rule_call(name, args)
        if rule is not None and rule not in calls:
            calls.append(rule)
    how = "ordered" if aside.ordered else "asked" if aside.asked else "said"
    focus = {**plan.focus, FOCUS_KEY: how}
    return replace(plan, calls=calls, focus=focus)
