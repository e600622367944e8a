"""What the scheduler refuses: problems the caller can fix."""

from __future__ import annotations


class SchedulingInputError(ValueError):
    """A problem the caller can fix: bad data, unknown references, impossible numbers."""
