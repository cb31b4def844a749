"""One search document per piece of content, whatever app it belongs to.

Only the services in ruamkan/search/services.py write these rows: on SQLite they also keep the
FTS5 tables (search_word, search_trigram; created by migration 0002) in step, which an ORM save
elsewhere would not. `manage.py search_reindex` rebuilds everything if they ever drift.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    # A plain id, not a foreign key: a cascade from spaces would delete rows behind the
    # services' back and leave the FTS5 tables pointing at nothing.
    space_id = models.PositiveBigIntegerField(_("space"), null=True, blank=True, db_index=True)
    local_government = models.ForeignKey(
        "areas.LocalGovernment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    province = models.ForeignKey(
        "areas.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(_("public"), default=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Derived columns (lib/text.py): the normalised text serves substring search (FTS5 trigram,
    # LIKE, pg_trgm); the token columns serve word search and ranking (FTS5 bm25, tsvector).
    text_norm = models.TextField(editable=False, blank=True)
    title_tokens = models.TextField(editable=False, blank=True)
    body_tokens = models.TextField(editable=False, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_unique_object"
            )
        ]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.title
