"""Text normalisation, Thai word segmentation and snippets for search. Pure Python, no ORM.

Documents and queries go through the same `normalise()` so that every comparison (FTS5 trigram,
LIKE, pg_trgm, tsvector) happens on one canonical form:
- Thai digits ๐–๙ become 0–9, so "๑๒๓" finds "123" and the other way round;
- Latin (and any cased script) is lower-cased;
- the decomposed SARA AM (NIKHAHIT + SARA AA, a common typing variant) becomes U+0E33;
- zero-width characters, which Thai writers use as invisible word breaks, are dropped and
  other whitespace becomes a plain space.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

_TRANSLATE: dict[int, int | str | None] = {0x0E50 + i: str(i) for i in range(10)}
_TRANSLATE.update(dict.fromkeys((8203, 8204, 8205, 8288, 65279, 173)))
_TRANSLATE.update(dict.fromkeys((160, 8199, 8239, 12288, 9, 11, 12), " "))
_DECOMPOSED_AM = "\u0e4d\u0e32"
_CHANGES_LENGTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\u0e4d\u0e32")
_AM = "\u0e33"


def normalise(text: str) -> str:
    """The canonical form used for indexing and for queries (see the module docstring)."""
    return text.translate(_TRANSLATE).replace(_DECOMPOSED_AM, _AM).lower()


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` character by character, with the offset in `text` of each output character.

    Used for snippets: a match found in the normalised text is highlighted in the original.
    """
    normalised = normalise(text)
    if len(normalised) == len(text) and not _CHANGES_LENGTH.search(text):
        # Nothing removed or merged and lower() expanded nothing: offsets are the identity.
        return normalised, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == _DECOMPOSED_AM[0] and text.startswith(_DECOMPOSED_AM, i):
            out.append(_AM)
            offsets.append(i)
            i += 2
            continue
        mapped = ch.translate(_TRANSLATE).lower()
        for piece in mapped:
            out.append(piece)
            offsets.append(i)
        i += 1
    return "".join(out), offsets


def query_terms(query: str) -> list[str]:
    """Whitespace-separated terms of a query, normalised, without duplicates. Every term must match."""
    seen: dict[str, None] = {}
    for term in normalise(query).split():
        # A quote has no meaning to us and would only break the FTS5 query syntax.
        term = term.strip("\"'“”‘’")
        if term:
            seen.setdefault(term, None)
    return list(seen)


# Word segmentation ---------------------------------------------------------------------------

_DICT_NAME = "ruamkan-newmm"
_dict_lock = threading.Lock()
_dict_loaded = False
# Segmentation is a word-level signal for ranking; the substring path guarantees recall, so a
# very long body is cut rather than risking newmm's slow cases on long unspaced text.
MAX_SEGMENT_CHARS = 20_000


def _ensure_dict() -> None:
    global _dict_loaded
    if _dict_loaded:
        return
    with _dict_lock:
        if _dict_loaded:
            return
        import nlpo3
        import pythainlp.corpus

        # The very word list pythainlp's newmm uses, so tokens are identical to newmm's.
        words = Path(pythainlp.corpus.__file__).resolve().parent / "words_th.txt"
        message, ok = nlpo3.load_dict(str(words), _DICT_NAME)
        if not ok and "already" not in message.lower():
            raise RuntimeError(f"nlpo3 could not load {words}: {message}")
        _dict_loaded = True


def tokens(normalised: str) -> list[str]:
    """Word tokens of already-normalised text (nlpo3's newmm), whitespace dropped."""
    if not normalised.strip():
        return []
    _ensure_dict()
    import nlpo3

    result: list[str] = []
    # One call per text: nlpo3 returns runs of whitespace as tokens of their own.
    for tok in nlpo3.segment(normalised[:MAX_SEGMENT_CHARS], _DICT_NAME, safe=True):
        if tok.strip():
            result.extend(tok.split())
    return result


def token_text(normalised: str) -> str:
    """Space-joined word tokens: what the word index (FTS5 / tsvector) stores."""
    return " ".join(tokens(normalised))


# Snippets ------------------------------------------------------------------------------------


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in {"Mn", "Mc", "Me"}


def _find_spans(haystack: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = haystack.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = haystack.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _widen_to_clusters(text: str, start: int, end: int) -> tuple[int, int]:
    # Never split a consonant from its vowel or tone marks: a lone mark renders as a dotted circle.
    while start > 0 and start < len(text) and _is_mark(text[start]):
        start -= 1
    while end < len(text) and _is_mark(text[end]):
        end += 1
    return start, end


def highlight(text: str, terms: Sequence[str], *, width: int = 180) -> str:
    """HTML: an excerpt of `text` around the first match of any term, HTML-escaped, each match in
    <mark>. Escaping comes first, so nothing in `text` can inject markup."""
    normalised, offsets = normalise_with_offsets(text)
    spans = [
        (offsets[s], offsets[e - 1] + 1) for s, e in _find_spans(normalised, [t for t in terms if t])
    ]
    spans = [_widen_to_clusters(text, s, e) for s, e in spans]
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
    else:
        start = 0
    end = min(len(text), start + width)
    if start > 0:
        # Prefer to start at a space (Thai separates phrases with spaces) near the cut.
        space = text.rfind(" ", max(0, start - 20), start + 20)
        if space != -1 and space < (spans[0][0] if spans else len(text)):
            start = space + 1
    if end < len(text):
        space = text.find(" ", max(start, end - 20), end + 20)
        if space != -1:
            end = space
    start, end = _widen_to_clusters(text, start, end)
    parts: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s < cursor:
            s = cursor
        if s >= e:
            continue
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)
