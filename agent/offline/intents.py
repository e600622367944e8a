"""The offline understanding pipeline for one message: own words -> clauses -> dialogue act ->
intent (by meaning, with a few high-precision rules) -> entities and slots -> a plan of tool
calls or a question back. Only a request to act may plan a propose tool (`guard`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from agent.offline import (
    balance_walk,
    change_refused,
    clock_said,
    customer_orders,
    days_of_supply,
    draft_only,
    first_short,
    hold_back,
    hold_release,
    item_options,
    item_overview,
    mine,
    plant_profile,
    po_lines,
    proposal_age,
    request_asides,
    supply_arrival,
    supply_counted,
    supply_in_full,
    units_short,
)
from agent.offline import planners as p
from agent.offline.acts import (
    CONFIRM_RE,
    CONTACT_RE,
    HYPOTHESIS_RE,
    INSTRUCTION_RE,
    LATE_REQUEST_RE,
    NOUN_REQUEST_RE,
    ONLY_ASK_RE,
    ONLY_LEAD_RE,
    QUESTION_START_RE,
    REQUEST_RE,
    SLIDE_RUNS_RE,
    SUPPLY_MISS_RE,
    Act,
    after_reason,
    clause_act,
    clauses,
    confirms,
    own_words,
    request_aside,
)
from agent.offline.approver_asks import (
    MINE_TO_SIGN,
    asks_who_decides,
    leaves_undecided,
    plan_who_decides,
)
from agent.offline.approver_named import (
    approver_asked,
    rule_for_another,
    with_approver,
    with_person_before,
)
from agent.offline.date_moves import MOVE_WORDS_RE, shift_in
from agent.offline.definitions import DEFINE_RE, asks_definition, plan_definition, recalled_kpi
from agent.offline.definitions import PERIOD_FOCUS as PERIOD_MEANT
from agent.offline.followups import FROM_RESULTS, on_results
from agent.offline.go_ahead import names_action
from agent.offline.guard import NOT_DONE, guard, is_propose, refusal
from agent.offline.kpi_followups import KPI_TOOLS, grouping_in, kpi_refined, kpi_too
from agent.offline.meaning import UNSURE, meaning_of
from agent.offline.mentions import Mentions, _kpi_spans, find_mentions
from agent.offline.narrowing import narrowed
from agent.offline.negation_scope import governed
from agent.offline.off_topic import off_topic
from agent.offline.one_action import once_per_target
from agent.offline.pasted_price import pasted_quote
from agent.offline.planners import (
    APPROVE_IN_CHAT,
    CANT,
    CHITCHAT,
    READ_HELP,
    Plan,
    Recall,
)
from agent.offline.plants import unknown_plant_reply
from agent.offline.pronouns import reading
from agent.offline.receipts import asks_later_receipt, next_receipt_focus, plan_later_receipt
from agent.offline.resolve import picked
from agent.offline.roles import Permits, declined, declined_reply, role_checked, role_sentence
from agent.offline.slots import PORTFOLIO_RE, day_in, horizon_in, mode_in, money_in, periods_in
from agent.offline.supplier_record import with_record_kpi
from agent.offline.vocabulary import Vocabulary
from agent.offline.which_order import which_order
from agent.offline.wo_moves import (
    described_move,
    described_run,
    is_check,
    plan_check,
    plan_move,
    using_item,
    with_other,
    with_run_before,
)
from domain.entities.names import fold
from tools.registry import get_tool

__all__ = ["APPROVE_IN_CHAT", "CANT", "Plan", "Recall", "plan_turn", "understand_clause"]

Planner = Callable[[str, Mentions, Recall, Vocabulary], Plan]

PLANNERS: dict[str, Planner] = {
    "shortages": p.plan_shortages,
    "clear_to_build": p.plan_clear_to_build,
    "po_risk": p.plan_po_risk,
    "open_supply": p.plan_open_supply,
    "correspondence": p.plan_correspondence,
    "supplier_performance": p.plan_supplier_performance,
    "kpi": p.plan_kpi,
    "kpi_definition": plan_definition,
    "approvals": p.plan_approvals,
    "proposal_status": p.plan_proposal_status,
    "audit": p.plan_audit,
    "withdraw": p.plan_withdraw,
    "lookup": p.plan_lookup,
    "ranked_po_lines": p.plan_ranked_po_lines,
    "expedite": p.plan_expedite,
    "expedite_quote": p.plan_expedite_quote,
    "approval_rule": plan_who_decides,
    "proposal_facts": p.plan_proposal_facts,
    "escalation": p.plan_escalation,
    "po_date_change": p.plan_po_date_change,
    "transfer": p.plan_transfer,
    "quality_review": p.plan_quality_review,
    "resequence": p.plan_resequence,
    "resequence_cost": p.plan_resequence_cost,
    "what_changed": p.plan_alerts,
    "quality_hold": p.plan_quality_hold,
    "why_short": p.plan_why_short,
    "supply_if": p.plan_supply_if,
    "top_risks": p.plan_top_risks,
    "frozen_horizon": p.plan_frozen_horizon,
    "capabilities": p.plan_capabilities,
    "out_of_domain": p.plan_out_of_domain,
    po_lines.CONFIRMATION: po_lines.plan_confirmation,
    po_lines.SUPPLIER_LINES: po_lines.plan_supplier_lines,
    po_lines.LATE_LINES: po_lines.plan_supplier_lines,
    days_of_supply.INTENT: days_of_supply.plan_days_of_supply,
    supply_counted.INTENT: supply_counted.plan_counted,
    supply_arrival.INTENT: supply_arrival.plan_arrival,
    proposal_age.INTENT: proposal_age.plan_by_age,
    item_overview.INTENT: item_overview.plan_overview,
    plant_profile.INTENT: plant_profile.plan_plant_profile,
    hold_release.INTENT: hold_release.plan_release,
    mine.INTENT: mine.plan_mine,
    change_refused.INTENT: change_refused.plan_refused,
    days_of_supply.ON_ORDER: days_of_supply.plan_on_order,
    "line_options": p.plan_line_options,
    customer_orders.INTENT: customer_orders.plan_customer_orders,
    balance_walk.INTENT: balance_walk.plan_walk,
    "need_time": p.plan_need_time,
    item_options.INTENT: item_options.plan_options,
    units_short.INTENT: units_short.plan_units_short,
    "where_decided": lambda text, m, recall, vocab: Plan("where_decided", reply=WHERE_DECIDED),
}

# Who may say yes to an action, or whether I may myself ("could I OK it myself?", "whose call
# is it?", "am I allowed to confirm that?").
DECIDE_WORD = r"(?:confirm|approve|ok|okay|sign|authori[sz]e|green-?light|decide|clear)"
APPROVAL_RULE = (
    r"\bwho\b.*\b(?:approv|sign|authori[sz]|green-?light|decid)\w*|\bwho\b.*\bok(?:ay)?s?\b|"
    # "can I approve it?" (may I), "would that go to priya?"
    r"\b(?:can|could|may|am) i\b(?: be)?(?: allowed to)? (?:approve|reject|sign off|ok|okay|decide)"
    r"(?: on)? (?:it|this|that|this one|that one|AP-\d+)\b|"
    # "could i have just pushed it thru myself?": whether one may, said of a price
    r"\b(?:could|can|would|may|might) i (?:have )?(?:just )?(?:push(?:ed)?|put|sign(?:ed)?|"
    r"approved?|confirm(?:ed)?)(?: (?:it|that|this|them))?(?: (?:thru|through|off|in))? "
    r"(?:my ?self|on my own|alone)\b|"
    r"\b(?:would|will|does|should) (?:that|it|this) (?:still )?(?:go|goes|land|end up) (?:to|with)"
    r"\b(?!.*\b(?:plant|site|sal|lks|gyr|dock|hub|line|saltillo|lakeside)\b)|"
    r"\bapproval (?:rule|limit|threshold|polic(?:y|ie)|matri(?:x|ce)|tier|level|chain)s?\b|"
    # "at what $ does premium freight need me instead of the plant mgr?": the tiers
    r"\bat what (?:\$|(?:amount|cost|price|level|point|value|dollar|spend|number)\b)|"
    # "whats the cutoff where expedites land on me": the tier that names the asker
    r"\b(?:cut-?off|threshold|tipping point|break ?point)\b.*\b(?:me|my|i)\b|"
    r"\b(?:can|could|may|would|am) (?:i|we)\b(?: be)?(?: allowed to| still)? (?:just )?(?:confirm|"
    r"approve|ok|okay|sign|authori[sz]e|green-?light|send|release|book|decide|place|push)\w*\b"
    r".*\b(?:myself|ourselves|on my own|alone|without)\b|"
    r"\bmy (?:approval |sign-?off |spend(?:ing)? )?(?:limit|authority|ceiling|cap|max(?:imum)?)\b|"
    r"\bwhose (?:call|decision|sign-?off|approval|desk)\b|"
    r"\bwho (?:gets to|decides|makes the call)\b|"
    r"\b(?:within|under|over|above) (?:my|the buyer'?s?|a buyer'?s?) (?:limit|authority)\b|"
    # "why can't I approve that myself?", "how come I can't sign off on it"
    r"\b(?:can'?t|cannot|can not|not allowed to|unable to|not able to)\s+(?:i\s+|we\s+)?"
    rf"(?:just\s+)?{DECIDE_WORD}\w*|\bwhy (?:not|won'?t it let) me\b|"
    # "does priya have to ok it?", "does it need the plant manager?", "goes to who?"
    rf"\b(?:does|do|will|would|must|should)\s+(?!i\b|we\b|you\b|u\b)(?:\w+\s+){{1,3}}?(?:have|need)\s+"
    rf"to\s+{DECIDE_WORD}\b|"
    r"\b(?:does|do|will|would)\s+(?:it|this|that|these|those|they|(?:this|that|the) one|the \w+|"
    r"AP-\d+)\s+(?:still\s+|"
    r"also\s+)?(?:need|require)s?\s+(?!to\b)(?:an?\s+|the\s+|my\s+|her\s+|his\s+)?(?:\w+(?:'|’)s\s+)?"
    r"(?:plant manager|manager|boss|vp|exec\w*|approv\w*|sign-?off|signature|ok|okay|go-?ahead|"
    r"four[- ]eyes|second (?:approver|pair of eyes))\b|"
    r"\b(?:goes|go|going|lands?|ends? up|sent) (?:to|with|on) (?:who|whom|whose desk)\b|"
    r"\bto whom\b|" + MINE_TO_SIGN  # "is that mine to sign?", "who'd have to ok it"
)
# What a proposal asks of its approver, and what happens if nobody answers it.
THE_PROPOSAL = (
    r"(?:it|this|that|they|he|she|(?:the|this|that) (?:proposal|request|expedite|one)|AP-\d+)"
)
PROPOSAL_FACTS = (
    rf"\bwhat (?:does|do|is|'s|are) {THE_PROPOSAL}\b.*\b(?:want|ask(?:ing)?|need|expect)\w*\b.*"
    r"\b(?:from me|of me|me to|for me)\b|"
    rf"\b(?:does|do|will|would|can|could|when (?:does|do|will)) {THE_PROPOSAL} (?:ever |just )?"
    r"(?:expire|time out|lapse|run out)\b|\bexpir\w* (?:time|date)\b|"
    r"\bhow long (?:do i have|have i got|until it expires|before it (?:expires|lapses))\b|"
    # "how long do proposals sit before they die?", "do requests ever time out?"
    r"\b(?:proposals?|requests?|approvals?)\b.*\b(?:expire|die|time out|lapse|go stale|"
    r"auto-?(?:reject|deny|expire))\w*|\bhow long\b.*\b(?:proposals?|requests?)\b.*"
    r"\b(?:sit|stay|last|live|wait|valid|open|pending)\b|"
    r"\bif (?:i|we|nobody|no one|noone|she|he|priya) (?:just )?(?:ignore|don'?t (?:answer|respond|"
    r"decide|approve|touch)|sit on|never (?:answer|respond|decide))\b|"
    r"\bif (?:nobody|no one|noone|no-one) (?:ever )?(?:answers|approves|decides|responds|replies|"
    r"touches|looks at)\b|"
    r"\bwhat (?:happens|if)\b.*\b(?:ignore|nobody (?:approves|decides|answers)|no one (?:approves|"
    r"decides|answers)|no answer|unanswered|don'?t (?:answer|respond|decide))\b"
)
REVIEW = r"rev(?:ie|ei|i)w"  # 'review', typed fast ('reveiw', 'reviw')
# When a shortage ends: "when are we covered again?", "when r we whole again", "back in stock".
RECOVERY = (
    r"\b(?:covered|whole|ok|okay|good|fine|back|clear|in the clear)\s+again\b|\bback in stock\b|"
    r"\bshortages?\s+(?:end|ends|over|clears?)\b|\b(?:till|until) when\b.*\bshort\b|"
    r"\bwhen\b.*\b(?:recover|stop being short|no longer short)\w*"
)
# High-precision overrides: phrasings that mean one intent whatever else the clause says.
# "is anything over plant approval limits sitting pending": the proposals an executive decides.
ABOVE_PLANT_LIMIT = (
    r"\b(?:over|above|beyond|past|exceed\w*)\s+(?:the\s+)?(?:plant(?:'?s)?|plant manager'?s?|"
    r"pm'?s?|site)\s+(?:approval\s+)?(?:limits?|authority|ceiling)\b"
)
OVERRIDES: list[tuple[str, str]] = [
    (ABOVE_PLANT_LIMIT, "approvals"),
    (APPROVAL_RULE, "approval_rule"),
    (PROPOSAL_FACTS, "proposal_facts"),
    (
        r"need\w* my (?:approval|signature|sign-?off|ok|go-?ahead)|awaiting my|"
        r"waiting (?:for|on) me|for me to approve|"
        r"pending (?:proposals|approvals)|what(?:'s| is) pending|my (?:approval )?queue|"
        r"\bto sign off\b|anything (?:for me )?to approve",
        "approvals",
    ),
    (
        r"(?:resequenc|re-sequenc|sequence change)\w*.*\b(?:cost|impact|effect|mean|trade-?off|"
        r"kpis?|price|lose|gain)|\b(?:cost|impact|effect|trade-?off)\w*.*\bre-?sequenc",
        "resequence_cost",
    ),
    (
        r"\brank\w*\b.*\b(?:po|purchase order|order|line)s?\b|\b(?:po|purchase order) lines?\b.*"
        r"\b(?:hit|impact|stop|hurt|threat)\w*|\bproduction impact\b|\bmost likely to (?:hit|stop)",
        "ranked_po_lines",
    ),
    (
        r"clear[- ]to[- ]build|\bctb\b|(?:can|could) we (?:actually |really |still )?build|"
        r"what can we (?:actually |still )?build|\ball (?:the )?parts (?:are )?there\b",
        "clear_to_build",
    ),
    (APPROVAL_RULE, "approval_rule"),
    (
        r"^\s*(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:cancel|withdraw|retract|revoke|"
        r"call off|scrap|pull back)\b.*\b(?:expedit\w*|escalation|proposal|request|resequence|"
        r"change|transfer|review|it|that|AP-\d+)\b",
        "withdraw",
    ),
    (r"\baudit\w*\b|\b(?:action|activity|change) log\b|\bwho did what\b", "audit"),
    (
        r"\bwho\b.*\b(?:asked|requested|raised|proposed|created|submitted|wanted|started)\b.*"
        r"\b(?:expedit\w*|escalation|proposal|resequence|change|transfer|review|request)|"
        r"\b(?:was|is|were|has|have|did)\b.*\b(?:approved|rejected|executed|sent|declined|"
        r"expired|decided)\b|\b(?:go|gone|went) out\b|"
        # "did priya approve it?", "did anyone sign off the expedite": whether it was decided
        r"\bdid\s+(?:\w+\s+){1,3}?(?:approve|sign off|ok|okay|reject|decline|decide)\b|"
        # "did priya ever look at my seat1 reseq?": whether it was decided
        r"\b(?:did|has|have)\s+(?:\w+\s+){1,3}?(?:look(?:ed)? at|gotten to|got to|seen|touched)\s+"
        r"(?:my|the|our|that|his|her)\s+(?:\w+\s+){0,2}?(?:re-?seq\w*|expedit\w*|escalation|"
        r"proposal|request|transfer|date change)\b|"
        r"\bstatus of (?:the |my |that )?(?:proposal|expedite|escalation|request)\b",
        "proposal_status",
    ),
    (
        r"\b(?:cost|price|quote|how much|damage)\w*\b.*\b(?:expedit|air|truck|freight|fly|ship)\w*|"
        r"\b(?:expedit|air|truck|freight|fly|flying)\w*\b.*"
        r"\b(?:cost|price|quote|how much|damage)\b|"
        r"\bexpedite options\b",
        "expedite_quote",
    ),
    (
        r"\bexpedit\w*|\bexpidit\w*|\bair[- ]?ship|\bhot[- ]?ship|\bby air\b|\bair freight\b|"
        r"\bon a plane\b|\bfly (?:it|them|the|in|over)\b|\brush\b|\bflown in\b|\bhot[- ]?shot\b|"
        r"\b(?:book|get|arrange|organi[sz]e|order|line up|set up)\b(?: \w+){0,2} (?:air|a flight|"
        r"a plane|a truck|an? (?:air|truck|express) (?:shipment|freight)|premium freight)\b|"
        r"^\s*(?:pls |please |let'?s |can (?:you|we) )?air (?:the|it|them|those|all|\d|everything|"
        r"whatever|what(?:'s| is)? (?:left|still)|what \w+ (?:still )?owes?)|"
        r"^\s*(?:(?:ok(?:ay)?|so|then|right)[,]?\s+)?(?:pls |please |let'?s |just )?truck "
        r"(?:the|it|them|those|all|in|over|\d|po\b)",
        "expedite",
    ),
    (
        r"\bescalat\w*|\b(?:draft|raise|send|write|open|put in|fire off)\s+(?:an?\s+)?esc\b|"
        r"^\W*(?:(?:ok|so|pls|please|then|and)\W+)*(?:reply|respond|write back|answer)\b"
        r"(?:\s+(?:to\s+)?(?:them|him|her|it|that|this|voltaic|polyform|\w+))?\s+(?:and\s+)?"
        r"(?:ask|tell|say|push|request)\w*\b|"
        r"\bchase\b|\bdraft\b.*\b(?:e-?mail|mail|letter|note|message|msg|reminder|"
        r"chaser|reply)\b|\bwrite to\b|\b(?:write|send|shoot|fire off|draft)\b(?: \w+){0,4} "
        r"(?:note|e-?mail|message|letter|reminder|chaser|complaint) to\b|"
        r"\b(?:send|shoot|drop|fire off)\s+(?!me\b|us\b)\w+\s+(?:a|an)\s+(?:\w+\s+)?"
        r"(?:note|e-?mail|message|letter|reminder|chaser|line)\b|"
        r"\b(?:e-?mail|ping|nudge)\s+(?!us\b|me\b)(?:the\s+)?\w+\s+(?:to|about)\b|"
        r"\bask\b.*\bto (?:pull|confirm|ship|send|expedite)|"
        # "draft something to voltaic on 7781", "write sth up for polyform"
        r"\b(?:draft|write|put together|send)\s+(?:up\s+)?(?:something|sth|smth|smthg|a few lines|"
        r"a line|a couple lines|words)\s+(?:up\s+)?(?:to|for)\b",
        "escalation",
    ),
    (
        r"\bre-?sequenc\w*|\bresequnce\b|\breorder\b.*\b(?:line|wos?|work orders?)\b|"
        r"\bswap\b.*\b(?:runs?|wos?|work orders?|orion|vega)\b",
        "resequence",
    ),
    (RECOVERY, "shortages"),  # "when r we whole again": the shortages say when each is covered
    # "gimme the 30sec version of whats broken at lakeside": what will stop the lines there
    (
        r"\bwhat(?:'?s| is| r| are)? (?:broken|wrong|on fire|burning|blowing up|going wrong|"
        r"falling apart)\b(?!.*\b(?:with (?:the )?(?:po|order|proposal|shipment|asn)|PO-\d))",
        "shortages",
    ),
    (  # "how many hrs r we down", "line hours lost on foam": the shortages' line time at risk
        r"\bline[- ]?(?:hours?|hrs|time)\b|\bdown ?time\b|\bhow (?:many|much) (?:\w+ )?(?:hours?|"
        r"hrs|time)\b.*\b(?:down|lose|lost|at risk|stop\w*|idle|short|out)\b|"
        r"\b(?:hours?|hrs) (?:of )?(?:down|lost|at risk|idle|stopped)\b",
        "shortages",
    ),
    (
        r"\bwhat(?:'s| is| has)?\s+(?:new|changed)\b|\bwhat changed\b|\banything new\b|\balerts?\b|"
        r"\bwhat happened\b|\bany news\b|\bupdates? (?:since|overnight|today)\b",
        "what_changed",
    ),
    (
        r"\bquality\b.*\bdecid|\bdecision\b.*\b(?:lot|hold)|\b(?:which|what) lots?\b|"
        r"\bon (?:quality )?hold\b|\bheld lots?\b|\bthe hold\b.*\b(?:block|stop|hit|affect|mean)|"
        r"\b(?:how much|how many)\b.*\b(?:usable|held|blocked)\b|\bhear\s+ba\w*|\bheard\s+back\b|"
        r"^(?!.*\b(?:review|disposition|request)\b).*\bquality hold\b|"
        r"\b(?:exposure|impact|risk)\b.*\b(?:the|that|this) (?:\w+ )?hold\b",
        "quality_hold",
    ),
    (rf"quality {REVIEW}|{REVIEW} (?:of )?(?:the )?(?:lot|hold)|disposition", "quality_review"),
    (r"\btransfer\b|\bmove (?:stock|inventory)\b", "transfer"),
    (
        r"\be-?mails?\b|\bwrote\b|\bsaid\b|\bsay\b|\bmessages?\b|correspondence|\brepl(?:ied|y)\b",
        "correspondence",
    ),
]
# "update the promise date on 7795 to thu 2pm" (the supplier gave a new one): a date change.
DATE_EDIT = (
    r"\b(?:update|change|amend|correct|fix|reset|adjust)\b(?: \w+){0,3}? (?:promised?|due|"
    r"delivery|ship|arrival|confirmed) (?:date|time)\b"
)
# A date change needs a PO (or a pointer back to one) and a day.
MOVE_RE = re.compile(
    r"\bmove\b|\bpull\b(?:\s+\S+){0,2}?\s+(?:in|forward|ahead)\b|"
    r"\bpush\b(?:\s+\S+){0,2}?\s+(?:out|back)\b|\b(?:push|slide|bump)\s+(?:po[- #]?)?\d{3,}\s+to\b|"
    r"\bdeliver\w*|\breschedul\w*|\bdate change\b|\bchange (?:the )?(?:\w+ )?date\b|"
    r"\bpostpone\b|\bbring (?:it )?forward\b|" + DATE_EDIT,
    re.IGNORECASE,
)
# "it", "that PO", "the order": the message points back at a PO an earlier turn named.
PO_BACK_REFERENCE_RE = re.compile(
    r"\b(?:it|that|this|the|same)\s+(?:po|purchase order|order|one)\b|\bit\b", re.IGNORECASE
)
BARE_MOVE_RE = re.compile(
    r"^\s*(?:please\s+)?(?:move|pull|push|reschedule|postpone|bring|deliver)\b", re.IGNORECASE
)
# Words that stand for the entity kinds when the clause is embedded (codes mean nothing to it).
MASKS = (
    (r"\bPO[-\s#]?\d{3,}\b", "the PO"),
    (r"\bASN[-\s#]?\d{4,}\b", "the shipment"),
    (r"\b(?:AP|PR)-\d+\b", "the proposal"),
    (r"\bWO-[\w-]+\b", "the work order"),
    (r"\bL-\d{3,5}-\d{3,5}\b", "the lot"),
)


THANKS = r"\b(?:thanks?|thx|ty|cheers|bye|that'?s (?:all|it)|noted)\b"
YOU_ARE_WELCOME = (
    "You're welcome. Ask me any time about shortages, clear-to-build, POs and suppliers, KPIs, "
    "or what is waiting for approval."
)


def _has(text: str, pattern: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def masked(text: str, m: Mentions, vocab: Vocabulary) -> str:
    """The clause with ids and names replaced by what they are ('the PO', 'the supplier')."""
    out = text
    for pattern, word in MASKS:
        out = re.sub(pattern, word, out, flags=re.IGNORECASE)
    for code in m.items:
        out = re.sub(rf"\b{re.escape(code)}\b", "the item", out, flags=re.IGNORECASE)
    for code in m.lines:
        for name in (code, code.split("-", 1)[-1]):
            out = re.sub(rf"\b{re.escape(name)}\b", "the line", out, flags=re.IGNORECASE)
    for code in m.suppliers:
        name = vocab.suppliers.get(code, "")
        for word in (name, name.split()[0] if name else "", code):
            if word and len(word) > 2:
                out = re.sub(rf"\b{re.escape(word)}\b", "the supplier", out, flags=re.IGNORECASE)
    return out


def _po_day(text: str, m: Mentions) -> bool:
    """A date change for a named PO, or for the thread's earlier PO ("move it to Thursday"),
    to a day or by a number of days ("push PO-7795 out a day"), or for an item's delivery."""
    shift = shift_in(text) is not None and MOVE_WORDS_RE.search(text) is not None
    if not (m.names_day and MOVE_RE.search(text)) and not shift:
        return False
    bare = BARE_MOVE_RE.search(text) and not (m.items or m.item_choices or m.lines)
    delivery = (m.items or m.item_choices) and DELIVERY_RE.search(text)
    return bool(m.po_numbers or PO_BACK_REFERENCE_RE.search(text) or bare or delivery)


DELIVERY_RE = re.compile(
    r"\b(?:deliver\w*|order|po|shipment|receipt|due date|promised date)\b", re.IGNORECASE
)


ARRIVAL_RE = re.compile(
    r"\bwhere(?:'s|s| is| are)\b(?!.*\b(?:used|made|based|located|short)\b)|\bshow(?:n|ed|s)? up\b|"
    r"\b(?:arriv\w*|eta|inbound|on order|get(?:ting)? (?:here|to)|coming in|comin\w*|land\w*|"
    r"on (?:the|its|their) way|in the pipe(?:line)?|"
    r"delivery|get more|when (?:do|will|can) we (?:get|see|receive)|"
    r"confirm(?:ed)? for|how much (?:is|was) confirmed|what did \w+ confirm)\b",
    re.IGNORECASE,
)
# The frozen horizon asked about: by name, or as what a move may touch in a shift.
FROZEN_RE = re.compile(r"\bfrozen\b|\bfreeze (?:window|horizon|zone|period)\b|\bfrozn\b", re.I)
QUESTION_RE = re.compile(r"^\W*(?:can|could|may|is|are|would|will|does|do|how far)\b", re.I)
SHIFT_TOUCH_RE = re.compile(
    r"\b(?:touch|move|change|swap|resequenc\w*|re-sequenc\w*|shuffle)\b.*\b(?:first|1st|this|"
    r"current|morning|today'?s?|the) shift\b",
    re.IGNORECASE,
)
# "Will we have enough ... or do I need to chase them?": coverage, the action only wondered.
COVERAGE_RE = re.compile(
    r"\b(?:enough|covered|cover us|short|run(?:ning)? out|make it|last (?:us|until|till))\b", re.I
)
# "are we ok on foam today on SEAT1", "r we covered for foam tmrw?", "do we have enough heater
# modules for the SEAT1 run": an item's coverage asked plainly, answered by its shortages.
COVERAGE_ASK_RE = re.compile(
    r"\b(?:enough|covered|cover(?:ing)? us|(?:ok(?:ay)?|good|fine|alright|set|safe) (?:on|for|with)"
    r"|short on)\b",
    re.IGNORECASE,
)
OR_ACT_RE = re.compile(
    r"\bor (?:do|should|must|will|would) (?:i|we|u)\b|\bor (?:i|we) (?:need|have|gotta)\b|"
    r"\bor (?:is it time|time) to\b|\bor not\b",
    re.IGNORECASE,
)
# "Top 3 things that will hurt LKS", "biggest risks at Saltillo": shortages and PO lines ranked.
RISKS_RE = re.compile(
    r"\b(?:top|biggest|main|largest|worst|key|major|greatest)\s+(?:\d+\s+|three\s+|five\s+|"
    r"few\s+)?(?:risks?|threats?|problems?|issues?|things|worries|concerns|headaches|fires?|"
    r"exposures?|blockers?|pain points?)\b|\bwhat'?s (?:on fire|burning)\b|"
    r"\bwhats?(?:'s| is| are)?\b.{0,30}\b(?:hurt|threaten|bite|kill)\w*\b|"
    r"\bwhere (?:are|is) (?:the|our) (?:biggest )?risks?\b",
    re.IGNORECASE,
)
# Where a decision is made: "can priya ok it from slack or does she need the console?"
WHERE_DECIDED_RE = re.compile(
    r"\b(?:approve|ok|okay|sign|decide|reject|confirm)\w*\b[^.?!;]{0,40}\b(?:from|in|on|via|"
    r"through|thru|with)\s+(?:the\s+|her\s+|his\s+|my\s+)?(?:slack|teams|console|api|phone|"
    r"mobile|laptop|cli)\b",
    re.IGNORECASE,
)
WHERE_DECIDED = (
    "Wherever the approver is: the approval buttons in Slack or Teams, the console's approvals, "
    "the API, or `lineside proposals approve ID --as USER` all decide the same proposal under "
    "the same rule (who may approve it, four-eyes, the limit). Typing a yes in chat decides "
    "nothing."
)
# Whether a run is covered: "is the 2pm orion on seat1 tmrw ok?", "so the 10am vega is fine?"
RUN_OK_RE = re.compile(
    r"\b(?:is|are|r|will|would)\b[^.?!;]{0,60}\b(?:fine|ok|okay|good|safe|covered|clear|alright|"
    r"all right|short)\b|\b(?:fine|ok|okay|good|safe|covered|clear)\s*\?",
    re.IGNORECASE,
)
# "when lakeside runs out of E4410", "when do we go short on the covers": a shortage's time
RUN_OUT_RE = re.compile(
    r"\bwhen\b[^.?!;]{0,60}\b(?:run|runs|running|ran)\s+(?:out|dry|short)\b|"
    r"\bwhen\b[^.?!;]{0,60}\b(?:go|goes|going)\s+short\b",
    re.IGNORECASE,
)
# A bare "why?" ("why is that?", "how come?") leaning on the answer before it.
WHY_RE = re.compile(
    r"^\W*(?:(?:but|and|so|ok(?:ay)?|hm+)[,]?\s+)*(?:why|how come|"
    r"what(?:'s| is) causing (?:it|that|this)|what(?:'s| is) the (?:cause|reason))"
    r"(?:\s+(?:is that|is it|so|that|though|not|tho|then|"
    r"are we( short)?|is it short))?\W*$",
    re.IGNORECASE,
)
STATUS_RE = re.compile(
    r"\b(?:happening with|going on with|status (?:of|on)|update on|story with|news on|"
    r"any word on)\b",
    re.IGNORECASE,
)
# One order ("the Voltaic order for E-4410", "their PO") and words asking about its risk.
ORDER_RE = re.compile(r"\b(?:order|po|purchase order)\b", re.IGNORECASE)
ORDERS_RE = re.compile(r"\b(?:orders|pos|purchase orders|po lines|order lines)\b", re.I)
PO_RISK_RE = re.compile(
    r"\b(?:flagged|flag|red|amber|at risk|risky|risk|deal with|going on with|wrong with|"
    r"problem with|issue with|worr\w* about|why is|late|delayed|slipping)\b",
    re.IGNORECASE,
)
HOLD_RE = re.compile(
    r"\bhold\b|\bheld\b|\bquarantin\w*|\bqa\b.*\blot\b|\blot\b.*\bqa\b", re.IGNORECASE
)
# Quality's decision on a lot asked for sooner: "rush a call", "hurry the decision", "a quick
# verdict", "make the call".
DECISION = r"(?:decision|decison|descision|desicion|decsion)"  # typed fast
QUALITY_CALL = (
    r"(?:rush|hurry|speed up|fast[- ]?track|push|chase|expedite|prioriti[sz]e|get|make|give us|"
    r"come to)(?:\s+(?:up|on|for|along))?(?:\s+(?:a|an|the|their|its|with|us))*"
    r"(?:\s+(?:quick|quicker|fast|faster|early|earlier|urgent|final|rushed))?\s+"
    rf"(?:call|{DECISION}|verdict|disposition|ruling|answer)\b|"
    r"(?:a|the|their)\s+(?:quick|quicker|fast|faster|early|earlier|urgent|rushed)\s+"
    rf"(?:call|{DECISION}|verdict|disposition|ruling)\b"
)
# Quality asked to look at something ("get QA to look at", "have quality review", "a QA check").
QA_LOOK_RE = re.compile(
    r"\b(?:qa|qc|quality)\b(?:\s+(?:team|dept|department|people|guys|folks|engineers?))?"
    r"(?:\s+(?:to|and))?(?:\s+(?:please|pls|urgently|asap|quickly|now))?\s+(?:take a look|"
    rf"have a look|look|check|{REVIEW}|re-?inspect|inspect|assess|examine|prioriti[sz]e|decide|"
    r"disposition|sign off|clear|release|go over|get on)\w*|"
    rf"\b(?:qa|qc|quality) (?:{REVIEW}|check|inspection|look|disposition|sign-?off)\b|"
    rf"\b(?:{REVIEW}|disposition|re-?inspect\w*|inspect\w*)\b.*\b(?:lot|hold|held)\b|"
    # "ask quality to rush a call on the held lot", "QA to make a decision on it today"
    rf"\b(?:qa|qc|quality)\b.{{0,40}}?\b(?:{QUALITY_CALL})",
    re.IGNORECASE,
)
HELD_LOT_RE = re.compile(r"\blots?\b|\bhold\b|\bheld\b|\bquarantin\w*", re.IGNORECASE)
NOTE_TO = r"\b(?:note|e-?mail|mail|message|letter|reminder|chaser)\s+to\b"
ACTION_INTENTS = ("expedite", "escalation", "resequence", "transfer", "quality_review")
COST_RE = re.compile(r"\b(?:cost|price|quote|how much|damage|bill)\b", re.IGNORECASE)
SHORT_RE = re.compile(r"\brun(?:ning)? out\b|\bshort\w*\b|\bshortges\b|\bbites?\b|\bbiting\b",
                      re.IGNORECASE)  # fmt: skip


def _held_choice(m: Mentions, vocab: Vocabulary, recall: Recall, text: str = "") -> bool:
    """'The held trim covers' where several items fit, one of them with a lot on hold; or 'the
    held covers' after the thread spoke of an item with a held lot."""
    if p.held_item(m, vocab, text) is not None:
        return True
    named = m.items or m.item_choices or m.suppliers or m.po_numbers or m.lines
    return not named and recall.item is not None and recall.item in p.held_items(vocab)


SUPPLIER_WORD_RE = re.compile(r"\b(?:suppliers?|vendors?|them|they)\b", re.IGNORECASE)


def writes_to_supplier(text: str, m: Mentions) -> bool:
    """Whom a message to write is for names a supplier: by name, by a PO or shipment of theirs
    ('the toledo truck'), by an item they supply, or as 'the supplier'."""
    named = m.suppliers or m.supplier_choices or m.po_numbers or m.asns or m.items
    return bool(named or m.item_choices or SUPPLIER_WORD_RE.search(text))


# Words that make a KPI phrase part of a question about one action ("what would expediting cost").
WONDERED_RE = re.compile(r"\b(?:would|could|will|if|should|shall)\b", re.IGNORECASE)
STRONG_KPI_WORDS = 3  # a KPI phrase this long names the KPI whatever else the clause says


def _kpi_first(text: str, m: Mentions, vocab: Vocabulary) -> bool:
    """A KPI asked over a period ("expediting costs in february"), or named by a long phrase
    ("how old are the open alerts"), is that KPI's value even where its words are also an
    action's or an alert's: unless the clause is about one PO, shipment, lot or proposal, or
    wonders about an action ("what would expediting cost this week")."""
    periods = periods_in(text, vocab.as_of)
    past = any(p.startswith("last") or p[:1].isdigit() for p in periods)  # no open shipment's
    if m.po_numbers or (m.asns and not past) or m.lots or m.proposals or WONDERED_RE.search(text):
        return False
    longest = max((-length for _, length, _ in _kpi_spans(text, vocab)), default=0)
    return longest >= STRONG_KPI_WORDS or bool(periods)


# The quantity a supposed miss is about is the one the supplier has not confirmed; what it hits.
UNCONFIRMED_RE = re.compile(
    r"\bunconfirmed\b|\b(?:haven'?t|have not|hasn'?t|has not|not|never|didn'?t|don'?t|doesn'?t|"
    r"won'?t)\s+(?:yet\s+)?confirm\w*|\bthe (?:rest|balance|remaining|remainder|missing)\b",
    re.IGNORECASE,
)
IMPACT_RE = re.compile(
    r"\bshort\w*|\bjobs?\b|\bwos?\b|\bwork ?orders?\b|\bhit\b|\bstop\w*|\baffect\w*|"
    r"\bimpact\w*|\bhurt\w*|\bhappens?\b|\bmean\b|\bwhen\b|\brun out\b|\bbuild\b",
    re.IGNORECASE,
)


# "what can we run on door1 today", "what are my options on seat1": a line's runs and gaps.
LINE_OPTIONS_RE = re.compile(
    r"\bwhat (?:can|could) (?:i|we|u|you) (?:do|run|build|make|actually run)\b|"
    r"\b(?:my|our|the|any|what(?:'s| are)(?: my| our| the)?) options\b",
    re.IGNORECASE,
)


ESCALATION = next(pattern for pattern, intent in OVERRIDES if intent == "escalation")


def intent_of(text: str, m: Mentions, vocab: Vocabulary, recall: Recall) -> str:
    """The clause's intent: an override, else the nearest exemplars, else what it names."""
    if customer_orders.asks_customer_orders(text) and not (m.po_numbers or m.kpi):
        return customer_orders.INTENT  # "which customer orders get hit first"
    if units_short.asks_units_short(text, m, vocab):
        return units_short.INTENT  # "how many orion seats are we short by friday night"
    if balance_walk.asks_walk(text) and not (m.po_numbers or m.kpi):
        return balance_walk.INTENT  # "why only 30 short?": the projection walked step by step
    if (
        QUESTION_START_RE.match(text)
        and asks_later_receipt(text)
        and not (REQUEST_RE.match(text) or m.kpi)
    ):
        return "open_supply"  # "whats the next polyform PO after that one": a later receipt
    if (
        p.NEED_TIME_RE.search(text)
        and (m.items or recall.item or recall.last_item)
        and not (REQUEST_RE.match(text))
    ):
        return "need_time"  # "they'll confirm by 9am budapest time tmrw, is that before we need it"
    if WHERE_DECIDED_RE.search(text) and QUESTION_START_RE.match(text):
        return "where_decided"  # "can priya ok it from slack or does she need the console"
    if leaves_undecided(text, recall):
        return "proposal_facts"  # "and if I leave it till tomorrow?" after proposals: expiry
    if proposal_age.asks_by_age(text, recall):
        return proposal_age.INTENT  # "anything older than a day?" after a list of proposals
    if item_options.asks_options(text, m) and not (m.po_numbers or m.kpi):
        return item_options.INTENT  # "heater module gap on seat1 - what are my options?"
    if m.lines and LINE_OPTIONS_RE.search(text) and not (m.po_numbers or m.items):
        return "line_options"  # "ok so what CAN i do for door1 today": what runs, what waits
    if change_refused.supposes_refusal(text, recall):
        return change_refused.INTENT  # "and if they cant do weds?" after a date change asked
    if mine.asks_mine(text, recall):
        return mine.INTENT  # "which of those r mine" after shortages: the asker's families
    head = governed(text)
    if head != text and (REQUEST_RE.match(head) or LATE_REQUEST_RE.search(head)):
        first = intent_of(head, find_mentions(head, vocab), vocab, recall)
        if first in ACTION_TOOL:
            return first  # "resequence seat1 so we're not short on modules": not a coverage ask
    if FROZEN_RE.search(text) or (QUESTION_RE.search(text) and SHIFT_TOUCH_RE.search(text)):
        return "frozen_horizon"  # "is WO-... in the frozen window?", "can it touch 1st shift?"
    if recall.intent == "frozen_horizon" and described_run(text, m, vocab) is not None:
        return "frozen_horizon"  # "ok what about the orion seat job wed 6am?" after one
    if RUN_OK_RE.search(text) and described_run(text, m, vocab) is not None:
        return "clear_to_build"  # "so the 2pm orion on seat1 tmrw is def fine?": that day's runs
    if described_move(text, m, vocab) is not None:
        return "wo_move"  # "could we run the 7am seat frames later?": a WO by time and product
    if m.lines and _has(text, r"\bpropose (?:one|it|that|something|a plan|a new (?:plan|order))\b"):
        return "resequence"  # "go ahead and propose one for seat1": a line's action is a resequence
    if supply_arrival.supposes_arrival(text, m, recall, vocab):
        return supply_arrival.INTENT  # "if PO-7795 showed up wed 6am does the foam gap go away?"
    supplier_or_item = (
        m.items
        or m.item_choices
        or m.suppliers
        or m.po_numbers
        or ((recall.po_number or recall.supplier) and SUPPLIER_BACK_RE.search(text))
    )  # "and if they actually ship all 1000 tue am?": the thread's supplier or PO
    if supply_in_full.arrives_in_full(text) and supplier_or_item and not m.asns:
        return "supply_if"  # "what if voltaic ships the whole order, are we still short?"
    if hold_release.supposes_decision(text, m, vocab, recall):
        return hold_release.INTENT  # "if the lot gets released tues noon are we ok?"
    if SUPPLY_MISS_RE.search(text) and UNCONFIRMED_RE.search(text) and supplier_or_item:
        ordered = _has(text, r"\b(?:escalat|expedit|chase|draft|e-?mail|resequenc|book)\w*")
        if (IMPACT_RE.search(text) or not ordered) and not m.asns:
            return "supply_if"  # "say voltaic never sends the 600 they haven't confirmed: ..."
    if asks_who_decides(text) and _has(text, APPROVAL_RULE):
        return "approval_rule"  # "who'd ok flying the rest of voltaic's order?": not its lines
    line_ask = po_lines.intent_for(text, m, vocab, recall)
    if line_ask is not None and REQUEST_RE.match(text) and _has(text, ESCALATION):
        return "escalation"  # "draft an esc to voltaic to get the 600 confirmed": an order
    if line_ask is not None:
        return line_ask  # "what did voltaic confirm on 7781?", "what's late from polyform"
    if supply_counted.asks_counted(text) and clause_act(text) == "ask":
        return supply_counted.INTENT  # "is the 600 counted as supply in the projection?"
    if days_of_supply.counts_on_order(text, recall):
        return days_of_supply.ON_ORDER  # "redo the heater one counting the unconfirmed 600"
    if days_of_supply.of_thread_item(text, m, recall):
        return days_of_supply.INTENT  # "how many days of supply is that?" after an item
    if days_of_supply.asks_days_of_supply(text, m):
        # "how many days of E-4410 left?"; named by the KPI's own words ('days of cover'): the KPI
        return "kpi" if m.kpi else days_of_supply.INTENT
    if item_overview.asks_overview(text, m) and not HOLD_RE.search(text):
        return item_overview.INTENT  # "what's going on with the armrest covers?"
    if plant_profile.asks_plant_profile(text, m):
        return plant_profile.INTENT  # "seat1 run rate and wo size", "how many shifts does lks run"
    if WHY_RE.search(text) and recall.intent in ("shortages", "why_short"):
        return "why_short"  # "why?" after a shortage answer: its cause
    if (
        (m.items or m.item_choices or m.lines)
        and COVERAGE_RE.search(text)
        and OR_ACT_RE.search(text)
    ):
        return "shortages"  # "enough foam by Thursday or do I need to chase them?": coverage
    if (
        (m.items or m.item_choices)
        and COVERAGE_ASK_RE.search(text)
        and not (m.po_numbers or m.asns or m.kpi)
        and not ARRIVAL_RE.search(text)
    ):
        return "shortages"  # "are we ok on foam today on SEAT1": that item's coverage
    if (
        (m.items or m.item_choices)
        and RUN_OUT_RE.search(text)
        and not (m.po_numbers or m.asns or m.kpi or HYPOTHESIS_RE.search(text))
    ):
        return "shortages"  # "when lakeside actually runs out of E4410": its first short
    if m.kpi is not None and asks_definition(text, m, vocab.as_of):
        return "kpi_definition"  # "define premium freight pls": what it is, not its value
    named_move = BARE_MOVE_RE.search(text) and MOVE_RE.search(text) or _has(text, DATE_EDIT)
    if _po_day(text, m) or (m.po_numbers and named_move):
        return "po_date_change"  # "move PO-7781" without a day: the day is asked for
    if SLIDE_RUNS_RE.search(text) and (m.lines or p.line_building(m, vocab, text)):
        return "resequence"  # "slide the vega seat runs later in the week until the foam lands"
    if RISKS_RE.search(text) and not (m.items or m.item_choices or m.po_numbers or m.asns or m.kpi):
        return "top_risks"  # "top 3 things that will hurt Lakeside this week"
    if m.kpi is not None and _has(text, r"\bspen[dt]\b|\bspending\b"):
        return "kpi"
    if m.kpi == "line_stop_risk_hours" and _has(text, r"\bshortages?\b"):
        return "shortages"  # "shortages, line hrs at risk": the shortages say both
    if m.kpi is not None and _kpi_first(text, m, vocab):
        return "kpi"  # "expediting costs in february", "how old are the open alerts"
    for pattern, intent in OVERRIDES[:1]:
        if _has(text, pattern):
            return intent
    if REQUEST_RE.match(text) or LATE_REQUEST_RE.search(text) or NOUN_REQUEST_RE.search(text):
        lot_or_item = m.lots or m.lot_choices or m.items or HELD_LOT_RE.search(text)
        if QA_LOOK_RE.search(text) and (lot_or_item or _held_choice(m, vocab, recall, text)):
            return "quality_review"  # "get QA to look at the lot on hold": a review, not a read
        if CONTACT_RE.match(text) and writes_to_supplier(text, m):
            return "escalation"  # "email the supplier on PO-7781", "drop toledo a line"
        # "draft a note to Voltaic about the 600 that didn't land": an order, not a read
        for pattern, intent in OVERRIDES:
            if intent in ACTION_INTENTS and _has(text, pattern):
                return intent
        if _has(text, NOTE_TO) and m.suppliers:
            return "escalation"  # "a friendly email to polyform please"
    if (m.lots or m.lot_choices) and QUESTION_START_RE.match(text):
        return "quality_hold"  # "has QA looked at lot 0311?": the lot's hold, asked about
    named = (m.po_numbers or m.items or m.item_choices or m.asns or m.suppliers or len(m.plants) > 1
             or p.supplying_plants(text, m, vocab))  # fmt: skip
    ranking = next(pattern for pattern, intent in OVERRIDES if intent == "ranked_po_lines")
    if (
        (m.items or m.item_choices or m.suppliers)
        and not (m.po_numbers or m.asns)
        and (ORDER_RE.search(text) and PO_RISK_RE.search(text) and not _has(text, ranking))
    ):
        return "po_risk"  # "why is the Voltaic order for the heater modules flagged?"
    if (m.items or m.suppliers) and ORDERS_RE.search(text) and PO_RISK_RE.search(text):
        return "ranked_po_lines"  # "which Voltaic orders are at risk?": their lines, ranked
    if (m.items or m.item_choices) and STATUS_RE.search(text) and not m.po_numbers:
        return "open_supply"  # "what's happening with Polyform's cushion foam?"
    if ARRIVAL_RE.search(text) and named and not _has(text, ranking):  # "rank by arrival" ranks
        return "open_supply"
    for pattern, intent in OVERRIDES:
        if _has(text, pattern):
            return intent
    if (
        (m.items or m.lots or _held_choice(m, vocab, recall, text))
        and HOLD_RE.search(text)
        and not m.asns
    ):
        return "quality_hold"  # "the armrest cover hold", "run the held trim covers": held stock
    if m.asns and not m.po_numbers:
        return "open_supply"  # 'is the polyform shipment moving?': the shipment, not the supplier
    if m.kpi is not None and not (
        (m.suppliers or m.supplier_choices or not m.plants)
        and _has(text, r"perform\w*|how (?:is|are) .* doing|scorecard")
    ):
        return "kpi"  # "how is the Hungarian site doing on OTIF": the plant's KPI
    if m.kpi is None and DEFINE_RE.search(text) and recalled_kpi(recall) and not named:
        return "kpi_definition"  # "how is that calculated?" after a KPI answer
    if SHORT_RE.search(text):
        return "shortages"
    if COST_RE.search(text) and any(
        n in ("expedite_quote", "expedite_po") for n, _ in recall.calls
    ):
        return "expedite_quote"  # "what's the damage?" after the thread priced an expedite
    meaning = meaning_of(masked(text, m, vocab))
    if meaning.similarity >= UNSURE and meaning.intent != "out_of_domain":
        if meaning.intent == "po_risk" and not (m.po_numbers or recall.po_number):
            return "shortages" if (m.items or m.lines) else "ranked_po_lines"
        return meaning.intent
    if recall.supplier and SUPPLIER_BACK_RE.search(text) and not (m.po_numbers or m.items):
        return "supplier_performance"  # "how has that supplier done lately?"
    if meaning.similarity >= UNSURE:
        return meaning.intent
    if m.po_numbers:
        return "po_risk"
    if m.items or m.item_choices or m.asns:
        return "open_supply"
    if m.suppliers:
        return "supplier_performance"
    if m.lines:
        return "shortages"
    return "out_of_domain"


# The supplier an earlier turn named, pointed at: "that supplier", "they", "them".
SUPPLIER_BACK_RE = re.compile(
    r"\b(?:that|this|the same|our|the) (?:supplier|vendor)\b|\bthey\b|\bthem\b|\btheir\b|"
    r"\bthose guys\b",
    re.IGNORECASE,
)
FOLLOW_UP_RE = re.compile(
    r"^\s*(?:and|what about|how about|same for|same|also|now|ok(?:ay)?|then|but|covered|still|"
    r"enough|in time|by|for|on|at)\b(?:\s+(?:for|at|on|with|in))?|\bthe other (?:line|one)\b",
    re.IGNORECASE,
)
# Words a fragment may hold besides names ("voltaic?", "DOOR1 then", "the F-2200 one").
FILLER = frozenset(
    ("the", "a", "supplier", "vendor", "item", "part", "line", "po", "plant", "shipment", "lot",
     "proposal", "for", "then", "too", "as", "well", "please", "pls", "one", "and", "at", "in",
     "on", "same", "site", "factory", "facility", "our")
)  # fmt: skip


TIME_WORDS = (
    r"\b(?:today|tomorrow|tmrw|tonight|next|this|last|previous|coming|week|month|quarter|year|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|"
    r"fri|sat|sun|january|february|march|april|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|q[1-4]|ytd|\d+|days?|hours?)\b"
)


def names_only(clause: str, vocab: Vocabulary) -> bool:
    """A fragment that is only names ('voltaic?', 'what about SAL'): it swaps them into the
    previous ask."""
    m = find_mentions(clause, vocab)
    timed = m.names_day or bool(periods_in(clause, vocab.as_of))
    if not (m.suppliers or m.items or m.lines or m.plants or m.po_numbers or timed):
        return False
    rest = masked(clause, m, vocab).lower()
    rest = re.sub(TIME_WORDS, " ", rest)
    for plant in m.plants:
        known = vocab.spotter.directory.get("plant", plant)
        aliases = known.aliases if known else ()
        for word in (plant, *vocab.plants.get(plant, "").split()[:1], *aliases):
            rest = re.sub(rf"\b{re.escape(fold(word))}\b", " ", fold(rest))
    return all(w in FILLER for w in re.findall(r"[a-z]+", rest))


FRAGMENT_WORDS = 7  # "and last month?", "what about DOOR1", "for Voltaic then"


def refine(
    calls: list[tuple[str, dict[str, Any]]], clause: str, vocab: Vocabulary
) -> list[tuple[str, dict[str, Any]]]:
    """The earlier ask's read calls with what a fragment changes: period, line, plant, supplier,
    item, PO or day ('and for DOOR1?', 'and last month?', 'what about Polyform')."""
    m = find_mentions(clause, vocab)
    if PORTFOLIO_RE.search(clause.lower()):  # "vs everyone else?" after a supplier's KPI
        read = next((a for n, a in calls if n == "kpi_query" and a.get("supplier")), None)
        if read is not None:
            kept = {k: v for k, v in read.items() if k in ("metric", "supplier", "plant", "period")}
            return [("kpi_compare", {**kept, "compare_to": "portfolio"})]
    kpi_calls = kpi_refined(calls, clause, vocab.as_of, m.plants)
    if kpi_calls:
        return kpi_calls  # "vs last quarter?", "and by plant?" after a KPI: the same KPI
    periods = periods_in(clause, vocab.as_of)
    day = day_in(clause, vocab.as_of)
    horizon = horizon_in(clause, vocab.as_of)
    changes: dict[str, Any] = {}
    if m.lines:
        changes["line"] = m.lines[0]
    elif re.search(r"\bother line\b", clause, re.IGNORECASE):
        changes.update(_other_line(calls, vocab))
    supply = any(n == "open_supply_for_item" or n == p.LOOKUP_TOOL and a.get("item")
                 for n, a in calls)  # fmt: skip  # an item's supply: 'saltillo?' is its source
    shipping = p.supplying_plants(clause, m, vocab, about_supply=supply)
    if len(m.plants) == 1 and not m.lines and not shipping:
        changes["plant"] = m.plants[0]
    if len(m.suppliers) == 1:
        changes["supplier"] = m.suppliers[0]
    elif len(shipping) == 1:  # "next batch from mexico?": the interplant supply to our plant
        changes["supplier"] = shipping[0]
        calls = [_by_supplier(name, args) for name, args in calls]
    if m.items:
        changes["item"] = m.items[0]
    if m.po_numbers:
        changes["po_number"] = m.po_numbers[0]
    money = money_in(clause)
    if money:
        changes["cost"] = money[0]  # "and if it was 30k?" after an approval rule at 4k
    out = []
    for name, args in calls:
        if is_propose(name):
            continue
        fields = get_tool(name).input_model.model_fields
        new = {**args, **{k: v for k, v in changes.items() if k in fields}}
        if "line" in changes and "line" not in fields and "plant" in fields:
            # A plant-wide read ("and for SEW1?" after a KPI): the line's own plant, never ours
            found = vocab.spotter.directory.get("line", changes["line"])
            if found is not None and found.plant:
                new["plant"] = found.plant
        if periods and "period" in args:
            new["period"] = periods[0]
        if day and "date" in args or (day and name == "clear_to_build"):
            new["date"] = day.isoformat() if day else new.get("date")
        if horizon and "horizon" in args:
            new["horizon"] = horizon
        if "supplier" in changes and new.get("group_by") == "supplier":
            new.pop("group_by")  # "and for Voltaic?" after a ranking: that supplier's own value
        if "line" in changes and "plant" in new and name in ("shortages", "clear_to_build"):
            new.pop("plant")
        if new != args:
            out.append((name, new))
    return out


def _by_supplier(name: str, args: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An item's open supply read again for one supplier: its open PO lines from that supplier
    (the item's supply has no supplier filter; the PO lines do)."""
    if name != "open_supply_for_item":
        return name, args
    kept = {k: v for k, v in args.items() if k in ("item", "plant")}  # plant: where it arrives
    return p.LOOKUP_TOOL, {"horizon": "14d", **kept}


def _other_line(calls: list[tuple[str, dict[str, Any]]], vocab: Vocabulary) -> dict[str, str]:
    """'the other line': the one other line of the plant whose line the earlier ask named."""
    named = next((str(a["line"]) for _, a in calls if a.get("line")), None)
    if named is None:
        return {}
    plant = named.split("-", 1)[0]
    others = [c for c in vocab.lines if c.startswith(f"{plant}-") and c != named]
    return {"line": others[0]} if len(others) == 1 else {}


def _refines(calls: list[tuple[str, dict[str, Any]]], clause: str, vocab: Vocabulary) -> bool:
    """A fragment that names a KPI of its own ('also premium freight last month') is a new ask."""
    kpi = find_mentions(clause, vocab).kpi
    return kpi is None or any(a.get("metric") == kpi for _, a in calls)


def _fragment(clause: str) -> bool:
    return len(clause.split()) <= FRAGMENT_WORDS


# The propose tool each action intent plans.
ACTION_TOOL = {
    "expedite": "expedite_po",
    "escalation": "draft_supplier_escalation",
    "po_date_change": "request_po_date_change",
    "transfer": "transfer_inventory",
    "resequence": "propose_resequence",
    "quality_review": "request_quality_review",
}


def _named(m: Mentions) -> dict[str, Any]:
    """The PO and line an action declined for the role names ('who signs off on that?' next)."""
    return {k: v[0] for k, v in (("po_number", m.po_numbers), ("line", m.lines)) if v}


LATER_WHICH_PO = (
    "Which PO do you mean? Say its number; 'when is the delivery after that?' tells you which "
    "one comes next. Nothing was proposed."
)


def understand_clause(
    clause: str, act: Act, recall: Recall, vocab: Vocabulary, permits: Permits | None = None
) -> Plan:
    """The plan for one clause of the user's own words; a request the role may not make is
    declined before any question back."""
    if act in ("decide", "override"):
        return refusal(act, clause, recall)
    if act == "chitchat":
        thanks = re.search(
            r"\b(?:thanks?|thx|ty|cheers|bye|that'?s (?:all|it)|noted)\b", clause, re.I
        )
        return Plan("chitchat", reply=YOU_ARE_WELCOME if thanks else CHITCHAT, act=act)
    m = find_mentions(clause, vocab)
    names = (*vocab.items.values(), *vocab.suppliers.values())
    m = with_record_kpi(clause, m, bool(periods_in(clause, vocab.as_of)))  # "at confirming in jan"
    if off_topic(clause, m, names, bool(recall.po_number or recall.offer)):
        # "write me a poem about foam": what I can do, no tool, and no earlier ask to lean on
        return Plan("out_of_domain", reply=CANT, act=act, focus={"off_topic": "yes"})
    unknown_plant = unknown_plant_reply(m, vocab)
    if unknown_plant is not None:  # "the Ohio plant": never the user's own plant instead
        return Plan("unknown_plant", reply=unknown_plant, act=act)
    intent = intent_of(clause, m, vocab, recall)
    # "the pillar trim covers": the candidates at the asker's plants, with an open PO if asked
    m = narrowed(m, intent, vocab, permits.plants if permits is not None else ())
    approver = approver_asked(clause, act, vocab)
    if approver is not None and intent not in ("proposal_facts", "where_decided"):  # the rule,
        # read for that person ("and if priya doesn't approve it in time?" asks its expiry)
        return with_approver(p.plan_approval_rule(clause, m, recall, vocab), approver)
    unsaid = which_order(clause, intent, m, recall, act)
    if unsaid is not None:  # "move the order to next week": a PO line or a work order?
        return unsaid
    tool = ACTION_TOOL.get(intent)
    if act == "request" and permits is not None and tool and not permits.may(tool):
        if tool == "expedite_po":  # still priced: its cost and who would approve it, asked of
            quote = p.plan_expedite_quote(clause, m, recall, vocab)  # someone who may propose it
            if quote.calls:
                return replace(quote, act="ask", asks=(declined(tool, permits),),
                               declined=((tool, _named(m)),), focus={**quote.focus,
                               "not_proposed": "declined"})  # fmt: skip
        return Plan("declined_for_role", reply=declined_reply([tool], permits), act=act,
                    declined=((tool, _named(m)),))  # fmt: skip
    if asks_later_receipt(clause) and intent in ACTION_TOOL and not m.po_numbers:
        # "move the one after that to Friday": never the thread's own PO by mistake
        return Plan("clarify", reply=LATER_WHICH_PO, act=act)
    if act in ("ask", "request") and intent not in ACTION_TOOL and asks_later_receipt(clause):
        later = plan_later_receipt(clause, m, recall)  # "and the one after that?"
        if later is not None:
            return replace(later, act=act)
    wondered = OR_ACT_RE.search(clause) if intent == "shortages" else None
    if wondered:  # "enough covers for tomorrow or should I ring Saltillo?": the coverage part
        clause = clause[: wondered.start()]
        m = find_mentions(clause, vocab)
    run = described_run(clause, m, vocab) if intent == "frozen_horizon" else None
    if run is not None:  # "is the 10am door panel job frozen?": that WO against its horizon
        return plan_check(clause, m, vocab, run, act)
    job = described_move(clause, m, vocab) if intent == "wo_move" else None
    if job is not None:  # the day's WOs first; the frozen horizon and the swap follow
        return plan_move(clause, m, vocab, job, act)
    if intent == "quality_review":  # "the held lot": the one on hold at the user's plants
        scope = permits.plants if permits is not None else ()
        plan = p.plan_quality_review(clause, m, recall, vocab, scope)
    else:
        plan = PLANNERS[intent](clause, m, recall, vocab)
    if intent == "capabilities" and permits is not None and permits.propose_roles:
        plan = replace(plan, reply=f"{plan.reply} {role_sentence(permits)}")  # what I may do
    home = permits.plants[0] if permits is not None and permits.plants else None
    plan = reading(clause, m, plan, recall, vocab, None if home == "*" else home)
    picked_up = on_results(clause, act, intent, m, plan, recall, vocab)  # "when do we get more?"
    if intent != balance_walk.INTENT:
        plan = picked_up
    elif plan.intent == "clarify" and isinstance(picked_up.focus.get(FROM_RESULTS), str):
        # "the heater one - why only 30 short": the item picked from the last answer, walked
        item = str(picked_up.focus[FROM_RESULTS])
        plan = balance_walk.plan_walk(clause, replace(m, items=[item]), recall, vocab)
    if any(name == "open_supply_for_item" for name, _ in plan.calls):
        plan = replace(plan, focus={**plan.focus, **next_receipt_focus(clause)})
    return guard(plan, act, clause, m, recall, vocab)


def _merge(plans: list[Plan]) -> Plan:
    """Several asks in one message: every clause's calls, and the questions back beside them."""
    answered = [x for x in plans if x.calls]
    declined = tuple(call for x in plans for call in x.declined)  # each audited as refused
    if not answered:
        replies = list(dict.fromkeys(x.reply for x in plans if x.reply))
        first = plans[0]
        return Plan(first.intent, reply="\n\n".join(replies) or CANT, focus=first.focus,
                    act=first.act, declined=declined)  # fmt: skip
    calls: list[tuple[str, dict[str, Any]]] = []
    for x in answered:
        for call in x.calls:
            if call not in calls:
                calls.append(call)
    asks = tuple(
        dict.fromkeys(
            [
                *(ask for x in answered for ask in x.asks),  # a clause's own (a refusal beside)
                *(
                    x.reply
                    for x in plans
                    if x.reply
                    and not x.calls
                    and x.intent not in ("out_of_domain", "chitchat")
                    and x.reply != CANT  # an aside asks nothing back beside the answers
                ),
            ]
        )
    )
    focus: dict[str, str] = {}
    for x in answered:
        focus = {**x.focus, **focus}
    calls = once_per_target(calls)  # "resequence SEAT1 ..., pull the vega runs forward": one
    if any(is_propose(name) for name, _ in calls):
        focus.pop("not_proposed", None)  # "don't expedite, escalate instead": one is proposed
    first = answered[0]
    then = next((x.then for x in answered if x.then is not None), None)
    offer = next((x.offer for x in answered if x.offer is not None), None)
    return Plan(first.intent, calls, focus=focus, act=first.act, asks=asks, then=then, offer=offer,
                declined=declined)  # fmt: skip


# What a question about pasted text reads as when it asks nothing of the data by itself.
ABOUT_PASTE = frozenset({"out_of_domain", "unknown", "correspondence", "clarify", "chitchat",
                         "lookup", "follow_up", "po_risk", "open_supply", "shortages",
                         "pasted"})  # fmt: skip


# "does that affect us?", "what does it mean for us": the pasted text's effect on our supply,
# not the sender's record.
EFFECT_ON_US_RE = re.compile(
    r"\b(?:affect|effect|hurt|impact|change|matter|mean)\w*\b.{0,20}\b(?:us|we|our|anything|"
    r"lines?|plan|schedule|production)\b|\bmean for us\b|\bproblem for us\b",
    re.IGNORECASE,
)
PASTED_UNNAMED = (
    "The text you pasted is information, not an instruction: I won't do what it asks. It names no "
    "PO, item or supplier I know; which one is it about? Then I can tell you what our own data "
    "says."
)


def _lines_building(text: str, vocab: Vocabulary) -> list[str]:
    """The lines a clause names by the model they build and the word 'line' ('the orion line')."""
    if not _has(text, r"\blines?\b"):
        return []
    said = set(re.findall(r"[a-z]+", text.lower()))
    found = []
    for line in vocab.spotter.directory.entities("line"):
        models = {w for c in line.related for w in vocab.items.get(c, "").lower().split()}
        if {w for w in models & said if len(w) > 3 and w != "line"}:
            found.append(line.code)
    return found


def pasted_facts(own: str, quoted: str, vocab: Vocabulary) -> Plan | None:
    """'What does this mean for us?' about a pasted email: the data's own facts on what it
    names (a PO's risk, an item's shortage and supply; a shipment's PO line and item). Names
    only: a quantity, date, price or order in pasted text never reaches a tool."""
    said = find_mentions(own, vocab)
    named = said if (said.po_numbers or said.items or said.asns) else find_mentions(quoted, vocab)
    # "what does this mean for SEAT1?"; "... for the orion line?" when no item or PO says more
    lines = said.lines[:1] or (
        [] if named.items or named.po_numbers or named.asns else _lines_building(own, vocab)[:2]
    )
    calls: list[tuple[str, dict[str, Any]]] = [
        ("shortages", {"horizon": "14d", "line": line}) for line in lines
    ]
    # Only POs the data knows: "auth code 7734" in a paste is no PO of ours
    pos = [x for x in named.po_numbers if not vocab.po_plants or x in vocab.po_plants]
    items = list(named.items)
    for asn in named.asns[:1]:  # "ASN-55102 released, new ETA ...": its PO line and its item
        po = vocab.asn_pos.get(asn) or p.belongs_to(vocab, "shipment", asn, vocab.po_plants)
        item = p.belongs_to(vocab, "shipment", asn, vocab.items)
        pos += [po] if po and po not in pos else []
        items += [item] if item and item not in items else []
    for po in pos[:2]:
        calls.append(("explain_po_risk", {"po_number": po}))
    for item in items[:2]:
        calls += [("shortages", {"horizon": "14d", "item": item}),
                  ("open_supply_for_item", {"item": item})]  # fmt: skip
    suppliers = said.suppliers or named.suppliers
    if len(suppliers) == 1 and not (pos or items):  # its open lines, those hitting first first
        calls.append(("po_lines_by_impact", {"supplier": suppliers[0], "horizon": "14d"}))
    if not calls:
        return None
    return Plan("pasted_facts", calls, focus={"pasted": "yes"}, act="ask")


DAY = (
    r"(?:today|tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|"
    r"tues|wed|thu|thur|thurs|fri)"
)
DAY_PAIR_RE = re.compile(rf"\b({DAY})\s*(?:and|&|\+|or|,)\s*(?:on\s+|for\s+)?({DAY})\b", re.I)


def per_day(clause: str) -> list[str]:
    """'shortages today and tomorrow': the same ask once for each day, each answered."""
    pair = DAY_PAIR_RE.search(clause)
    if pair is None:
        return [clause]
    head, tail = clause[: pair.start()], clause[pair.end() :]
    return [f"{head}{pair[1]}{tail}", f"{head}{pair[2]}{tail}"]


ORDINAL_TAIL = r"(?: one| line| po| order|(?=\s*[?.!]*\s*$))"  # "the first one", "...the first?"
ORDINALS = tuple(
    (re.compile(rf"\b(?:the )?(?:{words}){ORDINAL_TAIL}", re.IGNORECASE), index)
    for words, index in (("first|top|1st", 0), ("second|2nd", 1), ("third|3rd", 2))
)


def with_listed(clause: str, recall: Recall) -> str:
    """'expedite the first one' after a ranked list: that list's PO, written in."""
    if not recall.listed or PO_RE_ANY.search(clause) or HIT_FIRST_RE.search(clause):
        return clause  # "which customer orders get hit first": an order in time, not the list
    for pattern, index in ORDINALS:
        if index < len(recall.listed) and pattern.search(clause):
            return pattern.sub(recall.listed[index], clause, count=1)
    return clause


HIT_FIRST_RE = re.compile(r"\b(?:hit|bite|bites|short|run out|go|goes|arrive|land)s?\s+first\b",
                          re.IGNORECASE)  # fmt: skip
PO_RE_ANY = re.compile(r"\bPO[-\s#]?\d{3,}\b", re.IGNORECASE)


# "... and who supplies it?": the supplier of what the ask before it found short.
SUPPLIER_OF_IT_RE = re.compile(
    r"\b(?:who|which (?:supplier|vendor)s?|what suppliers?)\b.*\b(?:suppl\w*|makes?|ships?|"
    r"behind|vendors?|from)\b|\bwho(?:'s| is) (?:the )?(?:supplier|vendor)\b",
    re.IGNORECASE,
)


def suppliers_of_shortages(shortages: Plan) -> Plan:
    """The open PO lines (with their suppliers) of the plant or line the shortage ask named, in
    the same horizon: those that hit production are the short items' supply."""
    args = next((a for n, a in shortages.calls if n == "shortages"), {})
    lookup = {k: v for k, v in args.items() if k in ("horizon", "plant", "item")}
    return Plan("shortages", [("po_lines_by_impact", lookup)], focus={"suppliers_of_short": "yes"})


def _remark(clause: str, vocab: Vocabulary) -> bool:
    """'...? I thought it lands today': a statement that names nothing, beside an ask."""
    m = find_mentions(clause, vocab)
    names = m.items or m.item_choices or m.suppliers or m.po_numbers or m.lines or m.plants
    question = "?" in clause or QUESTION_START_RE.search(clause) is not None
    said = REMARK_RE.search(clause) is not None
    return said and clause_act(clause) == "ask" and not question and not names and m.kpi is None


def _aside(clause: str) -> bool:
    """A statement beside an off-topic ask ('the guys on SEAT1 keep asking'): it asks nothing."""
    asked = "?" in clause or QUESTION_START_RE.search(clause) is not None
    return not asked and clause_act(clause) == "ask"


# What someone says beside an ask, not asking: "thought it lands today", "it was due Monday".
REMARK_RE = re.compile(
    r"^\W*(?:i thought|thought|i was told|was told|i heard|heard|apparently|supposedly|"
    r"it was|it's|its|it is|they said|they told|i think|i guess|i believe)\b",
    re.IGNORECASE,
)


# A clause that asks only "the risk" of what the clause before it named.
BARE_RISK_RE = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:what(?:'s|s| is| are) (?:the |our )?|any )?(?:risks?|downside)"
    r"(?:\s+(?:here|then|of that|of it))?\W*$",
    re.IGNORECASE,
)


def so_far(recall: Recall, plans: list[Plan]) -> Recall:
    """What the thread and the message's earlier clauses named: 'escalate to Voltaic on
    PO-7781 and set up the air expedite too' expedites PO-7781."""
    calls = [call for x in plans for call in x.calls]
    if not calls:
        return recall

    def last(key: str, before: str | None) -> str | None:
        return next((str(a[key]) for _, a in reversed(calls) if a.get(key)), before)

    looked_up = next((str(a["query"]) for n, a in reversed(calls) if n == "lookup_item"), None)
    return replace(
        recall,
        calls=tuple(calls),
        po_number=last("po_number", recall.po_number),
        supplier=last("supplier", recall.supplier),
        item=last("item", looked_up or recall.item),  # "what's on hand for foam": its code
        line=last("line", recall.line),
    )


def with_new_date(parts: list[str], vocab: Vocabulary) -> list[str]:
    """'Update the promise date on 7795? Polyform now says thu 2pm': the day the clause after a
    date change gives is that change's day (one clause), when the change names none itself."""
    out: list[str] = []
    for clause in parts:
        before = out[-1] if out else ""
        if (
            before
            and _has(before, DATE_EDIT)
            and not find_mentions(before, vocab).names_day
            and find_mentions(clause, vocab).names_day
            and clause_act(clause) == "ask"
            and not QUESTION_START_RE.match(clause)
        ):
            out[-1] = f"{before.rstrip(' ?')} {clause}"
            continue
        out.append(clause)
    return out


NOTHING_OFFERED = (
    "There is no action from our last exchange for me to propose. Tell me what to do, for "
    "example: 'air-expedite the unconfirmed quantity on PO-7781' or 'draft an escalation to "
    "Voltaic'."
)


def confirmed(own: str, recall: Recall) -> Plan | None:
    """'ok do it' after a quote or a 'what if': the action that turn priced or weighed, as a
    proposal; its quantity and cost come from the domain (the mode may be said now)."""
    if not confirms(own) or recall.pending is not None:
        return None
    if recall.offer is None:
        if names_action(own) and not CONFIRM_RE.match(own):
            return None  # "expedite it", "fly them in": the thread's PO, planned as a request
        if recall.proposal is not None:  # "ok send it" after a proposal: it is decided elsewhere
            return refusal("decide", own, recall)
        return Plan("clarify", reply=NOTHING_OFFERED, act="request")
    tool, args = str(recall.offer["tool"]), dict(recall.offer.get("args") or {})
    mode = mode_in(own)
    if mode and tool == "expedite_po":
        args["mode"] = mode
    intent = next((i for i, t in ACTION_TOOL.items() if t == tool), "expedite")
    return Plan(intent, [(tool, args)], act="request")


def _confirmed_aside(own: str, recall: Recall) -> Plan | None:
    """'ok book it, I'll sign it off myself' after a quote: the yes, with its aside answered."""
    aside = request_aside(own)
    chosen = confirmed(aside.request, recall) if aside is not None else None
    if chosen is None or aside is None or chosen.intent == "clarify":
        return chosen  # nothing priced before: said so, as for the yes alone
    return request_asides.answering(chosen, aside)


def plan_turn(text: str, recall: Recall, vocab: Vocabulary, permits: Permits | None = None) -> Plan:
    """The plan for one user message: each ask of the user's own words, planned and guarded;
    none of them an action the user's role may not ask for (`permits`)."""
    return role_checked(_planned(text, recall, vocab, permits), permits)


def _same_item(plan: Plan, plans: list[Plan], clause: str, vocab: Vocabulary) -> Plan:
    """'foam - when does it land and how many hrs r we down': a shortage ask that names nothing
    is about the one item the ask before it in the same message named."""
    if plan.intent != "shortages" or len(plan.calls) != 1 or not plans:
        return plan
    if not _has(clause, r"\b(?:hours?|hrs|down|downtime|line time|lose|it|that|this one)\b"):
        return plan  # "... and what's short this week": every shortage, not only that item's
    name, args = plan.calls[0]
    m = find_mentions(clause, vocab)
    if name != "shortages" or {"item", "line", "plant"} & args.keys() or m.items or m.lines:
        return plan
    items = {a["item"] for _, a in plans[-1].calls if isinstance(a.get("item"), str)}
    if len(items) != 1 or m.plants or m.suppliers:
        return plan
    return replace(plan, calls=[(name, {**args, "item": items.pop()})])


def _planned(text: str, recall: Recall, vocab: Vocabulary, permits: Permits | None) -> Plan:
    words = own_words(text)
    drafted = draft_only.held_send(words.own)  # "draft it, dont fire it off yet": the draft
    if drafted:  # is the proposal, and nothing is sent before its approver confirms it
        words = replace(words, own=drafted)
    other = rule_for_another(words.own, recall, vocab)
    if other is not None:  # "what abt morgan then" after an approval rule: the rule, for morgan
        return other
    chosen = None if customer_orders.asks_customer_orders(words.own) else (
        picked(words.own, recall)
        or confirmed(words.own, recall)
        or _confirmed_aside(words.own, recall)
    )  # fmt: skip
    if chosen is not None:  # the answer to "which PO line?", or a yes to what was priced
        return chosen
    parts = clauses(words.own) or ([words.own] if words.own else [])
    if not parts:
        return Plan(
            "pasted",
            reply="That looks like text pasted from elsewhere. What would you "
            "like to know about it? I treat it as information, not as instructions.",
        )
    parts = [with_listed(one, recall) for clause in parts for one in per_day(clause)]
    parts = with_new_date(parts, vocab)
    held = hold_back.holds_back(words.own)  # "..., dont submit anything": every action's facts
    held_any = False
    plans: list[Plan] = []
    turned_down = False  # "don't expedite anything, just tell me ...": only what follows is asked
    heard: list[Plan] = []  # the plans of clauses turned down, for what they name
    asked = ""  # the clause before, for "...? set it up"
    for i, clause in enumerate(parts):
        if plans and plans[-1].offer is not None and confirms(clause):
            # "can we slide the vega runs later until the foam lands? set it up": that, asked for
            plans[-1] = understand_clause(asked, "request", so_far(recall, [*heard, *plans[:-1]]),
                                          vocab, permits)  # fmt: skip
            continue
        if i:  # "luis put in a reseq - can he approve it himself?": he is luis
            clause = with_person_before(clause, parts[i - 1], vocab)
        pointed = bool(i) and with_run_before(clause, parts[i - 1]) != clause
        if pointed:  # "...short wed 10? just start that vega job at 11 instead": the run said
            clause = with_run_before(clause, parts[i - 1])
        asked = clause
        alone = request_asides.alone(clause) if plans and plans[-1].act == "request" else None
        if alone is not None:  # "air the 7781. I'll approve it myself.": the request's aside
            plans[-1] = request_asides.answering(plans[-1], alone)
            continue
        if held and hold_back.only_holds_back(clause):
            if len(parts) == 1:  # nothing else named: nothing to hold back, nothing done
                return Plan("negate", reply=f"{NOT_DONE} {READ_HELP}", act="negate")
            continue  # "dont submit anything just tell me options": the other clauses' facts
        act = clause_act(clause)
        if act == "request":  # "priya's out today so raise the air on 7781": the order itself
            clause = after_reason(clause)
        if held and act in ("request", "ask"):  # asked about, held back: its facts and an offer
            act, held_any = "ask", True
        if act == "negate" and i + 1 < len(parts) and ONLY_ASK_RE.match(parts[i + 1]):
            # Not even its facts: what it names is still what the asks after it are about.
            turned_down = True
            heard.append(understand_clause(clause, act, so_far(recall, heard), vocab, permits))
            continue
        if turned_down and heard and hold_back.ONLY_FACTS_RE.match(clause):
            plans.append(heard[-1])  # "don't resequence it, just tell me the options": its facts
            continue
        if turned_down and ONLY_LEAD_RE.match(clause):  # "just tell me ...": the ask itself
            clause = ONLY_LEAD_RE.sub("", clause)
            act = clause_act(clause)
        if any(x.calls for x in plans) and (BARE_RISK_RE.search(clause) or _remark(clause, vocab)):
            continue  # "should we run the held covers? what's the risk": the ask before it
        if any("off_topic" in x.focus for x in plans) and _aside(clause):
            continue  # "who won the game, the line was talking about it": no ask of its own
        if plans and plans[-1].intent == "expedite_quote" and p.fixes_only(clause, vocab):
            plans[-1] = p.with_effect(plans[-1], vocab)  # "air 7781 - bill and does it fix wed"
            continue
        if plans and first_short.covered_too(plans[-1], clause):
            continue  # "which bites first, and when are we covered again?": one answer says both
        other = with_other(plans[-1], clause) if plans else None
        if other is not None:  # "...frozen? could we swap it with the 2pm one?": one check
            plans[-1] = other
            continue
        aside = request_aside(clause) if act in ("request", "negate") else None
        if aside is not None:  # "truck PO-7781, that's under my limit right?": the request is
            # planned; the aside about deciding it is answered beside the proposal
            plan = understand_clause(aside.request, act, so_far(recall, [*heard, *plans]), vocab,
                                     permits)  # fmt: skip
            plan = request_asides.answering(plan, aside) if act == "request" else plan
        else:
            plan = understand_clause(clause, act, so_far(recall, [*heard, *plans]), vocab, permits)
        if SUPPLIER_OF_IT_RE.search(clause) and plans and plans[-1].intent == "shortages":
            plan = suppliers_of_shortages(plans[-1])  # "... and who supplies it?"
        leaning = (
            FOLLOW_UP_RE.search(clause) is not None
            or plan.intent in ("out_of_domain", "unknown")
            or names_only(clause, vocab)
        )
        # Leans on nothing before it: a later receipt, an aside, what the last answer found.
        later = {"receipt", "receipt_after", "off_topic", FROM_RESULTS} & plan.focus.keys()
        own = bool(later) or is_check(plan.then)  # a run asked about by time: its own calls
        # "split by plant" after a KPI answer: a breakdown of it, though it starts with a verb
        regroup = grouping_in(clause) is not None and len(clause.split()) <= 5
        if regroup and not plans and any(n in KPI_TOOLS for n, _ in recall.calls):
            leaning, own = True, False
        elif leaning and clause_act(clause) == "request":
            leaning = False
        if leaning and _fragment(clause) and not own:
            # A fragment leans on the ask before it, in this message or the previous turn.
            before = next((x.calls for x in reversed(plans) if x.calls), list(recall.calls))
            refined = refine(list(before), clause, vocab) if _refines(before, clause, vocab) else []
            if refined:
                plan = Plan(recall.intent or "follow_up", refined, act=plan.act)
        plan = p.with_impact(_same_item(plan, plans, clause, vocab), clause)
        if plan.intent == "kpi":  # "ok do feb then, and cycle time too": the read before's
            before = next((x.calls for x in reversed(plans) if x.calls), list(recall.calls))
            plan = replace(plan, calls=kpi_too(plan.calls, before, clause, vocab.as_of))
        if pointed:
            plan = using_item(plan, plans)
        if (
            plans
            and PERIOD_MEANT in plan.focus
            and plans[-1].focus.get("define") == (plan.focus.get("define"))
        ):  # "how's adherence defined and what does 'last month' mean": one definition, dated
            plans[-1] = plan
            continue
        plans.append(first_short.focused(plan, clause, so_far(recall, plans), vocab))
    decided = [x for x in plans if x.intent in ("decline", "approve_in_chat")]
    if decided:
        return decided[0]  # an order to decide, or to drop the rules, is refused whatever else
    supposed = supply_arrival.pasted_arrival(words.own, words.quoted, vocab)
    if supposed is not None and not any(x.act == "request" for x in plans):
        return supposed  # "fyi from polyform: '... by noon Tue.' if that holds are we ok?"
    priced = pasted_quote(words.own, words.quoted, vocab) if words.quoted else None
    if priced is not None and not any(x.act == "request" for x in plans):
        return priced  # "is that the figure our system has for PO-7781?": our quote beside it
    about = ABOUT_PASTE | ({"supplier_performance"} if EFFECT_ON_US_RE.search(words.own) else set())
    instructs = words.quoted and INSTRUCTION_RE.search(words.quoted)
    if instructs and not any(x.act == "request" for x in plans):  # "legit??" about a paste that
        facts = pasted_facts(words.own, words.quoted, vocab)  # orders the assistant: said so
        if facts is not None:
            return replace(facts, focus={**facts.focus, "pasted": "instructs"})
    if words.quoted and all(x.intent in about for x in plans):
        return pasted_facts(words.own, words.quoted, vocab) or Plan("clarify", reply=PASTED_UNNAMED)
    if len(plans) > 1:
        plans = [x for x in plans if x.intent != "out_of_domain"] or plans[:1]
    merged = _merge(plans) if plans else Plan("negate", reply=NOT_DONE, act="negate")
    if (turned_down or held_any) and not any(is_propose(name) for name, _ in merged.calls):
        merged = replace(merged, focus={**merged.focus, "not_proposed": "negate"})
    return on_clock(merged, clock_said.clock_plant(words.own, vocab))


def on_clock(plan: Plan, clock: str | None) -> Plan:
    """Every shortage read of a message said on another plant's clock ('... in their time pls')
    states its times on that clock."""
    if clock is None:
        return plan
    calls = [
        (name, {**args, "clock": clock})
        if name == "shortages" and "clock" not in args and args.get("plant") != clock
        else (name, args)
        for name, args in plan.calls
    ]
    return replace(plan, calls=calls)
