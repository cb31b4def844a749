import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _load_then_freeze() -> None:
    """Import every view and load the Thai catalogue now, then move all of it out of the garbage
    collector's reach: a full collection otherwise walks it, pausing a worker 50-150 ms while it
    may hold SQLite's write lock (measured in bench/bench_open311.py)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Thai")
    gc.freeze()


_load_then_freeze()
