"""Meridian Interiors, the demo company: built in memory, deterministically, and loaded."""
