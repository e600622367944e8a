"""Questions about who would decide an action, and about leaving a decision undecided.

"Who'd have to sign off if we flew the rest in?", "does priya need to approve it?", "is 12k mine
to sign?" ask about a decision: the words of deciding in them (sign, sign off, ok, approve) are
never the user deciding. "And if I leave it till tomorrow?", "what if nobody answers it?" after
proposals were listed ask what happens to an undecided proposal: its expiry (deny by default).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.offline import planners as p
from agent.offline.mentions import Mentions
from agent.offline.planners import ACTION_OF_CALL, EXPIRY_START_RE, PROPOSAL_KINDS, Plan, Recall
from agent.offline.slots import modes_in
from agent.offline.vocabulary import Vocabulary

DECIDING = (
    r"(?:approv\w*|sign(?:s|ed|ing)?(?:[- ]?off)?|sign(?:s|ed)? (?:it|this|that|them) off|"
    r"ok(?:'?d|ay(?:ed)?|s)?|authori[sz]\w*|green-?light\w*|decid\w*|clear\w*|"
    r"rubber[- ]?stamp\w*|put (?:their|her|his|a) name to)"
)
# Someone other than the user as the one who would decide, or whether anyone would have to.
WHO_DECIDES_RE = re.compile(
    # "who would have to sign off", "who'd sign", "who gets to ok it", "whom does it go to"
    rf"\bwho(?:m|'d|'ll|'s|s)?\b[^.?!;]{{0,40}}?\b{DECIDING}(?![\w-])|"
    r"\bwhose (?:call|decision|sign-?off|signature|approval|desk|name)\b|"
    # "would priya need to approve it", "does it have to be signed off", "would that need sign-off"
    rf"\b(?:would|will|does|do|did|must|should|has|have)\s+(?!you\b|u\b)(?:\w+\s+){{1,3}}?"
    rf"(?:need|have|has|got)\s+to\s+(?:be\s+)?{DECIDING}(?![\w-])|"
    r"\b(?:need|needs|require|requires|want|wants)\s+(?:an?\s+|the\s+|someone'?s?\s+|"
    r"(?:\w+(?:'|’)s)\s+)?(?:sign-?off|signature|approval|ok|okay|go-?ahead)\b|"
    # "is that mine to sign?", "would it be my call", "is 12k within my limit"
    rf"\b(?:mine|yours|hers|his|theirs) to {DECIDING}(?![\w-])|"
    r"\b(?:my|her|his|their|your) (?:call|decision|sign-?off)\b|"
    r"\b(?:within|under|over|above|inside|outside) (?:my|her|his|their|your) "
    r"(?:limit|authority|remit|sign-?off)\b|"
    # "cant i just approve it myself", "why can't I sign that off": whether one may
    rf"^\W*(?:(?:so|but|and|ok|why)[,]?\s+)?(?:can'?t|cant|cannot|couldn'?t) (?:i|we)\s+"
    rf"(?:just\s+|simply\s+)?{DECIDING}(?![\w-])|"
    # "could i have just pushed it thru myself?", "can i put that through on my own"
    rf"\b(?:could|can|would|may|might)\s+i\s+(?:have\s+)?(?:just\s+|simply\s+)?(?:{DECIDING}|"
    r"push(?:ed)?|put|sign(?:ed)?|oka?y?e?d|approved|confirmed)(?:\s+(?:it|that|this|them))?"
    r"(?:\s+(?:thru|through|off|in))?\s+(?:my ?self|on my own|alone)\b",
    re.IGNORECASE,
)
# Added to the approval-rule intent's own rules: the asker's or another's share of a decision.
MINE_TO_SIGN = (
    rf"\b(?:mine|yours|hers|his|theirs) to {DECIDING}(?![\w-])|"
    r"\b(?:is|would|will) (?:that|it|this|\d[\d,.]*k?) (?:be )?(?:my|her|his|their) "
    r"(?:call|decision|sign-?off)\b|"
    r"\bwho(?:'d| would| will)? (?:\w+ ){0,2}(?:need|have|has|got) to (?:be )?"
    rf"{DECIDING}(?![\w-])"
)


def asks_who_decides(clause: str) -> bool:
    """A question about who would decide an action, or whether someone would have to: the
    decide words in it are asked about, never said by the user deciding."""
    return WHO_DECIDES_RE.search(clause) is not None


# Leaving proposals undecided: "leave it till tomorrow", "if I don't get to it", "sit on them",
# "nobody answers it", "let it lapse", "ignore them", "don't do anything about them".
UNDECIDED_RE = re.compile(
    r"\b(?:leave|let)\s+(?:it|them|that|this|those|these|(?:the|that|this) (?:one|proposal|"
    r"request|expedite)s?)\b(?:\s+\w+){0,2}?\s*(?:till|until|til|for|overnight|alone|be|sit|"
    r"lapse|ride|slide|go|wait|pending|open|hanging)?|"
    r"\b(?:don'?t|do not|dont|doesn'?t|does not|didn'?t|never|can'?t|cannot|won'?t)\s+"
    r"(?:get (?:round |around )?to|answer|"
    r"respond to|reply to|look at|touch|decide|deal with|action|approve|sign|do anything "
    r"(?:about|with|on))\s+(?:it|them|that|this|those|these|the \w+|any of them|either)\b|"
    r"\b(?:nobody|no one|noone|no-one|neither of us|none of us)\s+(?:ever\s+)?(?:answers?|"
    r"approves?|decides?|responds?|replies|touches|looks at|signs?|gets to|picks up|acts on)\b|"
    r"\b(?:sit|sat|sitting)\s+on\s+(?:it|them|that|this|those|these)\b|"
    # "what if priya doesnt get to it", "if its still sitting there tmrw 6am what happens"
    r"\b(?:doesn'?t|does not|dont|don'?t|never|can'?t|won'?t)\s+(?:gets?|got)\s+"
    r"(?:round |around )?to\s+(?:it|them|that|this)\b|"
    r"\b(?:still\s+)?(?:sitting|sits|sat)\s+there\b|"
    r"\bleave\b[^.?!;]{0,40}?\b(?:sitting|pending|hanging|undecided|unanswered)\b|"
    r"\bignor\w*\s+(?:it|them|that|this|those|these|the \w+)\b|"
    r"\b(?:goes|go|left|stays?|remains?|is)\s+(?:un-?answered|un-?decided|un-?approved|"
    r"untouched|pending)\b|\bnot (?:answered|decided|approved) (?:by|in time|before)\b",
    re.IGNORECASE,
)
# Intents of a turn that put proposals in front of the user.
ABOUT_PROPOSALS = ("approvals", "proposal_status", "proposal_facts", "withdraw", "approval_rule")
PROPOSAL_WORD_RE = re.compile(
    r"\b(?:proposals?|requests?|approvals?|AP-\d+|the expedite|the escalation|the resequence)\b",
    re.IGNORECASE,
)


def leaves_undecided(clause: str, recall: Recall) -> bool:
    """'And if I leave it till tomorrow?' after proposals were listed or read, or a proposal
    named: what happens to it undecided (it expires, denied by default)."""
    if UNDECIDED_RE.search(clause) is None and EXPIRY_START_RE.search(clause) is None:
        return False
    read = any(name in ("pending_proposals", "approval_rule") for name, _ in recall.calls)
    weighed = recall.offer is not None or recalled_action(recall) is not None  # an action priced
    thread = recall.proposal is not None or recall.intent in ABOUT_PROPOSALS or read or weighed
    return thread or PROPOSAL_WORD_RE.search(clause) is not None


def recalled_action(recall: Recall) -> tuple[str, dict[str, Any]] | None:
    """The kind of action the thread's last turn discussed or proposed, with its PO or line:
    a proposal it raised, an expedite it priced, an action it weighed without proposing, or the
    approval rule it read for one ('who signs off on that?' next turn)."""
    kept = ("po_number", "line")
    for name, args in reversed(recall.calls):
        if name in ACTION_OF_CALL:
            return ACTION_OF_CALL[name], {k: v for k, v in args.items() if k in kept}
        if name == "approval_rule" and args.get("kind"):
            return str(args["kind"]), {k: v for k, v in args.items() if k in kept}
    offer = recall.offer or {}
    if str(offer.get("tool")) in PROPOSAL_KINDS:
        args = dict(offer.get("args") or {})
        return PROPOSAL_KINDS[str(offer["tool"])], {k: v for k, v in args.items() if k in kept}
    for name, args in reversed(recall.declined):  # asked for, but not the asker's role to ask
        if name in PROPOSAL_KINDS:
            return PROPOSAL_KINDS[name], {k: v for k, v in args.items() if k in kept}
    return None


# "if we flew it", "the rest", "that order": the action is the thread's own PO.
POINTS_BACK_RE = re.compile(
    r"\b(?:it|them|that|this|those|these|the (?:rest|balance|remainder|order|po|one|line|lot|"
    r"600|shipment)|(?:that|this|the same) (?:po|order|one|line))\b",
    re.IGNORECASE,
)
APPROVER = {"approver": "yes"}  # the answer leads with the one approver of that cost


def plan_who_decides(text: str, m: Mentions, recall: Recall, vocab: Vocabulary) -> Plan:
    """Who would decide an action: for a concrete expedite (a PO named now or before, 'the rest
    of Voltaic's order', a quantity of an item) the price of that very expedite and the one
    approver of that cost; after a turn about an action, the rule of that action's kind for its
    PO or line; otherwise the rule (`planners.plan_approval_rule`)."""
    kind = p.action_kind(text)
    if p.thread_proposal(text, m, recall, kind) is not None or m.money:
        return _focused(p.plan_approval_rule(text, m, recall, vocab))
    named = m.po_numbers or m.items or m.item_choices or len(m.suppliers) == 1
    if kind == "expedite_po" and (named or (recall.po_number and POINTS_BACK_RE.search(text))):
        return _focused(_one_mode(p.plan_expedite_quote(text, m, recall, vocab), text))
    recalled = recalled_action(recall) if kind is None else None
    if recalled is not None:
        kind, args = recalled
        if kind == "expedite_po":
            priced = p._priced(recall) or (
                {"po_number": args["po_number"]} if args.get("po_number") else None
            )
            if priced:  # the expedite just priced or proposed: its price and approver again
                return _focused(_one_mode(Plan("expedite_quote", [("expedite_quote", priced)]),
                                          text))  # fmt: skip
        if kind == "resequence" and recall.line and "line" not in args:
            args = {**args, "line": recall.line}
        return _focused(Plan("approval_rule", [("approval_rule", {"kind": kind, **args})]))
    return _focused(p.plan_approval_rule(text, m, recall, vocab))


def _one_mode(plan: Plan, text: str) -> Plan:
    """The expedite that would be proposed is priced: the mode said, else air (the expedite's
    own default), so its cost has one approver."""
    mode = (modes_in(text) or ["air"])[0] if len(modes_in(text)) <= 1 else None
    if mode is None:
        return plan  # "by air or truck?": both, each with its approver
    calls = [(n, {"mode": mode, **a} if n == "expedite_quote" else a) for n, a in plan.calls]
    then = plan.then
    if then is not None and then.tool == "expedite_quote":
        then = replace(then, args={"mode": mode, **then.args})
    return replace(plan, calls=calls, then=then)


def _focused(plan: Plan) -> Plan:
    return replace(plan, focus={**plan.focus, **APPROVER}) if plan.calls else plan
