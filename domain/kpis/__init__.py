"""The governed KPI catalogue and its SQL: list, find and compute KPIs with their definitions."""

from domain.kpis.catalogue import KpiDefinition, UnknownKpiError, find_kpi, list_kpis
from domain.kpis.compute import KpiResult, KpiRow, compute_kpi, format_gap, format_value
from domain.kpis.errors import KpiInputError
from domain.kpis.period import Period, PeriodError, parse_period

__all__ = [
    "KpiDefinition",
    "KpiInputError",
    "KpiResult",
    "KpiRow",
    "Period",
    "PeriodError",
    "UnknownKpiError",
    "compute_kpi",
    "find_kpi",
    "format_gap",
    "format_value",
    "list_kpis",
    "parse_period",
]
