"""The dialogue act of a message: does the user ask, ask us to act, negate, wonder, or decide?

Only a `request` may lead to a propose tool. The act is read from the user's own words
(`own_words`): text they paste or quote (a supplier's email) is data and never asks for anything.
An `override` is the user asking Lineside to set its rules aside ("ignore your rules", "admin
mode", "skip the approval"): it is declined, whatever else the message asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agent.offline.approver_asks import UNDECIDED_RE, asks_who_decides
from agent.offline.draft_only import held_send
from agent.offline.go_ahead import is_go_ahead
from agent.offline.hold_back import holds_back
from agent.offline.negation_scope import governed
from agent.offline.request_asides import Aside, alone, split

Act = Literal["ask", "request", "negate", "hypothesise", "decide", "override", "chitchat"]

# Verbs that ask Lineside to write to someone: a supplier escalation is the draft they become
# ("ping voltaic", "drop toledo a line", "shoot polyform a note", "get in touch with them").
MESSAGE_THING = r"(?:line|note|e-?mail|mail|message|msg|text|reminder|chaser)"
CONTACT_VERB = (
    r"(?:e-?mail|mail|ping|message|msg|text|write(?:\s+to)?|contact|nudge|chase|"
    r"reach\s+out(?:\s+to)?|get\s+in\s+touch(?:\s+with)?|get\s+hold\s+of|"
    r"(?:drop|shoot|send|fire\s+off|flick)"
    rf"(?=\s+(?:\S+\s+){{1,3}}?an?\s+(?:\w+\s+)?{MESSAGE_THING}\b))(?!\s+(?:me|us|from)\b)"
)
# Verbs that ask Lineside to do something that would become a proposal.
ACTION_VERB = (
    rf"(?:{CONTACT_VERB}|"
    r"(?:air[- ]?expedite|expedite|expidite|expedit|air[- ]?ship|hot[- ]?ship|rush|fly|truck|"
    r"air[- ]?freight(?=\s+(?:the|it|them|those|that|all|everything|rest|\d))|"
    r"air(?=\s+(?:the|it|them|those|that|all|everything|rest|in|\d))|"
    r"book|arrange|organi[sz]e|escalate|chase|nudge|draft|write|e-?mail|send|ping|ask|tell|"
    r"pull|push|move|reschedule|postpone|delay|bump|slide|bring|resequence|re-sequence|resequnce|"
    r"reorder|"
    r"re-order|swap|transfer|request|raise|open|propose|get|put|change|set up|ship|order|"
    r"update(?!\s+(?:me|us)\b)|amend|slide|bump|defer|"
    r"start|kick off|go ahead with|(?:have|let|loop in|need)(?=\s+(?:qa|qc|quality)\b)))"
)
# What may stand before the verb of a polite or indirect request.
POLITE = (
    r"(?:(?:ok(?:ay)?|so|then|now|and|also|right|alright|yes|yeah|great|good|fine|thanks|"
    r"hi|hey|instead)[,.!]?\s+)*"
    r"(?:please\s+|pls\s+|plz\s+|kindly\s+|just\s+|go ahead (?:and|n|&|an)\s+|let'?s\s+|lets\s+|"
    r"(?:can|could|would|will)\s+(?:you|we|u)\s+(?:please\s+)?|"
    r"i(?:'d| would)? (?:like|want|need) (?:you )?to\s+|i want you to\s+|we (?:need|want) to\s+|"
    r"need (?:you )?to\s+|we should\s+|you should\s+|time to\s+|make sure (?:you|we)\s+|"
    r"i need\s+(?=an?\s)|we need\s+(?=an?\s))*"
)
REQUEST_RE = re.compile(rf"^\s*{POLITE}{ACTION_VERB}\b", re.IGNORECASE)
# A request to write to someone: "email the supplier on PO-7781", "pls ping voltaic".
CONTACT_RE = re.compile(rf"^\s*{POLITE}{CONTACT_VERB}\b", re.IGNORECASE)
# "Polyform, about PO-7790 — escalate it": an order after a dash, colon or comma.
LATE_REQUEST_RE = re.compile(
    rf"(?:[,;:—–]|\s-)\s*{POLITE}{ACTION_VERB}\s+(?:it|them|that|this|"
    rf"the|an?|to|for|now|please)\b",
    re.IGNORECASE,
)
# "priya's out today so raise the air on 7781": a reason said first, then the order.
SO_REQUEST_RE = re.compile(
    rf"[\w'’]\s*,?\s+(?:so|then|therefore)\s+(?:pls\s+|please\s+|just\s+)?{ACTION_VERB}\s+"
    r"(?:it|them|that|this|the|an?|to|for|now|please|po|\d)",
    re.IGNORECASE,
)
# "an expedite for PO-7781, please", "escalation to Voltaic pls", "friendly email to polyform
# please": an order without a verb, named by the action it asks for. A polite word alone asks
# for nothing: "status of PO-7781 pls", "shortages pls" and "who approves that pls" are questions.
ACTION_NOUN = (
    r"(?:expedite|escalation|resequence|transfer|quality (?:rev(?:ie|ei|i)w|check)|e-?mail|note|"
    r"message|letter|reminder|chaser|date change)"
)
NOUN_REQUEST_RE = re.compile(
    r"^\s*(?:an?\s+|the\s+|one more\s+)?(?:(?:friendly|firm|polite|stern|formal|short|quick|"
    r"urgent|strong|gentle|air|truck|another)\s+)?" + ACTION_NOUN + r"s?\b"
    r".*\b(?:please|pls|plz|asap|now|thanks)\b",
    re.IGNORECASE,
)
# "air the 600 heater modules, what's the damage?": the price asked beside the action's words.
COST_ASK_RE = re.compile(
    r"\bwhat(?:'s|s| is| would be| will be| are)? the (?:damage|cost|price|bill|hit)\b|"
    r"(?<!no matter )\bhow much\b|\bwhat(?:'d|'ll| would| will| does) (?:it|that|this|they) "
    r"(?:cost|run (?:us|me)|set (?:us|me) back)\b|\b(?:cost|price|damage)\s*\?|"
    # "air everything on 7781 - bill and does it fix wed": the price asked by its noun alone
    r"(?:[,;:—–]|\s-)\s*(?:and\s+)?(?:the\s+)?(?:bill|cost|price|damage)\b(?=\s*(?:\?|$|,|and\b))",
    re.IGNORECASE,
)
# "tell me", "show me", "open POs for": asking to be told, not to act.
TELL_ME_RE = re.compile(
    r"^\s*(?:please\s+|just\s+|only\s+|simply\s+)?(?:tell|show|give|get|send) me\b|"
    r"^\s*open (?:pos?|"
    r"orders|lines|supply|po lines)\b|^\s*tell me\b",
    re.IGNORECASE,
)
# "define X pls", "explain OTIF please": asking what something is, never asking to act.
EXPLAIN_RE = re.compile(
    r"^\s*(?:(?:pls|please|plz|kindly|can you|could you)\s+)?(?:define|explain|describe)\b",
    re.IGNORECASE,
)
NEGATION_RE = re.compile(
    rf"\b(?:don'?t|do not|dont|doesn'?t|never|no need to|not to|hold off(?: on)?|"
    rf"stop|cancel|without|instead of|rather than|no)\s+(?:\w+\s+){{0,3}}?{ACTION_VERB}\w*\b|"
    r"\b(?:don'?t|do not|dont|no)\s+(?:\w+\s+){0,2}?(?:expedite|escalation|resequence)s?\b",
    re.IGNORECASE,
)
HYPOTHESIS_RE = re.compile(
    r"\bwhat (?:if|happens|would happen|would it|would an?|would the|does it cost|if)\b|"
    r"^\s*(?:(?:and|but|so|ok(?:ay)?|hmm?)[,]?\s+)*(?:what )?if\b|"
    r"\b(?:say|assuming|assume) (?:it|the|we)\b|"
    r"\bsuppose\b|\bsupposing\b|\bimagine\b|\bhypothetic|\bin case\b|\bif we (?:don'?t|do not|"
    r"didn'?t|did|were|had|skip|wait|let)|\bif (?:it|they|the|we)\b.*\b(?:would|will|could|can)\b|"
    r"\bwould (?:it|an?|the|that|we)\b.*\b(?:cost|take|help|need|mean|do)\b|"
    r"\bhow much would\b|\bwhat would\b|\bcould we\b.*\bif\b|"
    r"\bwould (?:a|an|the)\b.*\b(?:cheaper|faster|better|worth)\b",
    re.IGNORECASE,
)
# Runs of a product moved later on its line ("slide the vega seat runs later in the week until
# the foam lands", "push the orion jobs back till thursday"): a resequence of that line.
SLIDE_RUNS_RE = re.compile(
    r"\b(?:slide|shift|push|move|bump|defer|delay|postpone|hold back|run)\b(?:\s+\S+){0,5}?\s+"
    r"(?:runs?|jobs?|wos?|work ?orders?|builds?|batch(?:es)?|production)\b"
    r"(?:\s+\S+){0,6}?\s+(?:later|back|until|till|til|after|out|to the end)\b",
    re.IGNORECASE,
)
# "can we slide the vega seat runs later in the week?": asked whether, not told to.
CAN_WE_RE = re.compile(
    r"^\W*(?:(?:so|and|ok|hmm)[,]?\s+)?(?:can|could|should|would|shall|do) (?:we|i|u|you)\b",
    re.IGNORECASE,
)
# "could we swap the 10am vega door run with something?": wondering whether, not asking for it
# (DOMAIN.md's planner asks "can we resequence SEAT1 ...?" for a proposal: "can we" stays one)
COULD_WE_RE = re.compile(
    r"^\W*(?:(?:so|and|ok|hmm|but)[,]?\s+)?(?:could we|would it be possible to|is it possible to|"
    r"is there (?:a|any) way to|any way (?:we could|to))\b",
    re.IGNORECASE,
)
# "cant i just approve it myself, its urgent": asking whether one may, not deciding.
CANT_I_RE = re.compile(
    r"^\W*(?:(?:so|but|and|ok|why)[,]?\s+)?(?:can'?t|cant|cannot|couldn'?t|could not) (?:i|we)\b",
    re.IGNORECASE,
)
# "looks good send it", "lgtm, fire it off": approving a draft shown, in chat words.
SEND_IT_RE = re.compile(
    r"^\W*(?:(?:looks? (?:good|great|fine|ok)|lgtm|all good|good|great|perfect|fine|nice)"
    r"[,.!]*\s+)(?:(?:then|so|just|pls|please|go ahead and)\s+)*(?:send|fire|ship|mail|shoot) "
    r"(?:it|that|this|them)(?: off| out| over)?(?: now| pls| please| thanks)?\W*$",
    re.IGNORECASE,
)
# "say Voltaic never sends the 600", "if they don't ship the rest", "suppose the unconfirmed 600
# never come": a supply that fails, supposed; a what-if about our supply, never a "don't".
SUPPLY_MISS_RE = re.compile(
    r"\b(?:say|suppose|supposing|assume|assuming|what if|if|imagine|in case|worst case)\b"
    r"[^.?!;:]{0,60}?\b(?:never|don'?t|doesn'?t|do not|does not|won'?t|will not|can'?t|cannot|"
    r"fails? to|didn'?t)\s+(?:\w+\s+)?(?:send|sends|ship|ships|deliver|delivers|arrive|arrives|"
    r"come|comes|show|shows|confirm|confirms|make it|land|lands|turn up)\b",
    re.IGNORECASE,
)
DECIDE_RE = re.compile(
    r"(?:^|[.!?;:]\s*)\s*(?:(?:ok(?:ay)?|yes|so|then|fine|i am the \w+(?: \w+)?)[,.]?\s+)*"
    r"(?:please\s+|just\s+|go ahead and\s+|i\s+|we\s+)?(?:approve|reject|deny|sign off|"
    r"authori[sz]e|accept|decline)\b(?!\w)(?!.*\?\s*$)",
    re.IGNORECASE,
)
# The user asks Lineside to drop its rules, take a role it has not, or skip approvals.
OVERRIDE_RE = re.compile(
    r"\b(?:ignore|forget|disregard|drop|bypass|override|skip|suspend)\s+(?:all\s+|any\s+|"
    r"your\s+|the\s+|my\s+|previous\s+|prior\s+|earlier\s+|above\s+|these\s+|those\s+)*"
    r"(?:rules?|instructions?|guard ?rails?|polic(?:y|ies)|limits?|prompts?|restrictions?|"
    r"approvals?|four[- ]eyes|governance|checks?)\b|"
    r"\b(?:admin|administrator|developer|dev|god|debug|root|sudo|maintenance)\s+mode\b|"
    r"\byou are now\b|\bfrom now on,? you\b|\bjail ?break|\bpretend (?:you|to be|i am)\b|"
    r"\bact as (?:an? |the |my )?(?:admin|approver|plant manager|manager|executive|vp)\b|"
    r"\b(?:without|no|skip(?:ping)?) (?:an? |the |any )?approvals?\b(?! (?:rule|limit))|"
    r"\bauto-?approve\b|\bno need (?:for|to get) (?:an? )?approv",
    re.IGNORECASE,
)
# Deciding for another person ("approve it for her", "priya's request", "on his behalf").
FOR_ANOTHER_RE = re.compile(
    r"\bon (?:her|his|their|\w+(?:'|’)s) behalf\b|\bin (?:her|his|their) name\b|"
    r"\bfor (?:her|him|them|my (?:boss|manager)|the (?:plant )?manager)\b|"
    r"\b(?:priya|dana|luis|morgan|sam|eve|her|his)(?:'|’)?s? (?:request|proposal|expedite|"
    r"escalation|resequence|change|one|behalf)\b|\bfor (?:priya|dana|luis|morgan|sam|eve)\b|"
    r"\b(?:she|he|they|priya|morgan) (?:said|says|told me) (?:it'?s |that'?s )?(?:ok|fine|good)|"
    r"\b(?:priya|dana|luis|morgan|sam|eve|she|he|they|the (?:plant )?manager|my (?:boss|manager)|"
    r"the vp) (?:already |just |has |had )*(?:ok(?:'?d|ayed|ay'?d)|approved|signed (?:it |this |"
    r"that )?off|green-?lit|agreed|gave (?:it |us |me )?(?:the |her |his )?(?:ok|okay|go-?ahead|"
    r"green light|nod|thumbs up))\b",
    re.IGNORECASE,
)
# "mark it approved", "log AP-000001 as rejected": recording a decision is deciding.
MARK_DECIDED = (
    r"\b(?:mark|log|record|set|flag|put|note|enter|register)(?: (?:it|this|that|them|these|"
    r"those|the (?:expedite|proposal|request|escalation|resequence|change|transfer)|"
    r"(?:AP|PR)-\d+))?(?: down)? (?:as |to )?(?:approved|rejected|denied|accepted|ok(?:ayed|'?d)?|"
    r"signed off|authori[sz]ed|green-?lit)\b"
)
DECIDE_VERB_RE = re.compile(
    r"\b(?:approve|reject|deny|sign(?:ed)? off|authori[sz]e|ok it|okay it|greenlight|decline)\b|"
    + MARK_DECIDED,
    re.IGNORECASE,
)
# "looks fine, just approve all of them": a decision on something, wherever it stands.
DECIDE_OBJECT_RE = re.compile(
    r"\b(?:approve|reject|deny|sign off(?: on)?|authori[sz]e|green-?light)\s+(?:it|them|all|"
    r"everything|this|that|these|those|both|the (?:expedite|proposal|request|escalation|"
    r"resequence|change|transfer)s?|(?:AP|PR)-\d+)\b|" + MARK_DECIDED,
    re.IGNORECASE,
)
# "can you approve it?": asking Lineside to decide is deciding through it.
ASK_TO_DECIDE_RE = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|so|then|and)[,]?\s+)?(?:can|could|would|will) (?:you|u) "
    r"(?:please |just )?(?:approve|reject|deny|sign off|authori[sz]e|decline)\b",
    re.IGNORECASE,
)
QUESTION_START_RE = re.compile(
    r"^\s*(?:(?:so|and|but|wait|hmm+|ok(?:ay)?)[,]?\s+)?(?:who|what|whats|what's|when|whens|"
    r"where|why|how|which|is|are|was|were|did|does|do|has|have|had|should|shall|will|would|can|"
    r"could|may|might|any|tell me|show me|list|give me|explain|remind me|i wonder|wondering|"
    r"check)\b",
    re.IGNORECASE,
)
CHITCHAT_RE = re.compile(
    r"^\s*(?:(?:hi|hello|hey|yo|good (?:morning|afternoon|evening)|thanks?(?: you)?|thx|ty|"
    r"cheers|ok(?:ay)?|cool|great|nice|perfect|got it|bye|see you|how are you(?: doing)?|"
    r"who are you|what are you|that'?s (?:all|it)|that is (?:all|it)|all good|no thanks|"
    r"nothing else|sounds good|will do|noted)\W*(?:lineside|there|all|a lot|so much|mate|"
    r"for now|then)?\W*)+$",
    re.IGNORECASE,
)
# A line that starts a pasted document: mail headers, quote marks, a forwarded-message rule.
PASTE_START_RE = re.compile(
    r"^\s*(?:>|from:|to:|subject:|sent:|date:|cc:|-{3,}|_{3,}|begin forwarded|forwarded message|"
    r"original message|dear\b|hello\b.*team|hi\b.*team)",
    re.IGNORECASE,
)
# "... they wrote: <text>" on one line: what follows the colon is theirs.
INTRO_COLON_RE = re.compile(
    r"\b(?:wrote|writes|says|said|sent|replied|emailed|e-mailed|texted|messaged|email|e-mail|"
    r"message|mail|note|text|reads?)"
    r"(?: (?:this|us|me|the following))?\s*:\s*",
    re.IGNORECASE,
)
QUOTED_RE = re.compile(
    r"[\"“]([^\"”]{12,})[\"”]|«([^»]{12,})»|(?<![\w'‘])['‘]([^'’\n]{12,})['’](?!\w)"
)


@dataclass(frozen=True)
class OwnWords:
    """The user's own words, and any text they pasted or quoted (data, not instructions)."""

    own: str
    quoted: str = ""


def own_words(text: str) -> OwnWords:
    """Split a message into what the user says and what they paste or quote from others."""
    lines = text.splitlines()
    quoted_lines = [line for line in lines if line.lstrip().startswith(">")]
    if quoted_lines and len(quoted_lines) < len(lines):  # "> ..." lines are someone else's
        kept = [line for line in lines if not line.lstrip().startswith(">")]
        intro = INTRO_COLON_RE.search(kept[0])
        if intro and not kept[0][intro.end() :].strip():
            # "voltaic replied:" introduced the "> " lines: what follows them is the user's again
            rest = _with_inline_quotes("\n".join(kept), "")
        else:
            rest = own_words("\n".join(kept))
        return OwnWords(rest.own, "\n".join([*quoted_lines, rest.quoted]).strip())
    for i, line in enumerate(lines):
        if i > 0 and PASTE_START_RE.match(line):
            end = _closing_rule(lines, i)
            if end is not None:  # "---" pasted "---" then the user's own question again
                own = "\n".join([*lines[:i], *lines[end + 1 :]])
                return _with_inline_quotes(own, "\n".join(lines[i + 1 : end]))
            return _with_inline_quotes("\n".join(lines[:i]), "\n".join(lines[i:]))
    if len(lines) > 1:
        head = lines[0]
        intro = INTRO_COLON_RE.search(head)
        if intro and not head[intro.end() :].strip():
            return _with_inline_quotes(head, "\n".join(lines[1:]))
    intro = INTRO_COLON_RE.search(text)
    quoted_next = intro is not None and text[intro.end() :][:1] in "\"“'‘«"
    if intro and len(text[intro.end() :].split()) >= 6 and not quoted_next:
        return _with_inline_quotes(
            text[: intro.start()] + " " + intro.group(0).rstrip(": "), text[intro.end() :]
        )
    return _with_inline_quotes(text, "")


RULE_RE = re.compile(r"^\s*(?:-{3,}|_{3,}|={3,})\s*$")


def _closing_rule(lines: list[str], start: int) -> int | None:
    """Where a block opened by a rule line ('---') closes with another, if it does."""
    if not RULE_RE.match(lines[start]):
        return None
    return next((j for j in range(start + 1, len(lines)) if RULE_RE.match(lines[j])), None)


def _with_inline_quotes(own: str, quoted: str) -> OwnWords:
    """Quoted spans of several words inside the user's sentence are someone else's words too."""
    found = list(QUOTED_RE.finditer(own))
    spans = [m.group(1) or m.group(2) or m.group(3) for m in found]
    for m in found:  # the quote marks go too, so "...'. ok expedite it" still splits
        own = own.replace(m.group(0), "(quoted)")
    pasted = "\n".join(s for s in [*spans, quoted] if s.strip())
    return OwnWords(own=" ".join(own.split()), quoted=pasted)


# "what's short on SEAT1 and how's voltaic's OTIF?": a second question after "and".
SECOND_ASK = (
    r"(?:when|whens|when's|what|whats|what's|who|whos|who's|whose|which|where|how|hows|how's|why|is|are|was|does|"
    r"do|did|can|could|will|has|have|should|show|tell|give|list)\s+\w"
)

# A KPI named at the start of an ask of its own, after ", and".
KPI_HEAD = (
    r"(?:the\s+)?(?:days of (?:supply|cover|stock)|otif|on[- ]time|premium freight|schedule "
    r"adherence|confirmation rate|conf rate|line[- ]stop|exception aging|procurement cycle|"
    r"expedit\w* (?:spend|cost))\b"
)
# "don't expedite PO-7781, escalate to Voltaic instead": a second order after a comma.
SECOND_ORDER = (
    r"(?:expedite|escalate|draft|chase|e-?mail|resequence|transfer|push|pull|book|arrange)\s+"
    r"(?!it\b|them\b|that\b|this\b|one\b)"  # "..., escalate it" orders about the clause before
)


# "escalate to Voltaic and set up the air expedite too": a second action of Lineside's after "and"
NEXT_ACTION = (
    r"(?:please\s+)?(?:set up|book|arrange|draft|raise|open|propose|expedite|air-?expedite|"
    r"escalate|resequence|re-sequence|request|organi[sz]e)\b"
)


# "don't expedite anything, just tell me the on hand": what the user wants instead of the action
# they turned down, after a comma or dash ("just", "only", "all I need is", "I only want").
ONLY_ASK = (
    r"(?:but\s+|and\s+|so\s+)?(?:just|only|simply|all (?:i|we) (?:need|want)|"
    r"(?:i|we) (?:just |only )?(?:need|want)(?! (?:you )?to\b)|(?:i|we) (?:just|only) "
    r"(?:need|want))\b"
)
ONLY_ASK_RE = re.compile(rf"^\s*{ONLY_ASK}", re.IGNORECASE)
# The lead of such an ask, which asks nothing by itself: "just", "all I need is", "I only want".
ONLY_LEAD_RE = re.compile(
    rf"^\s*{ONLY_ASK}(?:\s+(?:is|are|to know|to see|to hear))?\s*(?=\w)", re.IGNORECASE
)
# "the on hand of E-4410 and the next delivery": a second ask in a noun phrase of its own.
NEXT_RECEIPT = (
    r"(?:the\s+|its\s+|their\s+)?(?:next|first|earliest)\s+(?:delivery|receipt|truck|shipment|"
    r"batch|load|drop|po|order)\b"
)
AFTER_NEGATION_RE = re.compile(rf"\s*(?:[,;:—–]|\s-)\s*(?={ONLY_ASK})", re.IGNORECASE)


# "dont book anything premium": only the premium kind of action is turned down.
PREMIUM_DOWN = (
    r"(?:don'?t|dont|do not)\s+(?!just\b)\w+\s+(?:anything|any)\s+"
    r"(?:premium|by air|air|expedited|express|rush)\b"
)
PREMIUM_DOWN_RE = re.compile(rf"^\s*{PREMIUM_DOWN}", re.IGNORECASE)


def _after_negation(part: str) -> list[str]:
    """A turned-down action and what is asked instead, as two clauses."""
    negated = NEGATION_RE.search(part)
    split = AFTER_NEGATION_RE.search(part, negated.end()) if negated else None
    if split is None:
        return [part]
    return [part[: split.start()], *_after_negation(part[split.end() :])]


def clauses(text: str) -> list[str]:
    """Sentences and clauses of the user's words, split where a new ask may start."""
    pieces = _after_negation(text)
    parts = [part for piece in pieces for part in re.split(
        r"(?<=[?!;])\s+|(?<=[a-z0-9)][.])\s+(?=[A-Za-z])|\s+(?:and also|also|plus)\s+|"
        r"\s+\+\s+(?=" + SECOND_ASK + r")|"
        r",?\s+(?:and|&)\s+(?:then\s+)?(?=" + NEXT_ACTION + r")|"
        r",?\s+(?:and|&)\s+(?=" + SECOND_ASK + r")|,\s+(?=" + SECOND_ORDER + r")|\n+|"
        # "shortages, line hrs at risk, anything that bites before end of shift": a second ask
        r",\s+(?=anything\s+(?:that|which|else|due|short|critical|urgent)\b)|"
        # "schedule adherence at GYR for feb, and days of supply on the heater module at LKS"
        r",\s+(?:and|plus|also|&)\s+(?=" + KPI_HEAD + r"(?![^.?!;]*\b(?:compared|vs\.?|versus|"
        r"against|the rest|portfolio|others)\b))|"
        # "chase polyform on it, dont book anything premium": an action, then one turned down
        r",\s+(?:but\s+)?(?=" + PREMIUM_DOWN + r")|"
        r",?\s+(?:and|&|plus)\s+(?=" + NEXT_RECEIPT + r")",
        piece,
    )]  # fmt: skip
    parts = [piece for part in parts for piece in _dash_ask(part)]
    parts = [piece for part in parts for piece in _question_list(part)]
    lead = re.compile(rf"^(?:and also|also|plus|and)\s+(?={SECOND_ASK})", re.IGNORECASE)
    stripped = (lead.sub("", p.strip(" ,")) for p in parts if p and p.strip(" ,"))
    found: list[str] = []
    for part in (p for p in stripped if p):
        if found and BARE_COST_RE.match(part):
            found[-1] = f"{found[-1].rstrip(' .!')}, {part}"  # "rush 600 modules. cost?": one ask
        else:
            found.append(part)
    return found


# "3 qs: where's asn-55102 sitting, did voltaic confirm the rest of 7781 yet, and whats the
# next polyform PO": questions listed with commas, each its own ask.
QUESTION_LIST_LEAD_RE = re.compile(
    r"^\W*(?:\d+|two|three|four|a (?:few|couple(?: of)?)|couple(?: of)?|quick|some)\s+"
    r"(?:q'?s|qs|questions?|things?)\s*[:\-–—]\s*",
    re.IGNORECASE,
)
NEXT_QUESTION_RE = re.compile(
    r",\s+(?:and\s+|also\s+|plus\s+)?(?=(?:did|does|has|have|was|were|is|are|whats|what'?s|"
    r"where'?s|when'?s|who'?s|how'?s|which|what|where|when|who|how)\s)",
    re.IGNORECASE,
)
SUPPOSED_RE = re.compile(r"\b(?:if|when|once|assuming|suppose|say|unless|until)\b", re.IGNORECASE)


def _question_list(part: str) -> list[str]:
    """Questions listed under a count ('3 qs: ...'), split at each comma that starts one."""
    lead = QUESTION_LIST_LEAD_RE.match(part)
    if lead is None:
        return [part]
    found: list[str] = []
    rest = part[lead.end() :]
    for piece in NEXT_QUESTION_RE.split(rest):
        if found and SUPPOSED_RE.search(found[-1]) and not SUPPOSED_RE.search(piece):
            found[-1] = f"{found[-1]}, {piece}"  # "if they slip, what then": one question
        else:
            found.append(piece)
    return [f.strip(" ,") for f in found if f.strip(" ,")]


# "luis put in a seat1 reseq - can he just approve it himself?": a statement, then a yes/no
# question about it; "voltaic - what have they committed to" is a topic, then its question.
DASH_ASK_RE = re.compile(
    r"\s+[-–—]\s+(?=(?:can|could|should|would|will|does|do|did|is|are|was|may)\s+"
    r"(?:he|she|they|we|i|you)\b)",
    re.IGNORECASE,
)


# "luis wants the mon 10am door1 vega pushed back, can i approve that": a statement, a comma,
# then a yes/no question about deciding it.
COMMA_DECIDE_ASK_RE = re.compile(
    r",\s+(?=(?:can|could|may|should|do|would)\s+(?:i|we|she|he|they)\s+(?:just\s+)?"
    r"(?:approve|sign|ok|okay|decide|reject|confirm)\b)",
    re.IGNORECASE,
)


def _dash_ask(part: str) -> list[str]:
    found = DASH_ASK_RE.search(part) or COMMA_DECIDE_ASK_RE.search(part)
    if found is None or len(part[: found.start()].split()) < 4:
        return [part]
    if found.re is COMMA_DECIDE_ASK_RE and SUPPOSED_RE.search(part[: found.start()]):
        return [part]  # "if i raise it myself, can i approve it": one question
    return [part[: found.start()], part[found.end() :]]


# "cost?", "how much?", "what's the damage?" alone: the price of what the clause before names.
BARE_COST_RE = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?|but)[,]?\s+)?(?:what(?:'s|s| is| would be)? the (?:damage|"
    r"cost|price|bill)|how much(?: (?:is|would|will) (?:it|that)(?: be| cost)?)?|(?:the )?"
    r"(?:cost|price|damage))\W*$",
    re.IGNORECASE,
)


# "propose it for priya", "put it in for her approval": whom the proposal goes to is its approver
# (the rule names them); a request, never a decision.
FOR_APPROVER = (
    r"(?:for|to) (?:her|him|them|approval|sign-?off|the (?:plant )?manager|my (?:boss|manager)|"
    r"(?!(?:" + r"mon|tue|wed|thu|fri|sat|sun|today|tomorrow|tmrw|air|truck" + r")\w*\b)"
    r"[a-z]+(?:(?:'|’)s)?)(?: (?:approval|sign-?off|ok|to (?:approve|sign(?: off)?|ok|decide)"
    r"))?"
)
# "ok do it", "yes book it", "go ahead": a yes to the action the previous turn priced or weighed.
CONFIRM_RE = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|k|yes|yeah|yep|yup|ya|sure|right|alright|all right|great|fine|perfect|"
    r"cool|good|sounds good|makes sense|fair enough|that works|actually|on second thought|"
    r"changed my mind|(?:you know|fine) what|ugh|meh|sigh|reads (?:fine|good|ok|okay|well)|"
    r"looks (?:fine|ok|okay)|lgtm)[,.!]*\s+)*(?:then\s+)?"
    r"(?:please\s+|pls\s+|just\s+|let'?s\s+)?(?:do it|do that|do so|go ahead|go for it|"
    r"book it|book that|proceed|make it so|yes please|please do|send it|raise it|propose it|"
    r"set it up|ship it|fly it|fly them|truck it|order it|let'?s go|green-?light it for me|"
    r"go with (?:it|that|air|the truck|truck)|pull the trigger|"
    r"(?:put|send) (?:it|that|this|one) (?:in|through|up|forward)|submit (?:it|that|this)|"
    r"file (?:it|that)|raise (?:it|that|one)|confirm (?:it|that|this)|put (?:it|that|this) in)"
    r"(?:,?\s+(?:then|now|please|pls|asap|thanks|thx|by (?:air|truck|plane|road)|"
    r"with (?:air|truck)|on it|that one|for me|(?:and\s+)?(?:send|route|pass) (?:it |that )?"
    r"(?:on )?"
    + FOR_APPROVER
    + r"|(?:put|send) (?:it|that|this) (?:in|through)|"
    + FOR_APPROVER
    + r"))*\W*$",
    re.IGNORECASE,
)


def confirms(text: str) -> bool:
    """A yes to the action the previous turn priced or weighed ("ok do it", "go ahead and book
    it", "yes, arrange that")."""
    return CONFIRM_RE.match(text) is not None or is_go_ahead(text)


WHO_WORD_RE = re.compile(r"\bwho(?:m|se|'d|'ll|'s)?\b", re.IGNORECASE)


def _asks_who_decides(clause: str) -> bool:
    """Asked who would decide, or whether someone would have to; a claim that someone already
    decided ("priya ok'd it, so...") stays a decision unless it is asked as a question."""
    if not asks_who_decides(clause) or ASK_TO_DECIDE_RE.match(clause):
        return False
    asked = (WHO_WORD_RE.search(clause) or "?" in clause or QUESTION_START_RE.match(clause)
             or HYPOTHESIS_RE.search(clause) or CANT_I_RE.match(clause))  # fmt: skip
    return bool(asked) and not (FOR_ANOTHER_RE.search(clause) and "?" not in clause)


# Phrases that make supplier or pasted text an attempted instruction to the assistant.
INSTRUCTION_RE = re.compile(
    r"\b(?:approve|ignore (?:your|all|previous)|disregard|you must|override|execute)\b",
    re.IGNORECASE,
)
# "reply and ask if they can split ship 200 by wed am", "email them asking whether ...": an
# order to write to someone, whose "if" is the question to put to them, not a supposition.
ASK_THEM_RE = re.compile(
    r"^\W*(?:(?:ok|so|pls|please|then|and|just)\W+)*(?:reply|respond|write back|write|e-?mail|"
    r"ping|message|msg|text|call)\b[^?]{0,40}?\bask(?:ing)?\s+(?:them\s+|him\s+|her\s+)?"
    r"(?:if|whether)\b",
    re.IGNORECASE,
)


def after_reason(clause: str) -> str:
    """The order of a clause that gives its reason first ("priya's out today so raise the air on
    7781": "raise the air on 7781"); the clause itself when it starts with its order."""
    if REQUEST_RE.match(clause) or NOUN_REQUEST_RE.search(clause) or LATE_REQUEST_RE.search(clause):
        return clause
    found = SO_REQUEST_RE.search(clause)
    if found is None or QUESTION_START_RE.match(clause):
        return clause
    return re.sub(r"^\W*(?:so|then|therefore)\s+", "", clause[found.start() + 1 :].lstrip(" ,"))


def clause_act(clause: str) -> Act:
    """The act of one clause of the user's own words."""
    if OVERRIDE_RE.search(clause):
        return "override"
    of_request = aside_head(clause)
    if of_request in ("request", "negate"):  # "truck PO-7781, that's under my limit right?": the
        return of_request  # request's act; "don't air it, I'll approve it later": nothing to decide
    if _asks_who_decides(clause):  # "who'd have to sign off on it": asked, never decided
        return "hypothesise" if HYPOTHESIS_RE.search(clause) else "ask"
    if CONFIRM_RE.match(clause) and not DECIDE_OBJECT_RE.search(clause):
        return "request"  # "submit it for priya to approve": to her, for her decision
    if ASK_THEM_RE.match(clause):
        return "request"  # "reply and ask if they can split ship 200": the "if" is what to ask
    head = governed(clause)
    negated_goal = NEGATION_RE.search(clause) and not NEGATION_RE.search(head)
    if head != clause and negated_goal and (REQUEST_RE.match(head) or LATE_REQUEST_RE.search(head)):
        return clause_act(head)  # "resequence it so we don't start short": the goal's "don't"
    asked = QUESTION_START_RE.match(clause) and not ASK_TO_DECIDE_RE.match(clause)
    if FOR_ANOTHER_RE.search(clause) and DECIDE_VERB_RE.search(clause) and not asked:
        return "decide"
    if (
        DECIDE_OBJECT_RE.search(clause)
        and not clause.rstrip().endswith("?")
        and not (QUESTION_START_RE.match(clause) and not ASK_TO_DECIDE_RE.match(clause))
    ):
        return "decide"
    if ASK_TO_DECIDE_RE.match(clause):
        return "decide"
    if SEND_IT_RE.match(clause):
        return "decide"  # "looks good, send it" of a draft: its approval, given through chat
    if DECIDE_RE.search(clause) and not QUESTION_START_RE.match(clause):
        return "decide"
    if confirms(clause):
        return "request"
    if CHITCHAT_RE.match(clause):
        return "chitchat"
    if CAN_WE_RE.match(clause) and SLIDE_RUNS_RE.search(clause):
        return "ask"  # "can we slide the vega runs later until the foam lands?": a question
    if COULD_WE_RE.match(clause) and not NEGATION_RE.search(clause):
        return "ask"  # "could we swap the 10am vega door run with something?": its facts
    if SUPPLY_MISS_RE.search(clause):
        return "hypothesise"  # "say voltaic never sends the 600": a what-if, not a "don't"
    if UNDECIDED_RE.search(clause) and (HYPOTHESIS_RE.search(clause) or "?" in clause):
        return "hypothesise"  # "what if I don't get to it today?": a decision left, not a "don't"
    if NEGATION_RE.search(clause):
        return "negate"
    if HYPOTHESIS_RE.search(clause):
        return "hypothesise"
    if TELL_ME_RE.match(clause) and not NOUN_REQUEST_RE.search(clause):
        return "ask"
    if EXPLAIN_RE.match(clause):
        return "ask"  # "define premium freight pls": a question, however polite
    if COST_ASK_RE.search(clause):
        return "ask"  # "fly in 600 heater modules - how much?": a quote, not the booking
    if REQUEST_RE.match(clause) or NOUN_REQUEST_RE.search(clause) or LATE_REQUEST_RE.search(clause):
        return "request"
    if SO_REQUEST_RE.search(clause) and not QUESTION_START_RE.match(clause) and "?" not in clause:
        return "request"  # "priya's out today so raise the air on 7781": why, then the order
    return "ask"


def aside_head(clause: str) -> Act | None:
    """The act of the request part of a clause with an aside about its own approval ("air the
    7781 and I'll approve it myself": a request; the aside is answered, never a decision)."""
    found = split(clause)
    if found is None or FOR_ANOTHER_RE.search(found.words):
        return None
    return clause_act(found.request)


def request_aside(clause: str) -> Aside | None:
    """The request and its aside, when the clause asks to act, or turns the action down, and says
    or asks something about deciding it ("truck PO-7781, that's under my limit right?", "don't
    air it, I'll approve it later")."""
    return split(clause) if aside_head(clause) in ("request", "negate") else None


def clause_acts(parts: list[str]) -> list[Act]:
    """The act of each clause; a clause that is only an aside about the request before it ("I'll
    sign it off.") is that request's, not an act of its own."""
    acts: list[Act] = []
    for part in parts:
        aside = acts and acts[-1] == "request" and alone(part) is not None
        acts.append("request" if aside else clause_act(part))
    return acts


def dialogue_act(text: str) -> Act:
    """The act of a whole message: a decision or a request wins over questions beside it."""
    own = own_words(text).own
    own = held_send(own) or own  # "draft it, dont send it yet": the draft is the request
    parts = clauses(own)
    acts: list[Act] = clause_acts(parts) or ["chitchat"]
    if "request" in acts and len(acts) == len(parts):  # "chase them, dont book anything premium"
        acts = [a for a, c in zip(acts, parts, strict=True)
                if not (a == "negate" and PREMIUM_DOWN_RE.match(c))]  # fmt: skip
    if holds_back(own):  # "air the 7781. dont actually book it": the request is held back
        acts = ["negate" if a == "request" else a for a in acts]
    for act in ("override", "decide", "negate", "hypothesise", "request"):
        if act in acts:
            return act
    if all(a == "chitchat" for a in acts):
        return "chitchat"
    return "ask"
