"""Numbers as a reader sees them in an answer: ids, dates and clock times are not figures."""

from __future__ import annotations

import re

from domain.formatting import DATE_TIME_RE

# Ids such as PO-7781, E-4410, LKS-SEAT1, ASN-55102, AP-000001, WO-SEAT1-0304-0600, L-3105-0311.
IDENTIFIER_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[-_/][A-Za-z0-9]+)*[-_][0-9][\w/-]*")
# Quoted text (an example to type, a pasted email) and display counts ("+6 more") state no figure.
NOT_CLAIMS_RE = re.compile(
    r"'[^'\n]{1,160}'|\"[^\"\n]{1,160}\"|“[^”\n]{1,160}”|[+…]\s?\d+ more\b|\b\d+ more\b"
)
NUMBER_RE = re.compile(r"(?<![\w.])[-−]?\$?\d[\d,]*(?:\.\d+)?")


def parse_number(token: str) -> float | None:
    cleaned = token.replace(",", "").replace("$", "").replace("−", "-")
    try:
        return float(cleaned)
    except ValueError:
        return None


def figures(text: str, claims_only: bool = False) -> list[tuple[str, float]]:
    """The figures of `text`: quantities, money, percentages, hours (ids, dates, times left out).

    `claims_only` also leaves out quoted text and display counts, for the grounding check.
    """
    if claims_only:
        text = NOT_CLAIMS_RE.sub(" ", text)
    stripped = DATE_TIME_RE.sub(" ", IDENTIFIER_RE.sub(" ", text))
    found = []
    for token in NUMBER_RE.findall(stripped):
        value = parse_number(token)
        if value is not None:
            found.append((token, value))
    return found


def all_numbers(text: str) -> list[float]:
    """Every number in `text`, ids and timestamps included (evidence may hide one anywhere)."""
    values = []
    for token in NUMBER_RE.findall(text) + NUMBER_RE.findall(IDENTIFIER_RE.sub(" ", text)):
        value = parse_number(token)
        if value is not None:
            values.append(value)
    return values


def decimals(token: str) -> int:
    return len(token.split(".", 1)[1]) if "." in token else 0
