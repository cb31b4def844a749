"""Conversations in the search index (for `manage.py search_reindex` and on creation)."""

from typing import Any

from ruamkan.opinions.models import Conversation
from ruamkan.search.registry import register_indexer
from ruamkan.spaces.models import Space


def conversation_document(conversation: Conversation) -> dict[str, Any]:
    space = conversation.space
    return {
        "obj": conversation,
        "title": conversation.topic,
        "body": conversation.description,
        "url": conversation.get_absolute_url(),
        "is_public": space.is_published and space.visibility != Space.Visibility.PRIVATE,
        "space": space.pk,
        "local_government": space.local_government,
    }


@register_indexer
def conversations():
    for conversation in Conversation.objects.select_related("space__local_government"):
        yield conversation_document(conversation)
