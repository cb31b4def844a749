"""Thai catalogues: Django merges every app's catalogue into one, so the same English text (in the
same context) can have only one Thai text. When two apps translate it differently the app earlier
in INSTALLED_APPS silently wins, and the other shows the wrong word (a report "accepted" read as
"proposal accepted"). Different meanings need a `pgettext` context."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from ruamkan.servicerequests.models import Status

ROOT = Path(settings.BASE_DIR)


def _catalogues() -> list[Path]:
    return [ROOT / "locale/th/LC_MESSAGES/django.po",
            *sorted(ROOT.glob("ruamkan/*/locale/th/LC_MESSAGES/django.po"))]


def test_one_english_text_has_one_thai_text_across_catalogues():
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for path in _catalogues():
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or isinstance(message.id, tuple) or not message.string:
                    continue
                seen.setdefault((message.context, message.id), {})[
                    str(path.relative_to(ROOT))] = message.string
    clashes = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert clashes == {}


@pytest.mark.parametrize("status, thai", [
    (Status.WAITING, "รอรับเรื่อง"), (Status.ACCEPTED, "รับเรื่องแล้ว"), (Status.DONE, "เสร็จสิ้น"),
])
def test_report_states_read_as_report_states_in_thai(status, thai):
    with translation.override("th"):
        assert str(status.label) == thai
