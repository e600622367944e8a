"""Explainable PO-line risk: a pure scorer over RiskFacts, and the gathering of those facts."""

from domain.risk.facts import RiskInputError, gather_facts, po_line_risk, risky_po_lines
from domain.risk.score import PoLineRisk, RiskFactor, RiskFacts, score_po_line

__all__ = [
    "PoLineRisk",
    "RiskFactor",
    "RiskFacts",
    "RiskInputError",
    "gather_facts",
    "po_line_risk",
    "risky_po_lines",
    "score_po_line",
]
