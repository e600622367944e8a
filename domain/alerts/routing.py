"""Who an alert goes to: its owner (the rule's role), the planners, and the plant manager."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from domain.alerts.evaluate import AlertCandidate
from domain.alerts.rules import AlertRule
from domain.uow import pipelined


@dataclass(frozen=True)
class Route:
    owner: str | None
    recipients: tuple[str, ...]  # owner first; each with the reason they get it
    reasons: dict[str, str]

    def only(self, recipients: Sequence[str]) -> Route:
        """This route limited to `recipients` (those an open alert gained)."""
        kept = tuple(r for r in self.recipients if r in recipients)
        return Route(self.owner, kept, {r: self.reasons[r] for r in kept})


def _users(conn: Connection, role: str, plant: str) -> list[str]:
    return [u for r, u in _plant_users(conn, plant) if r == role]


_AT_PLANT = "FROM app_user WHERE :p = ANY(plant_scope) OR '*' = ANY(plant_scope) ORDER BY username"
# The buyer of the item's POs at the plant, else the buyer of the item's family.
_ITEM_BUYER = (
    "COALESCE((SELECT po.buyer FROM po_line pl JOIN purchase_order po"
    " ON po.po_number = pl.po_number WHERE pl.item_code = :i AND po.plant_code = :p"
    " AND po.buyer IS NOT NULL ORDER BY (po.status = 'open') DESC, po.issued_at DESC"
    " LIMIT 1), (SELECT u.username FROM app_user u JOIN item i"
    " ON i.family = ANY(u.item_families) WHERE i.code = :i AND u.role = 'buyer'"
    " AND :p = ANY(u.plant_scope) ORDER BY u.username LIMIT 1))"
)

_BUYER_AND_USERS = text(
    f"SELECT {_ITEM_BUYER}, ARRAY(SELECT ARRAY[role::text, username::text] {_AT_PLANT})"
)


def _cache(conn: Connection) -> dict[str, list[tuple[str, str]]]:
    return conn.info.setdefault("plant_users", {})


def _plant_users(conn: Connection, plant: str) -> list[tuple[str, str]]:
    """(role, username) of the plant's users, read once per connection."""
    cache = _cache(conn)
    if plant not in cache:
        [rows] = pipelined(conn, [(text(f"SELECT role, username {_AT_PLANT}"), {"p": plant})])
        cache[plant] = [(str(r[0]), str(r[1])) for r in rows]
    return cache[plant]


def _buyer(conn: Connection, candidate: AlertCandidate) -> str | None:
    """The buyer of the PO the event is about, else of the item's open POs at the plant.

    A lookup also reads the plant's users when not yet read (one round trip for both).
    """
    if candidate.buyer:
        return candidate.buyer
    if candidate.item is None:
        return None
    params = {"i": candidate.item, "p": candidate.plant}
    cache = _cache(conn)
    if candidate.plant in cache:
        [[(found,)]] = pipelined(conn, [(text(f"SELECT {_ITEM_BUYER}"), params)])
    else:
        [[(found, users)]] = pipelined(conn, [(_BUYER_AND_USERS, params)])
        cache[candidate.plant] = [(str(r), str(u)) for r, u in users]
    return None if found is None else str(found)


def route(conn: Connection, candidate: AlertCandidate, rule: AlertRule) -> Route:
    """The buyer of the item or supplier, the line's planners, the plant manager past the hours."""
    reasons: dict[str, str] = {}
    buyer = _buyer(conn, candidate)
    if rule.owner_role == "buyer":
        owner = buyer
    else:
        owner = next(iter(_users(conn, rule.owner_role, candidate.plant)), None)
    if owner:
        reasons[owner] = f"owner ({rule.owner_role})"
    if buyer and buyer not in reasons:
        reasons[buyer] = "buyer of the item"
    if candidate.lines or rule.owner_role == "planner":
        for planner in _users(conn, "planner", candidate.plant):
            reasons.setdefault(planner, "planner of the line")
    if candidate.line_hours_at_risk >= rule.escalate_line_hours > 0:
        for manager in _users(conn, "plant_manager", candidate.plant):
            reasons.setdefault(manager, f"{candidate.line_hours_at_risk:.1f} line hours at risk")
    return Route(owner, tuple(reasons), reasons)
