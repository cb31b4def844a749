"""Recall against exact substring matching on a generated Thai corpus, on whichever database
the suite runs (SQLite: FTS5 word + trigram tables and instr(); PostgreSQL: tsvector + pg_trgm)."""

from __future__ import annotations

import pytest

from ruamkan.search.lib.text import normalise, tokens
from ruamkan.search.selectors import (
    BODY_TIER_SCORE,
    RANK_MAX_MATCHES,
    SUBSTRING_SCORE,
    TITLE_TIER_SCORE,
    search_document_ids,
)

QUERIES = [
    # Compounds that newmm keeps whole (น้ำประปา, เทศบาลตำบล, องค์การบริหารส่วนตำบล).
    "ประปา", "น้ำประปา", "เทศบาล", "ตำบล", "องค์การบริหารส่วนตำบล", "ส่วนภูมิภาค",
    # One and two characters: below what trigrams can answer.
    "ไฟ", "ยา", "ไม", "น", "ๆ",
    # Thai vowel and tone marks inside the word.
    "ชำรุด", "ไม้", "ไม่", "ต้นไม้", "ท่อ",
    # Latin, digits (Arabic and Thai), mixed.
    "road", "LINE", "wi-fi", "pm2.5", "12", "๑๒", "08", "ซอย 7",
    # Several words: all must match.
    "ไฟฟ้า ดับ", "ถนน ชำรุด", "ประปา ตำบล", "ยา ไฟ", "นราธิวาส ขยะ",
]


def _search(corpus, query):
    ranked = search_document_ids(query=query, limit=len(corpus.texts) + 10)
    return [(corpus.index_of[pk], score) for pk, score in ranked]


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
def test_recall_and_precision_match_exact_substring_search(corpus, query):
    expected = corpus.expected(query)
    assert expected, f"the corpus has no text for {query!r}: the test would prove nothing"
    found = _search(corpus, query)
    got = {i for i, _ in found}
    assert len(got) == len(found), "a document was returned twice"
    missing = expected - got
    assert not missing, (
        f"{query!r}: recall {1 - len(missing) / len(expected):.4f}, e.g. missed "
        f"{corpus.texts[next(iter(missing))]}"
    )
    extra = got - expected
    assert not extra, f"{query!r}: returned texts without it, e.g. {corpus.texts[next(iter(extra))]}"


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["ตำบล", "ประปา"])
def test_word_matches_rank_before_substring_only_matches(corpus, term):
    """Texts where the term is a word of its own (ตำบลบางนาค, ท่อ|ประปา) come first; then the
    ones where it only hides inside a longer word (องค์การบริหารส่วนตำบล, น้ำประปา), which a
    word-only index would miss."""
    found = _search(corpus, term)
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)
    words = [i for i, score in found if score > SUBSTRING_SCORE]
    substrings = [i for i, score in found if score == SUBSTRING_SCORE]
    assert words and substrings
    for i in words:
        title, body = corpus.texts[i]
        assert term in tokens(normalise(title)) + tokens(normalise(body))
    for i in substrings:
        title, body = corpus.texts[i]
        assert term not in tokens(normalise(title)) + tokens(normalise(body))


@pytest.mark.django_db
def test_thai_and_arabic_digits_find_the_same_texts(corpus):
    assert {i for i, _ in _search(corpus, "๑๒")} == {i for i, _ in _search(corpus, "12")}
    with_thai_digits = [i for i, (t, b) in enumerate(corpus.texts) if "๑๒" in b and "12" not in b]
    assert with_thai_digits, "the corpus should write some numbers in Thai digits"
    assert set(with_thai_digits) <= {i for i, _ in _search(corpus, "12")}


@pytest.mark.django_db
def test_wood_is_not_not(corpus):
    """ไม้ (wood) must not match ไม่ (not) or a bare ไม: the tone mark is part of the word."""
    found = {i for i, _ in _search(corpus, "ไม้")}
    only_not = {i for i, (t, b) in enumerate(corpus.texts) if "ไม่" in t + b and "ไม้" not in t + b}
    assert only_not and found and not (found & only_not)


@pytest.mark.django_db
def test_very_common_words_rank_title_matches_first_then_newest(corpus):
    """Above RANK_MAX_MATCHES word matches, bm25 is skipped (too slow, and a word that common
    has no weight anyway): the texts with the word in the title come first, newest first."""
    word = "เมือง"  # อำเภอเมือง in most texts, in a few titles (เทศบาลเมือง…)
    found = _search(corpus, word)
    words = [i for i, score in found if score > SUBSTRING_SCORE]
    assert len(words) > RANK_MAX_MATCHES, f"precondition: {word} is that common in the corpus"
    title_tier = [i for i, score in found if score == TITLE_TIER_SCORE]
    body_tier = [i for i, score in found if score == BODY_TIER_SCORE]
    assert title_tier and body_tier and len(title_tier) + len(body_tier) == len(words)
    assert found[: len(title_tier)] == [(i, TITLE_TIER_SCORE) for i in title_tier]
    assert all(word in tokens(normalise(corpus.texts[i][0])) for i in title_tier)
    assert not any(word in tokens(normalise(corpus.texts[i][0])) for i in body_tier)
    assert title_tier == sorted(title_tier, reverse=True)
    assert body_tier == sorted(body_tier, reverse=True)
