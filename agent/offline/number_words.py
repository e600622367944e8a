"""Number words as digits, exactly as number_parser's `parse` writes them, at a fraction of its
cost: `parse` guesses the language and rebuilds every language's tables on each call (about 3 ms).

Our users write English: the language is English, its tables built once; a text with no English
number word comes back as `parse` would give it (stripped), and only a text with one is handed
to `parse`.
"""

from __future__ import annotations

from functools import cache, lru_cache

from number_parser import parse
from number_parser.parser import (
    LanguageData,
    _is_cardinal_token,
    _is_number_token,
    _normalize_tokens,
    _tokenize,
)

LANGUAGE = "en"


@cache
def _language(language: str) -> LanguageData:
    return LanguageData(language)


@lru_cache(maxsize=65536)
def _is_number_word(token: str) -> bool:
    """Whether `parse` converts this token (a number or cardinal word)."""
    data = _language(LANGUAGE)
    return _is_number_token(token, data) is not None or bool(_is_cardinal_token(token, data))


@lru_cache(maxsize=4096)
def to_digits(text: str) -> str:
    """`number_parser.parse(text, "en")`: 'two days' -> '2 days', the other words unchanged.

    Always English: the library's own guess reads 'once' as Spanish eleven ('let me know once
    it lands' -> 'let me know 11 it lands') and 'un'/'dos' as numbers."""
    tokens = _normalize_tokens(_tokenize(text, LANGUAGE))
    if not any(_is_number_word(t) for t in tokens):
        return "".join(_tokenize(text, LANGUAGE)).strip()  # what parse joins back, untouched
    return str(parse(text, LANGUAGE))
