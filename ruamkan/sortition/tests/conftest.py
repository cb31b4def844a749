import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """The engines' messages are asserted in English (their msgids); pages keep Thai through
    LocaleMiddleware, which activates the request's own language."""
    with translation.override("en"):
        yield
