"""Supplier, logistics, quality and shop-floor events: CloudEvents in, core updated, alerts out."""
