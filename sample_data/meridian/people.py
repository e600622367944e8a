"""Users, their chat and API identities, and the approval policy of the demo company."""

from __future__ import annotations

import uuid

from domain import models as m
from sample_data.meridian.dataset import DemoDataset

ALL_PLANTS = ["LKS", "SAL", "GYR"]
UNLIMITED = 10_000_000.0  # an executive's limit: larger than any proposal the demo can raise

# username, display name, role, plant scope, item families, approval limit
USERS: list[tuple[str, str, str, list[str], list[str], float]] = [
    ("dana.kim", "Dana Kim", "buyer", ["LKS"], ["electronics", "foam"], 5000),
    ("ken.walsh", "Ken Walsh", "buyer", ["LKS"], ["trim", "frames", "fabrics", "fasteners",
     "substrates", "mechanisms", "wiring", "headrests", "packaging", "chemicals"], 5000),
    ("luis.ortega", "Luis Ortega", "planner", ["LKS"], [], 0),
    ("priya.nair", "Priya Nair", "plant_manager", ["LKS"], [], 25000),
    ("morgan.lee", "Morgan Lee", "executive", ALL_PLANTS, [], UNLIMITED),
    ("sam.okafor", "Sam Okafor", "buyer", ["SAL"], [], 5000),
    ("carlos.mendez", "Carlos Méndez", "plant_manager", ["SAL"], [], 25000),
    ("zsofia.varga", "Zsófia Varga", "buyer", ["GYR"], [], 5000),
    ("attila.kovacs", "Attila Kovács", "plant_manager", ["GYR"], [], 25000),
    ("eve.tester", "Eve Tester", "evaluator", ALL_PLANTS, [], 0),
    ("admin", "Lineside Administrator", "admin", ALL_PLANTS, [], 0),
]  # fmt: skip

# kind, max cost (None = no ceiling), approver role, four eyes
RULES: list[tuple[str, float | None, str, bool]] = [
    ("expedite_po", 5000, "requester", False),
    ("expedite_po", 25000, "plant_manager", True),
    ("expedite_po", None, "executive", True),
    ("supplier_escalation", None, "requester", False),
    ("po_date_change", None, "requester", False),
    ("resequence", None, "plant_manager", True),
    ("transfer_inventory", None, "plant_manager", True),
    ("quality_review", None, "plant_manager", True),
]
TTL_HOURS = 24.0
_TEAMS_NAMESPACE = uuid.UUID("6f1c2d4e-8a9b-4c3d-9e0f-112233445566")


def slack_id(username: str) -> str:
    """Slack user id of a demo user, e.g. dana.kim -> U0DANAKIM."""
    return "U0" + username.replace(".", "").upper()


def teams_id(username: str) -> str:
    """Fixed AAD object id (a UUID) of a demo user in Teams."""
    return str(uuid.uuid5(_TEAMS_NAMESPACE, username))


def add_people(ds: DemoDataset) -> None:
    """Users with scope and limits, their identities per channel, and the approval rules."""
    for username, name, role, plants, families, limit in USERS:
        ds.users.append(
            m.AppUser(
                username=username, display_name=name,
                email=f"{username}@meridian-interiors.example", role=role,
                plant_scope=list(plants), item_families=list(families),
                approval_limit=float(limit),
            )
        )  # fmt: skip
        for channel, external_id in (
            ("cli", username), ("slack", slack_id(username)), ("teams", teams_id(username)),
            ("api", username),
        ):  # fmt: skip
            ds.external_identities.append(
                m.ExternalIdentity(
                    id=len(ds.external_identities) + 1, channel=channel,
                    external_id=external_id, username=username,
                )
            )  # fmt: skip
    for kind, max_cost, approver, four_eyes in RULES:
        ds.approval_rules.append(
            m.ApprovalRule(
                id=len(ds.approval_rules) + 1, kind=kind, plant_code=None,
                max_cost=max_cost, approver_role=approver, four_eyes=four_eyes,
                ttl_hours=TTL_HOURS,
            )
        )  # fmt: skip
