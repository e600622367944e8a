"""An item's overview: what is on hand by status (held lots named), what is on order and arrives
next, and its next shortage; the answer to 'what's going on with the armrest covers?'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from domain import master_data
from domain.planning.policy import SupplyPolicy
from domain.planning.repository import plant_timezone, shortages_for_plant
from domain.procurement.open_supply import OpenPoLine, open_supply
from domain.uow import read_snapshot
from tools.lookup import resolve_item
from tools.plant_time import local
from tools.result_data import HeldLot, ItemOverview, NextReceipt, ShortageFact
from tools.results import ToolResult
from tools.scope import requested_or_visible
from tools.stock import describe_stock, stock_at
from tools.tool import Tool

if TYPE_CHECKING:
    from governance.context import Actor, CallContext

HORIZON = "14d"  # the shortage look-ahead, as the shortages tool's default


class ItemOverviewArgs(BaseModel):
    item: str = Field(
        min_length=1, description="Item code or name, e.g. 'T-3105', 'armrest cover'."
    )
    plant: str | None = Field(
        default=None, description="Plant code (LKS, SAL, GYR); default: every plant you may see."
    )


def _plants(args: ItemOverviewArgs, actor: Actor, engine: Engine) -> list[str]:
    return requested_or_visible(args.plant, actor, engine)


def next_receipt(lines: list[OpenPoLine], zones: dict[str, str]) -> NextReceipt | None:
    """The earliest tranche of the open lines (ASN ETA, else confirmed, else promised time)."""
    tranches = [(t.at, line, t) for line in lines for t in line.supply if t.qty > 0]
    if not tranches:
        return None
    at, line, tranche = min(tranches, key=lambda x: (x[0], x[1].po_number, x[1].line_no))
    asn = next((a for a in line.asns if a.eta == at), None) if tranche.basis == "asn" else None
    return NextReceipt(
        po_number=line.po_number, line_no=line.line_no, plant=line.plant_code,
        supplier=line.supplier_code, supplier_name=line.supplier_name, qty=tranche.qty,
        at=local(at, zones[line.plant_code]), basis=tranche.basis,
        asn_number=asn.asn_number if asn else None, asn_status=asn.hub_status if asn else None,
        hub=(asn.hub or None) if asn else None,
    )  # fmt: skip


def _summary(o: ItemOverview) -> str:
    parts = [f"{o.item} ({o.description}): " + (describe_stock(o.on_hand) or "nothing on hand")]
    for h in o.holds:
        decide = f", decision expected {h.decision_expected_at}" if h.decision_expected_at else ""
        parts.append(f"lot {h.lot} on quality hold at {h.plant}: {h.qty:,.0f} ({h.reason}{decide})")
    r = o.next_receipt
    if r is not None:
        via = (
            f" via {r.asn_number} ({r.asn_status}{' at ' + r.hub if r.hub else ''})"
            if (r.asn_number)
            else ""
        )
        parts.append(
            f"next receipt {r.po_number}/{r.line_no} from {r.supplier_name}: {r.qty:,.0f} "
            f"{'confirmed ' if r.basis == 'confirmed' else ''}for {r.at}{via}"
            + (" (not confirmed)" if r.basis == "unconfirmed" else "")
            + f"; {o.open_po_lines} open PO line(s), {o.open_qty:,.0f} open in all"
        )
    else:
        parts.append(f"no open PO line at {', '.join(o.plants)}")
    s = o.next_shortage
    if s is not None:
        parts.append(
            f"next shortage at {s.plant}: first short {s.first_short_at:%a %Y-%m-%d %H:%M}, "
            f"{s.qty_short:,.0f} short, hits {', '.join(s.lines)} ({', '.join(s.work_orders[:3])}"
            + (f" +{len(s.work_orders) - 3} more" if len(s.work_orders) > 3 else "")
            + ")"
        )
    else:
        parts.append(f"no shortage in the next {o.horizon}")
    return "; ".join(parts) + "."


def _run(engine: Engine, ctx: CallContext, args: ItemOverviewArgs) -> ToolResult:
    plants = _plants(args, ctx.actor, engine)
    with read_snapshot(engine) as conn:  # one committed state for stock, supply and projection
        item = resolve_item(conn, args.item)
        zones = {p: plant_timezone(conn, p) for p in plants}
        on_hand = stock_at(conn, [item.code], plants)[item.code]
        holds = [
            HeldLot(
                lot=h["lot"],
                plant=h["plant_code"],
                qty=float(h["qty"]),
                reason=h["reason"],
                placed_at=h["placed_at"],
                decision_expected_at=local(h["decision_expected_at"], zones[h["plant_code"]])
                if h["decision_expected_at"]
                else None,
                decision_at_plants={
                    p: local(h["decision_expected_at"], z) for p, z in zones.items()
                }
                if h["decision_expected_at"]
                else {},
            )  # fmt: skip
            for h in master_data.open_holds_of_item(conn, item.code, plants)
        ]
        lines = open_supply(conn, plants, item=item.code)
        shortages = [
            ShortageFact.model_validate(s.as_dict(zones[p]))
            for p in plants
            for s in shortages_for_plant(conn, p, HORIZON, SupplyPolicy(), item=item.code)
            if s.item == item.code
        ]
    overview = ItemOverview(
        item=item.code, description=item.name, plants=plants, on_hand=on_hand, holds=holds,
        open_po_lines=len(lines),
        open_qty=sum(t.qty for line in lines for t in line.supply),
        next_receipt=next_receipt(lines, zones),
        next_shortage=min(shortages, key=lambda s: s.first_short_at, default=None),
        horizon=HORIZON,
    )  # fmt: skip
    sources = [item.code, *(h.lot for h in holds), *(x.ref for x in lines)]
    if overview.next_shortage is not None:
        sources += overview.next_shortage.work_orders[:3]
    return ToolResult(
        ok=True,
        tool="item_overview",
        data=overview,
        summary=_summary(overview),
        sources=sources,
        policy="stock on quality hold or blocked is not available; next receipt: the earliest "
        "open tranche (ASN ETA, else confirmed date, else promised date); shortage under the "
        "default supply policy (unconfirmed quantities and held stock not counted)",
    )


TOOLS = [
    Tool(
        name="item_overview",
        kind="read",
        description=(
            "Everything about one item at your plants (or the plant named): on-hand stock by "
            "status, each lot on quality hold with its quantity, reason and expected decision, "
            "the open PO lines and the next receipt (quantity, time, supplier, ASN and hub), and "
            "the item's next shortage in 14 days (first-short time, quantity, lines and WOs "
            "hit). Use it for 'what's going on with the armrest covers?', 'status of F-2200'."
        ),
        input_model=ItemOverviewArgs,
        plants=_plants,
        run=_run,
        result_model=ItemOverview,
    ),
]
