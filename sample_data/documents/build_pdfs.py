"""Writes the sample PDFs from pdf_sources/*.txt: `python -m sample_data.documents.build_pdfs`.

A minimal PDF 1.4 writer (one page, Helvetica, one text line per source line) so the
samples are real PDFs that pypdf reads, without a PDF library at run time.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` top to bottom."""
    stream = (
        "BT /F1 11 Tf 14 TL 60 760 Td "
        + " ".join(f"({_escape(line)}) Tj T*" for line in lines)
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def main() -> None:
    for source in sorted((HERE / "pdf_sources").glob("*.txt")):
        lines = source.read_text(encoding="utf-8").splitlines()
        (HERE / f"{source.stem}.pdf").write_bytes(text_pdf(lines))


if __name__ == "__main__":
    main()
