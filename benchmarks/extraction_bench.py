"""Precision and recall per field of the supplier-document extraction on the sample documents.

    python -m benchmarks.extraction_bench [--dir sample_data/documents]

Each document of truth.json (e-mails, plain-text forms, tables, PDFs) is read as the API
and CLI read it (PDF text by pypdf) and extracted with the document's sent time in the
plant's zone. A field counts as extracted when the extraction gives it, correct when it
equals the truth (dates to the minute). precision = correct / extracted, recall = correct /
in the truth.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from domain.documents.extract import extract
from domain.documents.pdf import document_text

FIELDS = ("kind", "po_number", "line_no", "qty", "delivery_at", "eta", "asn_number", "scope")
DEFAULT_DIR = Path(__file__).parents[1] / "sample_data" / "documents"


def _plain(value: Any) -> Any:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value


def measure(folder: Path) -> tuple[dict[str, dict[str, float]], int, float]:
    """{field: {precision, recall, extracted, expected}}, documents, seconds per document."""
    truth = json.loads((folder / "truth.json").read_text())
    tz = truth["timezone"]
    extracted: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    t0 = time.perf_counter()
    for doc in truth["documents"]:
        text = document_text((folder / doc["file"]).read_bytes())
        sent = datetime.fromisoformat(doc["sent_at"]).replace(tzinfo=ZoneInfo(tz))
        x = extract(text, sent, tz)
        got = {k: _plain(f.value) for k, f in x.fields.items()} | {"kind": x.kind}
        for name in FIELDS:
            if name in doc:
                expected[name] += 1
            if name in got and not (name == "kind" and got[name] == "unknown"):
                extracted[name] += 1
                correct[name] += int(doc.get(name) == got[name])
    seconds = (time.perf_counter() - t0) / len(truth["documents"])
    figures = {
        name: {
            "precision": correct[name] / extracted[name] if extracted[name] else 1.0,
            "recall": correct[name] / expected[name] if expected[name] else 1.0,
            "extracted": extracted[name],
            "expected": expected[name],
        }
        for name in FIELDS
    }
    return figures, len(truth["documents"]), seconds


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    figures, n, seconds = measure(args.dir)
    print(f"{n} documents, {seconds * 1000:.1f} ms each\n")
    print("| field | in truth | extracted | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for name, f in figures.items():
        print(f"| {name} | {f['expected']:.0f} | {f['extracted']:.0f} | {f['precision']:.0%} "
              f"| {f['recall']:.0%} |")  # fmt: skip


if __name__ == "__main__":
    main()
