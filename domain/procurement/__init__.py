"""Procurement rules: open supply per item and PO line, expedite options and their price."""
