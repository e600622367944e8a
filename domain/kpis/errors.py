"""The error a KPI request raises when the caller can fix it (unknown KPI, filter or period)."""

from __future__ import annotations


class KpiInputError(ValueError):
    """A KPI request the caller can fix; the message names the field and the accepted values."""
