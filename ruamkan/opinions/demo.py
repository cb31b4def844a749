"""An opinion-mapping conversation in Narathiwat with votes from a community forum, so the map
shows groups on first run."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ruamkan.opinions.models import Conversation, Statement, StatementVote
from ruamkan.spaces.models import Phase, Space

ORDER = 50

SEEDS = [
    # (statement, leaning of group A, leaning of group B): +1 agree, -1 disagree, 0 split
    ("ควรปิดถนนทำถนนคนเดินริมแม่น้ำบางนราทุกเย็นวันเสาร์", 1, -1),
    ("ถนนคนเดินทำให้ร้านค้าในตลาดเดิมขายได้น้อยลง", -1, 1),
    ("ควรให้สินค้าชุมชนและอาหารพื้นเมืองได้แผงก่อน", 1, 1),
    ("ที่จอดรถรอบตลาดไม่พอ ต้องจัดรถรับส่ง", 0, 1),
    ("เสียงดนตรีควรเลิกก่อนสามทุ่มเพื่อไม่รบกวนการละหมาด", 1, 1),
    ("เทศบาลควรเก็บค่าแผงเพื่อนำมาจ้างคนเก็บขยะ", -1, 1),
    ("ควรมีพื้นที่ให้เยาวชนแสดงดนตรีและศิลปะ", 1, -1),
    ("ควรย้ายถนนคนเดินไปจัดในสวนสาธารณะแทนการปิดถนน", -1, 1),
    ("ต้องมีห้องน้ำสาธารณะและจุดล้างมือเพิ่ม", 1, 1),
    ("ควรทดลองจัด 3 เดือนแล้วสำรวจความเห็นอีกครั้ง", 1, 0),
]


def load(ctx) -> None:
    space = ctx.objects.get("town_space") or Space.objects.filter(
        slug="narathiwat-town-plan-2570").first()
    if space is None:
        return
    conversation, created = Conversation.objects.get_or_create(
        space=space, topic="ถนนคนเดินริมแม่น้ำบางนรา: จัดอย่างไรให้ทุกคนได้ประโยชน์",
        defaults={"description": "กดเห็นด้วย ไม่เห็นด้วย หรือผ่าน ทีละข้อ เพิ่มข้อความของคุณเองได้ "
                                 "แล้วดูว่าความเห็นในเมืองแบ่งเป็นกลุ่มใดบ้าง และเรื่องใดที่ทุกกลุ่มเห็นตรงกัน"},
    )
    ctx.objects["conversation"] = conversation
    if not created:
        return
    now = timezone.now()
    Phase.objects.create(space=space, content_key="opinions.conversation", position=3,
                         title="แผนที่ความคิดเห็น ถนนคนเดิน", starts_at=now - dt.timedelta(days=5),
                         ends_at=now + dt.timedelta(days=25))
    statements = [
        (Statement.objects.create(conversation=conversation, body=body, is_seed=True,
                                  status=Statement.Status.ACCEPTED), a, b)
        for body, a, b in SEEDS
    ]
    rng = random.Random(96)  # noqa: S311 - demo data
    votes = []
    for participant in range(1, 61):
        camp = 0 if participant <= 35 else 1
        for statement, a, b in statements:
            if rng.random() < 0.15:
                continue  # not everyone sees every statement
            lean = (a, b)[camp]
            roll = rng.random()
            if lean == 0:
                value = 1 if roll < 0.45 else (-1 if roll < 0.85 else 0)
            else:
                value = lean if roll < 0.8 else (-lean if roll < 0.9 else 0)
            votes.append(StatementVote(statement=statement, external_participant=participant,
                                       value=value))
    StatementVote.objects.bulk_create(votes)
    from ruamkan.opinions.services import _refresh_counts, analysis_compute

    for statement, _a, _b in statements:
        _refresh_counts(statement.pk)
    result = analysis_compute(conversation=conversation)
    ctx.log(f"opinions demo: {len(votes)} votes, {result.get('group_count', 0)} groups")
