"""`unread_notifications` for the header badge in base.html (one COUNT, only when signed in)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    def count() -> int:
        from ruamkan.accounts.selectors import unread_notification_count

        return unread_notification_count(user=user)

    # Lazy: pages that never print the badge (JSON, redirects) run no query.
    return {"unread_notifications": SimpleLazyObject(count)}
