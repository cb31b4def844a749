"""The LINE channel: signed webhooks become reports, replies carry the number, status changes are
pushed back, replays are ignored. LINE itself is never called (a recording messenger)."""

import base64
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import LineEvent, Report
from ruamkan.servicerequests.tests.factories import jpeg
from ruamkan.servicerequests.tests.fakes import RecordingMessenger

FIXTURES = Path(__file__).parent / "fixtures" / "line"
SECRET = "test-channel-secret-0123456789ab"
USER = "U8189cf6745fc0d808977bdb0b9f22995"


@pytest.fixture(autouse=True)
def line_settings(settings):
    settings.RUAMKAN_LINE_CHANNEL_SECRET = SECRET
    settings.RUAMKAN_LINE_MESSENGER = "ruamkan.servicerequests.tests.fakes.RecordingMessenger"
    RecordingMessenger.reset()
    yield
    RecordingMessenger.reset()


def payload(name, **changes):
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    data["events"][0].update(changes.pop("event", {}))
    data["events"][0]["message"] = {**data["events"][0].get("message", {}),
                                    **changes.pop("message", {})}
    if not data["events"][0]["message"]:
        del data["events"][0]["message"]
    return json.dumps(data, ensure_ascii=False).encode()


def sign(body, secret=SECRET):
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def send(client, body, signature=None):
    return client.post("/line/webhook/", body, content_type="application/json",
                       headers={"X-Line-Signature": signature if signature is not None
                                else sign(body)})


def last_reply_text():
    return RecordingMessenger.replies[-1][1][0]["text"]


def test_signature_is_checked_on_the_raw_body(client, place):
    body = payload("text")
    assert send(client, body, signature="").status_code == 403
    assert send(client, body, signature=sign(body, "another-secret")).status_code == 403
    tampered = body.replace("ไฟถนนดับ".encode(), "ไฟถนนติด".encode())
    assert send(client, tampered, signature=sign(body)).status_code == 403
    assert LineEvent.objects.count() == 0 and not RecordingMessenger.replies
    assert send(client, body).status_code == 200


def test_location_photo_and_text_become_a_report_with_its_number_in_the_reply(client, place,
                                                                             settings):
    RecordingMessenger.contents["534889375216353555"] = jpeg(gps=True)
    assert send(client, payload("follow")).status_code == 200
    assert "location" in json.dumps(RecordingMessenger.replies[-1][1])  # quick reply offered
    send(client, payload("location"))
    send(client, payload("image"))
    assert Report.objects.count() == 0
    send(client, payload("text"))
    report = Report.objects.get()
    assert report.channel == "line" and report.line_user_id == USER
    assert report.topic == "streetlight" and report.local_government == place["town"]
    assert report.hide_name and report.photos.count() == 1
    assert "ถนนพิชิตบำรุง" in report.address
    reply = last_reply_text()
    assert report.number in reply and "เทศบาลเมืองนราธิวาส" in reply
    assert RecordingMessenger.replies[-1][0] == "8cf9239d56244f4197887e939187e19e"
    from PIL import Image

    with Image.open(report.photos.get().image.path) as img:
        assert not img.getexif().get_ifd(0x8825)


def test_a_replayed_event_is_ignored(client, place):
    send(client, payload("location"))
    body = payload("text")
    assert send(client, body).json() == {"handled": 1}
    assert send(client, body).json() == {"handled": 0}
    assert Report.objects.count() == 1 and LineEvent.objects.count() == 2
    assert len(RecordingMessenger.replies) == 2


def test_status_changes_are_pushed_back_to_the_reporter(client, place, django_capture_on_commit_callbacks):
    send(client, payload("location"))
    send(client, payload("text"))
    report = Report.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_update_status(by=place["people"]["officer"], report=report,
                                      status="in_progress", text="ช่างออกตรวจแล้ว")
    assert RecordingMessenger.pushes[-1][0] == USER
    assert report.number in RecordingMessenger.pushes[-1][1]
    assert "ช่างออกตรวจแล้ว" in RecordingMessenger.pushes[-1][1]


def test_a_location_outside_thailand_is_refused_in_the_reply(client, place):
    send(client, payload("location", message={"latitude": 35.68, "longitude": 139.76}))
    assert "Thailand" in last_reply_text() or "ประเทศไทย" in last_reply_text()
    send(client, payload("text"))
    assert Report.objects.count() == 0
    assert "location" in last_reply_text().lower() or "ตำแหน่ง" in last_reply_text()


def test_an_unreadable_image_is_refused_never_stored(client, place, settings):
    RecordingMessenger.contents["534889375216353555"] = b"GIF89a not really"
    send(client, payload("location"))
    send(client, payload("image"))
    assert "image" in last_reply_text().lower() or "รูป" in last_reply_text()
    send(client, payload("text"))
    assert Report.objects.get().photos.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_text_first_then_location_also_works_and_cancel_resets(client, place):
    send(client, payload("text"))
    assert "location" in last_reply_text().lower() or "ตำแหน่ง" in last_reply_text()
    cancel = payload("text", event={"webhookEventId": "01JDXB7K2C5D8FJ3L6N9Q1CAN1"},
                     message={"text": "ยกเลิก"})
    send(client, cancel)
    send(client, payload("location"))
    assert Report.objects.count() == 0
    again = payload("text", event={"webhookEventId": "01JDXB7K2C5D8FJ3L6N9Q1TXT2"},
                    message={"text": "ขยะล้นถังหน้าโรงเรียน"})
    send(client, again)
    assert Report.objects.get().topic == "garbage"


def test_an_unconfigured_channel_answers_503_and_bad_json_400(client, place, settings):
    body = b"not json"
    assert send(client, body).status_code == 400
    settings.RUAMKAN_LINE_CHANNEL_SECRET = ""
    assert send(client, payload("text")).status_code == 503
