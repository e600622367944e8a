"""Builds Meridian Interiors in memory: pure, deterministic, frozen at DEMO_AS_OF."""

from __future__ import annotations

import random

from domain.clock import DEMO_AS_OF
from sample_data.meridian.catalog import add_master_data
from sample_data.meridian.correspondence import add_correspondence
from sample_data.meridian.dataset import DemoDataset
from sample_data.meridian.history import add_alerts, add_purchasing_history
from sample_data.meridian.material import add_ample_supply, add_disruptions
from sample_data.meridian.people import add_people
from sample_data.meridian.schedule import add_completed_history, add_schedule

SEED = 20260302
NAME = "Meridian Interiors"


def build_demo() -> DemoDataset:
    """Every row of the demo company, unbound to any session, in foreign-key order."""
    rng = random.Random(SEED)
    ds = DemoDataset(meta={"as_of": DEMO_AS_OF.isoformat(), "name": NAME, "seed": SEED})
    add_master_data(ds, rng)
    add_people(ds)
    add_completed_history(ds, rng)
    add_schedule(ds)
    add_disruptions(ds)
    add_ample_supply(ds, rng)
    add_purchasing_history(ds, rng)
    add_alerts(ds, rng)
    add_correspondence(ds)
    return ds
