"""Times as a plant reads them: in the plant's own timezone, weekday first."""

from __future__ import annotations

from domain.formatting import plant_time as local

__all__ = ["local"]
