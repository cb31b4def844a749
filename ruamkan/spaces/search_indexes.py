"""Participation spaces in the search index (for `manage.py search_reindex`)."""

from ruamkan.core.html import plain_text
from ruamkan.search.registry import register_indexer
from ruamkan.spaces.models import Space


@register_indexer
def spaces():
    for space in Space.objects.select_related("local_government"):
        lg = space.local_government
        yield {
            "obj": space,
            "title": space.title,
            "body": f"{space.summary}\n{plain_text(space.description_html)}",
            "url": space.get_absolute_url(),
            "is_public": space.is_published and space.visibility != Space.Visibility.PRIVATE,
            "space": space.pk,
            "local_government": lg,
            "province": space.province or (lg.province if lg is not None else None),
        }
