"""Supplier documents (e-mails, PDFs) read by rules into proposed events a buyer confirms."""
