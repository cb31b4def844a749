"""PostgreSQL: a tsvector of the title alone, so "the word is in the title" is an index lookup
(the first tier for very common words) rather than ts_filter() over every row."""

from django.db import migrations

POSTGRES_FORWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title_tokens)) STORED""",
    "CREATE INDEX search_doc_tsv_title ON search_searchdocument USING gin (tsv_title)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_tsv_title",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv_title",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_indexes")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
