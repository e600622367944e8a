"""Number words as digits, exactly as number_parser's `parse` writes them, at a fraction of its
cost: `parse` guesses the language and rebuilds every language's tables on each call (about 3 ms).

The guess is the library's own (the language with most number or skip words, English if none),
over tables built once; a text with no number word of that language comes back as `parse` would
give it (stripped), and only a text with one is handed to `parse`, told the language.
"""

from __future__ import annotations

from functools import cache, lru_cache

from number_parser import parse
from number_parser.parser import (
    RE_BUG_LANGUAGES,
    SUPPORTED_LANGUAGES,
    LanguageData,
    _is_cardinal_token,
    _is_number_token,
    _is_skip_token,
    _normalize_tokens,
    _tokenize,
)


@cache
def _language(language: str) -> LanguageData:
    return LanguageData(language)


@lru_cache(maxsize=65536)
def _token(language: str, token: str) -> tuple[bool, bool]:
    """(counts towards the language guess, is a number word `parse` converts) for one token."""
    data = _language(language)
    number = _is_number_token(token, data) is not None
    return number or _is_skip_token(token, data), number or bool(_is_cardinal_token(token, data))


@lru_cache(maxsize=4096)
def to_digits(text: str) -> str:
    """`number_parser.parse(text)`: 'two days' -> '2 days', the other words unchanged."""
    counts: dict[str, int] = {}
    numbers: dict[str, bool] = {}
    split: dict[bool, list[str]] = {}  # tokens by tokenizer (most languages share one)
    for language in SUPPORTED_LANGUAGES:  # the library's order: a tie goes to the first
        own = language in RE_BUG_LANGUAGES
        if own not in split:
            split[own] = _normalize_tokens(_tokenize(text, language))
        kinds = [_token(language, t) for t in split[own]]
        counts[language] = sum(counted for counted, _ in kinds)
        numbers[language] = any(number for _, number in kinds)
    best = max(counts, key=counts.__getitem__)
    language = best if counts[best] else "en"
    if not numbers[language]:
        return "".join(_tokenize(text, language)).strip()  # what parse joins back, untouched
    return str(parse(text, language))
