"""Idempotency-Key for report POSTs (IETF draft-ietf-httpapi-idempotency-key-header-07).

A flaky phone sends the same report again: the first answer is stored under (scope, key) with a
unique constraint and replayed; the same key with a different body is 422; a retry while the first
is still running is 409. Answers of 5xx are not kept, so the client may retry those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from contextlib import nullcontext

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ruamkan.servicerequests.models import IdempotencyRecord

MAX_KEY = 200
KEEP_FOR = dt.timedelta(days=2)


def fingerprint(request: HttpRequest, *, ignore: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    for key in sorted(request.POST.keys()):
        if key in ignore or key == "csrfmiddlewaretoken":
            continue
        for value in request.POST.getlist(key):
            digest.update(f"{key}={value}\n".encode())
    for key in sorted(request.FILES.keys()):
        for upload in request.FILES.getlist(key):
            upload.seek(0)
            digest.update(key.encode() + b":" + hashlib.sha256(upload.read()).digest())
            upload.seek(0)
    if not request.POST and not request.FILES and request.body:
        digest.update(request.body)
    return digest.hexdigest()


def run_once(
    *,
    scope: str,
    key: str,
    fingerprint_value: str,
    handler: Callable[[], HttpResponse],
    conflict: Callable[[int, str], HttpResponse],
    single_transaction: bool = False,
) -> HttpResponse:
    """Run `handler` once per (scope, key). `conflict(status, message)` renders the 409/422
    answers in the caller's format.

    With `single_transaction` the record, the handler's writes and the stored answer commit
    together: one write transaction instead of three, so parallel writers collide less often
    (on SQLite every collision costs a busy-handler sleep of 1 ms or more). A parallel retry then
    waits on the unique key and replays the first answer instead of getting 409. Use it only when
    the handler is quick: on SQLite the write lock is held while it runs (photo re-encoding is
    not quick, so uploads use the default: the record is committed at once, outside the work)."""
    key = key.strip()[:MAX_KEY]
    with transaction.atomic() if single_transaction else nullcontext():
        return _run_once(scope=scope, key=key, fingerprint_value=fingerprint_value,
                         handler=handler, conflict=conflict, in_transaction=single_transaction)


def _run_once(*, scope: str, key: str, fingerprint_value: str,
              handler: Callable[[], HttpResponse], conflict: Callable[[int, str], HttpResponse],
              in_transaction: bool) -> HttpResponse:
    now = timezone.now()
    try:
        # A savepoint inside the caller's transaction; otherwise committed at once, so a parallel
        # retry sees it.
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(scope=scope, key=key,
                                                      fingerprint=fingerprint_value,
                                                      created_at=now)
    except IntegrityError:
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is None or not existing.completed:
            # Not completed: the first attempt is still running (or failed in between).
            return conflict(409, "A request with this Idempotency-Key is being processed.")
        if existing.fingerprint != fingerprint_value:
            return conflict(422, "This Idempotency-Key was used with a different request.")
        response = HttpResponse(bytes(existing.body), status=existing.status_code,
                                content_type=existing.content_type)
        if existing.location:
            response["Location"] = existing.location
        response["Idempotent-Replayed"] = "true"
        return response
    try:
        response = handler()
    except BaseException:
        if not in_transaction:  # in one transaction the caller's rollback removes it
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
        raise
    if response.status_code >= 500:
        if in_transaction:
            transaction.set_rollback(True)
        else:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return response
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        completed=True, status_code=response.status_code,
        content_type=response.get("Content-Type", ""), body=bytes(response.content),
        location=response.get("Location", "")[:300],
    )
    return response


def purge_old(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    return deleted
