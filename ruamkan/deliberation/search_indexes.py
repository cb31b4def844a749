"""Rebuilding the search index (manage.py search_reindex): published proposals, debates, forums."""

from ruamkan.deliberation.models import Debate, Forum, Proposal
from ruamkan.search.registry import register_indexer
from ruamkan.spaces.models import Space


def _scope(space):
    lg = space.local_government if space.local_government_id else None
    return {"space": space.pk, "local_government": lg.pk if lg else None,
            "province": space.province_id or (lg.province_id if lg else None)}


def _public(space) -> bool:
    return space.is_published and space.visibility != Space.Visibility.PRIVATE


@register_indexer
def deliberation_proposals():
    qs = (Proposal.objects.exclude(state=Proposal.State.DRAFT)
          .select_related("space", "space__local_government").iterator(chunk_size=2000))
    for p in qs:
        yield {"obj": p, "title": p.title, "body": p.body, "url": p.get_absolute_url(),
               "is_public": _public(p.space) and not p.is_hidden, **_scope(p.space)}


@register_indexer
def deliberation_debates_and_forums():
    for model, text in ((Debate, "body"), (Forum, "description")):
        for obj in model.objects.select_related("space", "space__local_government"):
            yield {"obj": obj, "title": obj.title, "body": getattr(obj, text),
                   "url": obj.get_absolute_url(), "is_public": _public(obj.space),
                   **_scope(obj.space)}
