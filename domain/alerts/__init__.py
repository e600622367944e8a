"""Alerts raised by rules kept as data, routed to who must act, delivered by notifiers."""
