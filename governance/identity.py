"""Lineside users as actors: role, plant scope and limits, resolved from the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from governance.errors import UnknownIdentity

ALL_PLANTS = "*"  # a plant_scope entry meaning every plant


@dataclass(frozen=True)
class Actor:
    """An authenticated Lineside user as governance sees them."""

    username: str
    role: str
    plant_scope: tuple[str, ...]
    item_families: tuple[str, ...]  # the families they work on: a description, not a permission
    approval_limit: float

    @property
    def all_plants(self) -> bool:
        return ALL_PLANTS in self.plant_scope


_USER_SQL = "SELECT username, role, plant_scope, item_families, approval_limit FROM app_user"


def _actor(row: Any) -> Actor:
    username, role, plant_scope, item_families, approval_limit = row
    return Actor(
        username=username,
        role=role,
        plant_scope=tuple(plant_scope or ()),
        item_families=tuple(item_families or ()),
        approval_limit=float(approval_limit or 0),
    )


def get_actor(engine: Engine, username: str) -> Actor:
    """The Lineside user `username`; an unknown name is refused with UnknownIdentity."""
    with engine.connect() as conn:
        row = conn.execute(text(_USER_SQL + " WHERE username = :u"), {"u": username}).first()
    if row is None:
        raise UnknownIdentity(f"No Lineside user named {username!r}; ask an admin to add you")
    return _actor(row)


def list_actors(engine: Engine) -> list[Actor]:
    """Every Lineside user, by username."""
    with engine.connect() as conn:
        rows = conn.execute(text(_USER_SQL + " ORDER BY username")).all()
    return [_actor(r) for r in rows]


def resolve_identity(engine: Engine, channel: str, external_id: str) -> Actor:
    """The user a Slack/Teams/API identity maps to; an unmapped identity is refused."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                _USER_SQL + " JOIN external_identity x USING (username)"
                " WHERE x.channel = :c AND x.external_id = :e"
            ),
            {"c": channel, "e": external_id},
        ).first()
    if row is None:
        raise UnknownIdentity(
            f"The {channel} identity {external_id!r} is not mapped to a Lineside user;"
            " ask an admin to link it before using Lineside"
        )
    return _actor(row)
