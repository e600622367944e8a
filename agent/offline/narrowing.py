"""An item named by a phrase several items fit ('the pillar trim covers', 'the mocha back
covers'), narrowed from the data before anyone is asked: to the items active at the asker's
plants (stock, an open PO line or work-order demand there), and for a question about a PO or an
item's supply to those with an open PO line there. One left is the item meant; several are
asked about by name, only those left."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from agent.offline.mentions import Mentions
from agent.offline.vocabulary import Vocabulary

# Intents about an item's PO lines or supply: an item with none open is not the one meant.
PO_INTENTS = frozenset({
    "po_risk", "open_supply", "ranked_po_lines", "po_confirmation", "supplier_lines",
    "late_po_lines", "expedite", "expedite_quote", "escalation", "po_date_change", "why_short",
})  # fmt: skip


def _at(item: str, where: Mapping[str, Sequence[str]], plants: Sequence[str]) -> bool:
    found = where.get(item, ())
    return bool(found) and ("*" in plants or not plants or any(p in plants for p in found))


def _kept(codes: list[str], where: Mapping[str, Sequence[str]], plants: Sequence[str]) -> list[str]:
    """The codes that are at these plants by `where`; all of them when none is."""
    fits = [c for c in codes if _at(c, where, plants)]
    return fits or codes


def narrowed(m: Mentions, intent: str, vocab: Vocabulary, plants: Sequence[str] = ()) -> Mentions:
    """The mentions with several candidate items narrowed by the asker's plants (`plants`; empty
    or '*': every plant) and, for a PO or supply question, by open PO lines there."""
    if m.items or len(m.item_choices) < 2 or not vocab.active_at:
        return m
    left = _kept(list(m.item_choices), vocab.active_at, plants)
    if intent in PO_INTENTS:
        left = _kept(left, vocab.on_order_at, plants)
    if len(left) == 1:
        return replace(m, items=left, item_choices=[])
    return replace(m, item_choices=left)
