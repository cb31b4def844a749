"""`unread_notifications` for the header badge and `is_official` for the officers' links in
base.html (lazy: a page that prints neither runs no query)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0, "is_official": False}

    def count() -> int:
        from ruamkan.accounts.selectors import unread_notification_count

        return unread_notification_count(user=user)

    def official() -> bool:
        from ruamkan.accounts.roles import is_official

        return is_official(user)

    # Lazy: pages that never print the badge (JSON, redirects) run no query.
    return {"unread_notifications": SimpleLazyObject(count),
            "is_official": SimpleLazyObject(official)}
