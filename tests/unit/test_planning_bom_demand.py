"""bom_demand explodes WOs through their BOMs in NumPy exactly as a plain loop would."""

from __future__ import annotations

import random

import numpy as np

from domain.planning.snapshot import bom_demand


def _loop(made: list[int], qty: list[float], bom: list[tuple[int, int, float]]) -> list[tuple]:
    rows = []
    for wo, (mk, q) in enumerate(zip(made, qty, strict=True)):
        for parent, component, per in sorted(bom, key=lambda b: (b[0], b[1])):
            if parent == mk:
                rows.append((wo, component, per * q))
    return rows


def test_requirements_come_by_wo_then_component_with_qty_per_times_wo_qty() -> None:
    rng = random.Random(3)
    bom = sorted({(rng.randrange(6), rng.randrange(40)): rng.choice([1.0, 2.0, 0.25, 1 / 3])
                  for _ in range(30)}.items())  # fmt: skip
    flat = [(p, c, per) for (p, c), per in bom]
    rng.shuffle(flat)
    made = [rng.randrange(8) for _ in range(50)]  # keys 6 and 7 make nothing from a BOM
    qty = [float(rng.choice([160, 210, 7.5])) for _ in made]
    arrays = {
        "mk": np.array([b[0] for b in flat], np.int32),
        "ix": np.array([b[1] for b in flat], np.int32),
        "qty_per": np.array([b[2] for b in flat]),
    }
    wo, component, required = bom_demand(np.array(made), np.array(qty), arrays)
    got = list(zip(wo.tolist(), component.tolist(), required.tolist(), strict=True))
    assert got == _loop(made, qty, flat)


def test_no_wos_or_no_bom_gives_no_requirements() -> None:
    empty = {"mk": np.array([], np.int32), "ix": np.array([], np.int32),
             "qty_per": np.array([])}  # fmt: skip
    for made in ([], [0, 1]):
        wo, component, required = bom_demand(np.array(made, np.int32), np.ones(len(made)), empty)
        assert len(wo) == len(component) == len(required) == 0
