"""How names are compared: folded (no case, no accents) and codes squeezed (no separators)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=16384)  # names and messages are folded again and again
def fold(text: str) -> str:
    """Lower case without accents ('Győr' -> 'gyor'), as names are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def squeeze(code: str) -> str:
    """A code without separators or case ('E-4410', 'e 4410' -> 'e4410')."""
    return re.sub(r"[\s\-_#]+", "", fold(code))
