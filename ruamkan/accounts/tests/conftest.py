import pytest
from django.core.cache import cache

from ruamkan.accounts import sms


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_sms(settings):
    # allauth's rate limits live in the cache; each test starts with none used.
    cache.clear()
    sms.outbox.clear()
    settings.RUAMKAN_SMS_BACKEND = "locmem"
    yield
    cache.clear()
