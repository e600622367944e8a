"""The text of a PDF supplier document, page by page, through pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError


class DocumentError(ValueError):
    """A document that cannot be read (not a PDF, no text layer, empty)."""


def pdf_text(data: bytes) -> str:
    """All pages' text joined by blank lines; DocumentError when there is none."""
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages).strip()
    except (PdfReadError, ValueError, OSError) as err:
        raise DocumentError(f"not a readable PDF: {err}") from err
    if not text:
        raise DocumentError("the PDF has no text layer (a scan?): type the values in instead")
    return text


def document_text(data: bytes) -> str:
    """Text of a PDF (by its %PDF header) or of a UTF-8 e-mail/plain-text document."""
    if data.lstrip()[:5] == b"%PDF-":
        return pdf_text(data)
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError as err:
        raise DocumentError("the document is neither a PDF nor UTF-8 text") from err
