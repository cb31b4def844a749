"""Search across all content.

Two stages, so recall never depends on how a word happens to be segmented:
1. word matches, ranked: every query term, segmented with the same newmm dictionary as the
   index, must occur as a word (or run of words). bm25 on SQLite FTS5, ts_rank_cd on PostgreSQL.
2. substring matches that stage 1 missed (ประปา inside น้ำประปา, ตำบล inside
   องค์การบริหารส่วนตำบล), newest first: every term must be a substring of the normalised text.
   SQLite: the FTS5 trigram table for terms of 3+ characters, instr() on the table for shorter
   ones (trigrams cannot answer them). PostgreSQL: LIKE served by the pg_trgm GIN index.

Only public documents are returned for now, to everyone; non-public ones (private spaces,
hidden content) are skipped until per-object visibility rules are wired in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ruamkan.search.lib.text import highlight, query_terms, tokens
from ruamkan.search.models import SearchDocument

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_LIMIT = 200
# bm25 weights for (title_tokens, body_tokens): a word in the title counts for more.
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0
SUBSTRING_SCORE = 0.5
# bm25 (ts_rank_cd) reads every match's sizes: ~100 ms for a word in half of 100,000 texts.
# Above this many matches, word matches are ranked by tiers instead, each newest first: the words
# in the title (TITLE_TIER_SCORE), then elsewhere (BODY_TIER_SCORE). A word that common says
# little about relevance anyway (its idf is near zero).
RANK_MAX_MATCHES = 500
# PostgreSQL substring stage: how many of the newest rows to try before using the pg_trgm index.
RECENT_WINDOW = 5000
TITLE_TIER_SCORE, BODY_TIER_SCORE = 1.5, 1.25
# Beyond this many word matches, stage 2 excludes them with a subquery, not a list of ids.
MAX_LISTED_IDS = 500


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: SafeString  # HTML: escaped text with the matches in <mark>
    content_type: str  # human label of the kind of content, e.g. "participation space"
    score: float  # word matches score in [1, 2), substring-only matches 0.5


def _fts_phrase(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def _is_wordlike(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Co"
               for ch in token)


def _word_phrases(terms: list[str]) -> list[list[str]] | None:
    """Each term's words, or None when some term has no word to look for (e.g. punctuation)."""
    phrases: list[list[str]] = []
    for term in terms:
        words = [tok for tok in tokens(term) if _is_wordlike(tok)]
        if not words:
            return None
        phrases.append(words)
    return phrases


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _scope_sql(local_government: Any, province: Any, alias: str) -> tuple[str, list[Any]]:
    sql, params = [f"{alias}.is_public"], []
    if local_government is not None:
        sql.append(f"{alias}.local_government_id = %s")
        params.append(getattr(local_government, "pk", local_government))
    if province is not None:
        sql.append(f"{alias}.province_id = %s")
        params.append(getattr(province, "pk", province))
    return " AND ".join(sql), params


def _not_in(ids: list[int], alias: str) -> tuple[str, list[Any]]:
    if not ids:
        return "", []
    return f" AND {alias}.id NOT IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _sqlite_ids(
    terms: list[str], limit: int, scope: tuple[str, list[Any]]
) -> list[tuple[int, float]]:
    scope_sql, scope_params = scope
    found: list[tuple[int, float]] = []
    with connection.cursor() as cursor:
        phrases = _word_phrases(terms)
        if phrases:
            match = " AND ".join(_fts_phrase(p) for p in phrases)
            cursor.execute(
                "SELECT count(*) FROM (SELECT rowid FROM search_word "
                "WHERE search_word MATCH %s LIMIT %s)",
                [match, RANK_MAX_MATCHES + 1],
            )
            if cursor.fetchone()[0] <= RANK_MAX_MATCHES:
                cursor.execute(
                    "SELECT d.id, bm25(search_word, %s, %s) AS r FROM search_word "  # noqa: S608
                    "JOIN search_searchdocument d ON d.id = search_word.rowid "
                    f"WHERE search_word MATCH %s AND {scope_sql} ORDER BY r LIMIT %s",
                    [TITLE_WEIGHT, BODY_WEIGHT, match, *scope_params, limit],
                )
                for pk, bm25 in cursor.fetchall():
                    relevance = max(0.0, -float(bm25))
                    found.append((pk, 1.0 + relevance / (1.0 + relevance)))
            else:
                in_title = f"{{title_tokens}} : ({match})"
                for tier_match, score in ((in_title, TITLE_TIER_SCORE),
                                          (f"({match}) NOT ({in_title})", BODY_TIER_SCORE)):
                    cursor.execute(
                        "SELECT d.id FROM search_word "  # noqa: S608
                        "JOIN search_searchdocument d ON d.id = search_word.rowid "
                        f"WHERE search_word MATCH %s AND {scope_sql} "
                        "ORDER BY search_word.rowid DESC LIMIT %s",
                        [tier_match, *scope_params, limit - len(found)],
                    )
                    found.extend((pk, score) for (pk,) in cursor.fetchall())
                    if len(found) >= limit:
                        break
        remaining = limit - len(found)
        if remaining <= 0:
            return found
        # Stage 1 returned fewer than `limit`, so `found` holds every word match: leave them out.
        if len(found) <= MAX_LISTED_IDS or not phrases:
            not_in_sql, not_in_params = _not_in([pk for pk, _ in found], "d")
        else:
            not_in_sql = " AND d.id NOT IN (SELECT rowid FROM search_word WHERE search_word MATCH %s)"
            not_in_params = [" AND ".join(_fts_phrase(p) for p in phrases)]
        # instr() rechecks every term on the row itself: exact, and immune to stale FTS entries.
        contains_sql = " AND ".join("instr(d.text_norm, %s) > 0" for _ in terms)
        long_terms = [t for t in terms if len(t) >= 3]
        if long_terms:
            cursor.execute(
                "SELECT d.id FROM search_trigram "  # noqa: S608
                "JOIN search_searchdocument d ON d.id = search_trigram.rowid "
                f"WHERE search_trigram MATCH %s AND {contains_sql} AND {scope_sql}{not_in_sql} "
                "ORDER BY search_trigram.rowid DESC LIMIT %s",
                [" AND ".join(_fts_phrase([t]) for t in long_terms), *terms, *scope_params,
                 *not_in_params, remaining],
            )
        else:
            cursor.execute(
                "SELECT d.id FROM search_searchdocument d "  # noqa: S608
                f"WHERE {contains_sql} AND {scope_sql}{not_in_sql} "
                "ORDER BY d.id DESC LIMIT %s",
                [*terms, *scope_params, *not_in_params, remaining],
            )
        found.extend((pk, SUBSTRING_SCORE) for (pk,) in cursor.fetchall())
    return found


def _postgres_ids(
    terms: list[str], limit: int, scope: tuple[str, list[Any]]
) -> list[tuple[int, float]]:
    scope_sql, scope_params = scope
    found: list[tuple[int, float]] = []
    with connection.cursor() as cursor:
        phrases = _word_phrases(terms)
        if phrases:
            tsquery = " && ".join("phraseto_tsquery('simple', %s)" for _ in phrases)
            words = [" ".join(p) for p in phrases]
            # Rank at most RANK_MAX_MATCHES + 1 candidates; `n` says whether that was all of them.
            cursor.execute(
                "SELECT id, r, n FROM (SELECT c.id, ts_rank_cd(c.tsv, c.q) AS r, "  # noqa: S608
                "count(*) OVER () AS n FROM (SELECT d.id, d.tsv, q.q FROM search_searchdocument d, "
                f"(SELECT {tsquery} AS q) AS q WHERE d.tsv @@ q.q AND {scope_sql} LIMIT %s) AS c"
                ") AS ranked ORDER BY r DESC, id DESC LIMIT %s",
                [*words, *scope_params, RANK_MAX_MATCHES + 1, limit],
            )
            rows = cursor.fetchall()
            if not rows or rows[0][2] <= RANK_MAX_MATCHES:
                for pk, rank, _n in rows:
                    relevance = max(0.0, float(rank))
                    found.append((pk, 1.0 + relevance / (1.0 + relevance)))
            else:
                in_title = f"d.tsv_title @@ ({tsquery})"
                for tier_sql, score in ((in_title, TITLE_TIER_SCORE),
                                        (f"d.tsv @@ ({tsquery}) AND NOT ({in_title})",
                                         BODY_TIER_SCORE)):
                    cursor.execute(
                        "SELECT d.id FROM search_searchdocument d "  # noqa: S608
                        f"WHERE {tier_sql} AND {scope_sql} ORDER BY d.id DESC LIMIT %s",
                        [*words, *(words if score == BODY_TIER_SCORE else []), *scope_params,
                         limit - len(found)],
                    )
                    found.extend((pk, score) for (pk,) in cursor.fetchall())
                    if len(found) >= limit:
                        break
        remaining = limit - len(found)
        if remaining <= 0:
            return found
        if len(found) <= MAX_LISTED_IDS or not phrases:
            not_in_sql, not_in_params = _not_in([pk for pk, _ in found], "d")
        else:
            tsquery = " && ".join("phraseto_tsquery('simple', %s)" for _ in phrases)
            not_in_sql = f" AND NOT (d.tsv @@ ({tsquery}))"
            not_in_params = [" ".join(p) for p in phrases]
        where = " AND ".join("d.text_norm LIKE %s" for _ in terms) + f" AND {scope_sql}{not_in_sql}"
        params = [*(_like_pattern(t) for t in terms), *scope_params, *not_in_params]
        # Newest first. The planner walks the primary key backwards filtering with LIKE, which is
        # right for common terms and a full scan for rare ones (its pg_trgm estimates are rough).
        # So: first the newest RECENT_WINDOW rows that way; if they hold too few matches the term
        # is rare, and the rest comes through the pg_trgm index ("id + 0" stops the backward walk).
        cursor.execute("SELECT max(id) FROM search_searchdocument")
        newest = cursor.fetchone()[0] or 0
        cursor.execute(
            f"SELECT d.id FROM search_searchdocument d WHERE d.id > %s AND {where} "  # noqa: S608
            "ORDER BY d.id DESC LIMIT %s",
            [newest - RECENT_WINDOW, *params, remaining],
        )
        found.extend((pk, SUBSTRING_SCORE) for (pk,) in cursor.fetchall())
        remaining = limit - len(found)
        if remaining > 0:
            order = "d.id + 0" if any(len(t) >= 3 for t in terms) else "d.id"
            cursor.execute(
                f"SELECT d.id FROM search_searchdocument d WHERE d.id <= %s AND {where} "  # noqa: S608
                f"ORDER BY {order} DESC LIMIT %s",
                [newest - RECENT_WINDOW, *params, remaining],
            )
            found.extend((pk, SUBSTRING_SCORE) for (pk,) in cursor.fetchall())
    return found


_labels: dict[tuple[int, str], str] = {}


def _content_type_label(content_type_id: int, language: str) -> str:
    key = (content_type_id, language)
    if key not in _labels:
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        _labels[key] = str(model._meta.verbose_name) if model is not None else content_type.model
    return _labels[key]


def search_document_ids(
    *, query: str, limit: int = 50, local_government: Any = None, province: Any = None
) -> list[tuple[int, float]]:
    """(document id, score) best first; the part of search_documents() that touches the index.
    Not capped at MAX_LIMIT, so tests and benchmarks can ask for every match."""
    terms = query_terms(query[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if not terms:
        return []
    limit = max(1, int(limit))
    scope = _scope_sql(local_government, province, "d")
    if connection.vendor == "postgresql":
        return _postgres_ids(terms, limit, scope)
    return _sqlite_ids(terms, limit, scope)


def search_documents(
    *,
    query: str,
    user: Any,
    limit: int = 50,
    local_government: Any = None,
    province: Any = None,
) -> list[SearchHit]:
    """Public documents matching every term of `query`, word matches first. `user` is taken for
    the permission-scoped search to come; today everyone sees the public documents only."""
    ranked = search_document_ids(
        query=query, limit=max(1, min(int(limit), MAX_LIMIT)),
        local_government=local_government, province=province,
    )
    if not ranked:
        return []
    terms = query_terms(query[:MAX_QUERY_CHARS])[:MAX_TERMS]
    docs = {
        row[0]: row[1:]
        for row in SearchDocument.objects.filter(pk__in=[pk for pk, _ in ranked]).values_list(
            "pk", "title", "body", "url", "content_type_id"
        )
    }
    hits: list[SearchHit] = []
    language = get_language() or ""
    for pk, score in ranked:
        if pk not in docs:
            continue
        title, body, url, content_type_id = docs[pk]
        hits.append(SearchHit(
            title=title,
            url=url,
            snippet=mark_safe(highlight(body or title, terms)),  # noqa: S308 (escaped in highlight)
            content_type=_content_type_label(content_type_id, language),
            score=round(score, 4),
        ))
    return hits
