"""Thai-aware similarity of short texts: tokenise with nlpo3 (the fast Rust newmm), compare
token sets (Jaccard). Pure functions, no ORM."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

# Words that say nothing about a proposal's subject.
STOPWORDS = frozenset(
    """ที่ และ ของ ใน ให้ การ ความ เป็น มี ได้ จะ ไม่ กับ แล้ว ก็ นี้ นั้น ว่า ขอ ควร อยาก
    เพื่อ โดย จาก ไป มา อยู่ หรือ แต่ ซึ่ง ทุก ๆ เรา ท่าน ครับ ค่ะ คะ นะ the a an of to and in for on""".split()
)
_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _segmenter():
    try:
        from nlpo3 import load_dict, segment
        from pythainlp.corpus import thai_words

        load_dict_name = "ruamkan_th"
        import tempfile
        from pathlib import Path

        path = Path(tempfile.gettempdir()) / "ruamkan_thai_words.txt"
        if not path.exists():
            # Write then rename: parallel processes never read a half-written dictionary.
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text("\n".join(sorted(thai_words())), encoding="utf-8")
            os.replace(tmp, path)
        load_dict(str(path), load_dict_name)
        return lambda text: segment(text, load_dict_name)
    except Exception:  # noqa: BLE001 - fall back to pythainlp's pure-Python newmm
        from pythainlp.tokenize import word_tokenize

        return lambda text: word_tokenize(text, engine="newmm")


def tokens(text: str) -> set[str]:
    text = unicodedata.normalize("NFC", (text or "").lower())
    out = set()
    for chunk in text.split():
        for token in _segmenter()(chunk):
            token = token.strip()
            if len(token) > 1 and _WORD.search(token) and token not in STOPWORDS:
                out.add(token)
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
