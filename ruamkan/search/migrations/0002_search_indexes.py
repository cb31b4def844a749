"""Database-specific search structures, created only on the database they belong to.

SQLite: two external-content FTS5 tables over search_searchdocument (they index its derived
columns without storing a second copy of the text). The word table keeps Thai vowel and tone marks
inside tokens (the default unicode61 treats them as separators: ชำรุด would become ชำร + ด and ไม้
would equal ไม). The trigram table answers substring queries of three or more characters.
The services keep both in step; see ruamkan/search/services.py.

PostgreSQL: pg_trgm GIN index for LIKE '%q%' and a tsvector over the pre-tokenised text.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_word USING fts5(
        title_tokens, body_tokens,
        content='search_searchdocument', content_rowid='id',
        tokenize="unicode61 categories 'L* N* Co M*' remove_diacritics 0")""",
    """CREATE VIRTUAL TABLE search_trigram USING fts5(
        text_norm,
        content='search_searchdocument', content_rowid='id',
        tokenize='trigram case_sensitive 1')""",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_trigram", "DROP TABLE IF EXISTS search_word"]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_doc_text_trgm ON search_searchdocument USING gin (text_norm gin_trgm_ops)",
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A')
        || setweight(to_tsvector('simple', body_tokens), 'B')) STORED""",
    "CREATE INDEX search_doc_tsv ON search_searchdocument USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    "DROP INDEX IF EXISTS search_doc_text_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
            elidable=False,
        )
    ]
