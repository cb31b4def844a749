"""Sending SMS codes. SMS gateways differ per province, so the backend is a setting:

- "log" (default): writes a line to the `ruamkan.sms` logger with the last digits of the number
  only; for development. Production sets RUAMKAN_SMS_BACKEND to a dotted path of a callable
  `send(phone: str, text: str) -> None`.
- "locmem": keeps messages in `outbox` (tests), like Django's locmem e-mail backend.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("ruamkan.sms")


@dataclass
class Sms:
    phone: str
    text: str


outbox: list[Sms] = []


def send_sms(phone: str, text: str) -> None:
    backend = getattr(settings, "RUAMKAN_SMS_BACKEND", "log")
    if backend == "locmem":
        outbox.append(Sms(phone=phone, text=text))
    elif backend == "log":
        logger.warning("SMS to …%s: %s", phone[-4:], text)
    else:
        import_string(backend)(phone, text)
