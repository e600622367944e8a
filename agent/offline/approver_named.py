"""A person named as the approver: 'does it need morgan?', 'will priya have to ok this?', 'can
sam sign that off'. The question is the approval rule of the action in question (the one it
names, else the thread's proposal or last action), read with that person (`approval_rule`'s
`person`): whether their role and plants make them the one who approves it, or one who may, or
neither and why, from governance's authority check. A question never proposes."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.offline.planners import Plan, Recall
from agent.offline.vocabulary import Vocabulary
from domain.entities.names import fold

# Words that ask whether someone decides: 'need', 'have to ok', 'sign off', 'whose call'.
DECIDES_RE = re.compile(
    r"\b(?:needs?|needed|require[sd]?|ha(?:ve|s) to|must|sign(?:s|ed)?(?:[- ]?off)?|ok(?:ay)?s?|"
    r"ok'?d|approv\w*|decid\w*|call|desk|go(?:es)? to|land\w* (?:on|with)|authori[sz]\w*|"
    r"green-?light\w*|blessing|say-?so|review\w*)\b",
    re.IGNORECASE,
)
ASKING = ("ask", "hypothesise")
# "did priya approve it?", "has morgan signed it off": whether they decided, not whether they may.
DECIDED_RE = re.compile(
    r"\b(?:did|has|have|had)\s+(?!to\b)(?:\w+\s+){1,3}?"
    r"(?:approved?|sign(?:ed)? (?:it |that |this )?off|ok(?:'?d|ayed)?|"
    r"rejected|reject|declined?|decided?)\b",
    re.IGNORECASE,
)


def person_named(text: str, vocab: Vocabulary) -> str | None:
    """The Lineside user a clause names, by first name or username ('priya', 'morgan.lee')."""
    folded = fold(text)
    for name, username in vocab.people.items():
        if re.search(rf"(?<![\w.]){re.escape(name)}(?:'s)?(?![\w])", folded):
            return username
    return None


def approver_asked(text: str, act: str, vocab: Vocabulary) -> str | None:
    """The person a question asks about as the approver ('can sam sign that off'), else None."""
    if act not in ASKING or DECIDES_RE.search(text) is None or DECIDED_RE.search(text):
        return None
    who = person_named(text, vocab)
    first = who.split(".", 1)[0] if who else ""
    if who and re.search(rf"\b(?:w/?|with|mtg|meeting|sync|1:1|call)\s+{re.escape(first)}\b",
                         fold(text)):  # fmt: skip
        return None  # "need it before my 1pm w morgan": a meeting, not an approver
    if who and re.search(rf"\b{re.escape(first)}(?:'?s| is| isn'?t)\s+(?:out|away|off|on "
                         r"(?:leave|vacation|holiday|pto)|not (?:here|in|around)|sick)\b",
                         fold(text)):  # fmt: skip
        return None  # "dana's out, if i raise it myself can i approve it": away, not asked of
    return who


def with_approver(plan: Plan, approver: str) -> Plan:
    """The approval-rule plan read for that person; an expedite the thread priced (a quote) is
    read as its rule at the quote's cost (the tool prices it from the PO)."""
    calls: list[tuple[str, dict[str, Any]]] = []
    for name, args in plan.calls:
        if name == "expedite_quote":
            rule = {"kind": "expedite_po", "po_number": args["po_number"]}
            calls.append(("approval_rule", {**rule, **_mode(args), "person": approver}))
        elif name == "approval_rule" and (args.get("kind") or args.get("proposal_id")):
            calls.append((name, {**args, "person": approver}))
        elif name == "approval_rule":  # no action named: the whole policy, whoever is asked of
            calls.append((name, args))
        else:
            calls.append((name, args))
    return replace(plan, intent="approval_rule", calls=calls) if calls else plan


def _mode(args: dict[str, Any]) -> dict[str, Any]:
    return {"mode": args["mode"]} if args.get("mode") else {}


HE_SHE_RE = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)


def with_person_before(clause: str, before: str, vocab: Vocabulary) -> str:
    """'luis put in a seat1 reseq - can he just approve it himself?': 'he' is the person the
    clause before named (by first name), so the question is asked of him; else the clause."""
    if person_named(clause, vocab) is not None or not HE_SHE_RE.search(clause):
        return clause
    who = person_named(before, vocab)
    if who is None:
        return clause
    first = who.split(".", 1)[0]
    return HE_SHE_RE.sub(first, clause, count=1)


# "what abt morgan then", "and sam?": the rule just read, asked of another person
OTHER_PERSON_RE = re.compile(
    r"^\W*(?:(?:ok|so|and|then|hm+|hmm)\W+)*(?:what|how)?\s*(?:about|abt|bout)?\s*\w+(?:\.\w+)?"
    r"\s*(?:then|instead|too)?\W*$",
    re.IGNORECASE,
)


def rule_for_another(text: str, recall: Recall, vocab: Vocabulary) -> Plan | None:
    """The approval rule the thread just read, read again for the person now named."""
    rules = [(n, a) for n, a in recall.calls if n == "approval_rule" and a.get("kind")]
    if not rules or OTHER_PERSON_RE.match(text) is None or len(text.split()) > 6:
        return None
    who = person_named(text, vocab)
    if who is None:
        return None
    calls = [(n, {**a, "person": who}) for n, a in rules]
    return Plan("approval_rule", calls, focus={"approver": "yes"})
