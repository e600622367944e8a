"""A go-ahead: a short yes to the action the previous turn priced or weighed ("ok book it", "go
ahead and do it", "yes, arrange that", "book it then", "sure, set that up for me").

It is read by its parts, not as a list of sentences: assent words, then polite leads ("please",
"let's", "go ahead and", "you can"), then one verb of doing from a closed set, then at most a
pronoun or the action's own name ("it", "that one", "the air option", "the expedite"), then
trailing fillers ("then", "now", "for me", "by truck"). Anything else (a PO, an item, a supplier,
a question) makes it a request of its own, planned as usual.
"""

from __future__ import annotations

import re

ASSENT = (
    r"(?:ok(?:ay)?|k|kk|yes|yeah|yea|yep|yup|ya|sure|right|alright|all right|great|fine|perfect|"
    r"cool|good|sounds good|makes sense|fair enough|that works|works for me|agreed|absolutely|"
    r"definitely|deal|then|so|in that case|that's fine|thats fine|fine by me|good stuff|nice)"
)
LEAD = (
    r"(?:please|pls|plz|just|then|now|let'?s|lets|go ahead (?:and|n|&)|go on and|you can|you may|"
    r"can you|could you|would you|feel free to|i'?d like you to|i want you to|we can|we should|"
    r"happy for you to|ok to|okay to|go and)"
)
# Verbs of doing, each with what may follow it; "go ahead" and "proceed" stand alone.
VERB = (
    r"(?:do|book|arrange|organi[sz]e|set up|set|sort|raise|propose|order|place|submit|file|"
    r"send|ship|fly|truck|air|expedite|request|get|make|put|lock|push|run|go|take|start|"
    r"kick off|line up|schedule|action|launch|fire off|have)"
)
STANDALONE = (
    r"(?:go ahead|go for it|proceed|make it so|make it happen|yes please|please do|do so|"
    r"pull the trigger|let'?s go|lets go|go|(?:get|have) it done|(?:get|have) that done|"
    r"do the needful|green-?light it for me|ship it|send it)"
)
OBJECT = (
    r"(?:it|that|this|them|those|these|so|that one|this one|the same|same|one|"
    r"the (?:air|truck|cheaper|faster|first|quoted|same)(?: one| option| freight| shipment| way|"
    r" version)?|air|truck|the flight|the (?:air )?freight|the expedite|the quote|the booking|"
    r"the shipment|the resequence|the swap|the move|the change|the escalation|the e-?mail|"
    r"the draft|the review|the transfer|the request|the proposal|with it|with that|ahead|up|"
    r"through|in)"
)
PARTICLE = r"(?:up|in|through|off|on|ahead|over|out)"
# "get it booked", "have that sorted": the thing done, after its object.
DONE = r"(?:booked|done|sorted|arranged|raised|sent|set up|going|moving|organi[sz]ed|started|in)"
TRAIL = (
    r"(?:then|now|please|pls|plz|asap|thanks|thank you|thx|ty|for me|for us|on it|that one|"
    r"right away|straight away|today|by (?:air|truck|plane|road)|with (?:air|truck)|"
    r"as quoted|as priced|at that price|like you said|as you said|if you can|mate|lineside)"
)
SEP = r"[\s,.!;:\-–—]+"
GO_AHEAD_RE = re.compile(
    rf"^\W*(?:{ASSENT}{SEP})*(?:{LEAD}{SEP})*"
    rf"(?:{STANDALONE}(?:{SEP}and{SEP}{VERB}(?:{SEP}{OBJECT}){{0,2}}(?:{SEP}{PARTICLE})?)?"
    rf"|{VERB}(?:{SEP}{OBJECT}){{0,2}}(?:{SEP}(?:{PARTICLE}|{DONE}))?)"
    rf"(?:{SEP}{TRAIL})*\W*$",
    re.IGNORECASE,
)
# A verb alone ("book", "do", "go") says nothing to say yes to; it needs an object or a lead.
BARE_VERB_RE = re.compile(rf"^\W*{VERB}\W*$", re.IGNORECASE)


# Verbs that name the action themselves ("expedite it", "fly them in", "escalate it"): with
# nothing priced before, a request about the thread's PO, planned as usual.
NAMING_RE = re.compile(
    r"\b(?:expedite|fly|truck|air|ship|escalate|chase|resequence|transfer|rush|email|e-mail)\b",
    re.IGNORECASE,
)


def names_action(text: str) -> bool:
    """The go-ahead names its action by its verb ('expedite it'), not only 'do it', 'book it'."""
    return NAMING_RE.search(text) is not None


def is_go_ahead(text: str) -> bool:
    """A short yes to the action just priced or weighed, and nothing of its own."""
    said = " ".join(text.split())
    if not said or len(said.split()) > 12 or "?" in said:
        return False
    return GO_AHEAD_RE.match(said) is not None and not BARE_VERB_RE.match(said)
