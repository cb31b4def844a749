"""LINE Official Account channel (thai.md section 3): a webhook that verifies X-Line-Signature,
turns location + photo + text messages into a report (one conversation per LINE user), replies
with the report number, and pushes status changes back.

Everything that talks to LINE goes through a `LineMessenger`; the default one speaks HTTP with
urllib. Tests use a recording fake (setting RUAMKAN_LINE_MESSENGER) and never the real API.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import urllib.request
import uuid
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ruamkan.core.images import reencode_image
from ruamkan.servicerequests import locating, services
from ruamkan.servicerequests.models import LineConversation, LineEvent, Report, Topic

log = logging.getLogger(__name__)

API = "https://api.line.me/v2/bot/message"
DATA_API = "https://api-data.line.me/v2/bot/message"
MAX_CONTENT = 12 * 1024 * 1024
PENDING_DIR = "reports/line-pending/"
CANCEL_WORDS = {"ยกเลิก", "cancel"}

# A few words are enough to guess the topic of a LINE message; officers correct it if needed.
TOPIC_WORDS = [
    (Topic.STREETLIGHT, ("ไฟดับ", "ไฟถนน", "ไฟฟ้า", "เสาไฟ", "ไฟส่องสว่าง", "street light")),
    (Topic.FLOODING, ("น้ำท่วม", "น้ำขัง", "flood")),
    (Topic.DRAINAGE, ("ท่อระบาย", "ท่อตัน", "รางระบาย", "drain")),
    (Topic.GARBAGE, ("ขยะ", "สกปรก", "garbage", "rubbish")),
    (Topic.STRAY_ANIMALS, ("สุนัข", "หมาจร", "หมา", "แมวจร", "stray")),
    (Topic.PAO_ROAD, ("ทางหลวงชนบท", "ถนน อบจ", "ถนนอบจ")),
    (Topic.FOOTPATH, ("ทางเท้า", "ฟุตบาท", "footpath")),
    (Topic.ROAD, ("ถนน", "หลุม", "road", "pothole")),
    (Topic.WATER_SUPPLY, ("ประปา", "น้ำไม่ไหล")),
    (Topic.TREES, ("ต้นไม้", "กิ่งไม้", "tree")),
]


class LineMessenger(Protocol):
    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> None: ...

    def push(self, user_id: str, text: str) -> None: ...

    def get_content(self, message_id: str) -> bytes: ...


class HttpLineMessenger:
    """The Messaging API over HTTPS with the channel access token."""

    def __init__(self, token: str | None = None, timeout: float = 10) -> None:
        self.token = token or _setting("RUAMKAN_LINE_CHANNEL_ACCESS_TOKEN")
        self.timeout = timeout

    def _call(self, url: str, payload: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None) -> bytes:
        if not url.startswith("https://api.line.me/") and not url.startswith(
                "https://api-data.line.me/"):
            raise ValueError("LINE API URLs only")
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(  # noqa: S310 - fixed https LINE hosts, checked above
            url, data=data, method="POST" if data is not None else "GET",
            headers={"Authorization": f"Bearer {self.token}",
                     "Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return response.read(MAX_CONTENT + 1)

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> None:
        self._call(f"{API}/reply", {"replyToken": reply_token, "messages": messages[:5]})

    def push(self, user_id: str, text: str) -> None:
        self._call(f"{API}/push", {"to": user_id, "messages": [text_message(text)]},
                   headers={"X-Line-Retry-Key": str(uuid.uuid4())})

    def get_content(self, message_id: str) -> bytes:
        if not message_id.isdigit():
            raise ValueError("bad message id")
        return self._call(f"{DATA_API}/{message_id}/content")


def _setting(name: str) -> str:
    return getattr(settings, name, None) or os.environ.get(name, "")


def get_messenger() -> LineMessenger:
    path = getattr(settings, "RUAMKAN_LINE_MESSENGER", "") or os.environ.get(
        "RUAMKAN_LINE_MESSENGER", "")
    return import_string(path)() if path else HttpLineMessenger()


def text_message(text: str, *, ask_location: bool = False, ask_photo: bool = False
                 ) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "text", "text": text[:5000]}
    items = []
    if ask_location:
        items.append({"type": "action", "action": {"type": "location", "label": _("Send location")}})
    if ask_photo:
        items.append({"type": "action", "action": {"type": "camera", "label": _("Take a photo")}})
        items.append({"type": "action", "action": {"type": "cameraRoll", "label": _("Choose a photo")}})
    if items:
        message["quickReply"] = {"items": items}
    return message


def signature_valid(body: bytes, signature: str, secret: str) -> bool:
    if not secret or not signature:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature)


def guess_topic(text: str) -> str:
    lowered = text.lower()
    for topic, words in TOPIC_WORDS:
        if any(word in lowered for word in words):
            return topic
    return Topic.OTHER


@csrf_exempt  # LINE signs the body with the channel secret; there is no session here.
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    secret = _setting("RUAMKAN_LINE_CHANNEL_SECRET")
    if not secret:
        return JsonResponse({"detail": "LINE channel not configured"}, status=503)
    body = request.body
    if not signature_valid(body, request.headers.get("X-Line-Signature", ""), secret):
        return JsonResponse({"detail": "invalid signature"}, status=403)
    try:
        payload = json.loads(body)
        events = payload.get("events", [])
        if not isinstance(events, list):
            raise TypeError
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"detail": "bad payload"}, status=400)
    messenger = get_messenger()
    handled = 0
    for event in events:
        if not isinstance(event, dict):
            continue
        if handle_event(event, messenger):
            handled += 1
    return JsonResponse({"handled": handled})


def _claim(event: dict[str, Any]) -> bool:
    """Record the event id; False if LINE already delivered it (redelivery or replay)."""
    event_id = str(event.get("webhookEventId") or "")
    if not event_id:
        return True  # LINE always sends one; without it there is nothing to deduplicate on
    try:
        with transaction.atomic():
            LineEvent.objects.create(
                webhook_event_id=event_id[:64], event_type=str(event.get("type", ""))[:30],
                line_user_id=str((event.get("source") or {}).get("userId", ""))[:64],
            )
    except IntegrityError:
        return False
    return True


def handle_event(event: dict[str, Any], messenger: LineMessenger) -> bool:
    if not _claim(event):
        return False
    source = event.get("source") or {}
    user_id = str(source.get("userId") or "")[:64]
    reply_token = str(event.get("replyToken") or "")
    if not user_id:
        return False
    replies: list[dict[str, Any]] = []
    kind = event.get("type")
    if kind == "follow":
        replies.append(text_message(
            _("Welcome! To report a problem, send its location, a photo and a few words."),
            ask_location=True, ask_photo=True))
    elif kind == "message":
        replies = _on_message(user_id, event.get("message") or {}, messenger)
    if replies and reply_token:
        try:
            messenger.reply(reply_token, replies)
        except Exception:  # the report is kept even if LINE does not take our reply
            log.exception("LINE reply failed")
    return True


def _conversation(user_id: str) -> LineConversation:
    conversation, _created = LineConversation.objects.get_or_create(line_user_id=user_id)
    return conversation


def _on_message(user_id: str, message: dict[str, Any], messenger: LineMessenger
                ) -> list[dict[str, Any]]:
    conversation = _conversation(user_id)
    kind = message.get("type")
    if kind == "location":
        try:
            lat, lon = float(message["latitude"]), float(message["longitude"])
            locating.locate_point(lat=lat, lon=lon)
        except (KeyError, TypeError, ValueError) as exc:
            text = str(exc) if isinstance(exc, locating.LocationError) else _(
                "We could not read this location.")
            return [text_message(text, ask_location=True)]
        conversation.lat, conversation.lon = lat, lon
        conversation.address = str(message.get("address") or "")[:300]
    elif kind == "image":
        try:
            data = messenger.get_content(str(message.get("id", "")))
            if len(data) > MAX_CONTENT:
                raise ValidationError(_("The image is too large."))
            clean = reencode_image(ContentFile(data, name="line.jpg"))
        except ValidationError as exc:
            return [text_message(" ".join(exc.messages), ask_photo=True)]
        except Exception:
            log.exception("LINE image fetch failed")
            return [text_message(_("We could not get this photo; please send it again."),
                                 ask_photo=True)]
        name = default_storage.save(f"{PENDING_DIR}{secrets.token_hex(12)}.jpg", clean)
        conversation.photos = [*conversation.photos, name][-5:]
    elif kind == "text":
        text = str(message.get("text") or "").strip()
        if text.lower() in CANCEL_WORDS:
            _reset(conversation)
            conversation.save()
            return [text_message(_("Cancelled. Send a location to start a new report."))]
        conversation.text = f"{conversation.text}\n{text}".strip()[:4000]
    else:
        return [text_message(_("Please send a location, a photo or a text message."))]
    conversation.updated_at = timezone.now()
    conversation.save()
    if conversation.lat is not None and conversation.text:
        return [_file(conversation)]
    if conversation.lat is None:
        return [text_message(_("Got it. Now send the location of the problem."),
                             ask_location=True, ask_photo=not conversation.photos)]
    return [text_message(_("Location received. Describe the problem in a few words (a photo "
                           "helps too)."), ask_photo=not conversation.photos)]


def _reset(conversation: LineConversation) -> None:
    conversation.lat = conversation.lon = None
    conversation.address = conversation.text = conversation.topic = ""
    conversation.photos = []


def _line_user(user_id: str) -> Any:
    from allauth.socialaccount.models import SocialAccount

    account = SocialAccount.objects.filter(provider="line", uid=user_id).select_related(
        "user").first()
    return account.user if account else None


def _file(conversation: LineConversation) -> dict[str, Any]:
    from ruamkan.servicerequests.models import ReportPhoto

    try:
        with transaction.atomic():
            report = services.report_create(
                topic=guess_topic(conversation.text), description=conversation.text,
                lat=conversation.lat, lon=conversation.lon, address=conversation.address,
                reporter=_line_user(conversation.line_user_id), hide_name=True,
                channel=Report.Channel.LINE, line_user_id=conversation.line_user_id,
            )
            for name in conversation.photos:
                if default_storage.exists(name):
                    ReportPhoto.objects.create(report=report, image=name,
                                               kind=ReportPhoto.Kind.REPORT)
            conversation.last_report = report
            _reset(conversation)
            conversation.save()
    except (ValidationError, locating.LocationError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return text_message(" ".join(messages))
    url = f"{settings.SITE_URL.rstrip('/')}{report.get_absolute_url()}"
    body = report.local_government.display_name_th if report.local_government else _(
        "the officers of the area (to decide who handles it)")
    return text_message(
        _("Thank you. Report number %(n)s was sent to %(body)s. Follow it at %(url)s") % {
            "n": report.number, "body": body, "url": url})
