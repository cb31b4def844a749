"""Demo spaces in Narathiwat: a town discussion on the local development plan, a provincial
network space, and a closed phase with history."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ruamkan.areas.models import LocalGovernment, Province
from ruamkan.spaces.models import Comment, Phase, Space

ORDER = 30

COMMENTS = [
    ("citizen", "for", "ขอให้ติดไฟส่องสว่างถนนพิชิตบำรุงช่วงหน้าตลาด กลางคืนมืดมาก เด็กนักเรียนเดินกลับบ้านลำบาก"),
    ("newcomer", "neutral", "อยากรู้ว่างบประมาณปีนี้มีเท่าไร และแบ่งให้แต่ละชุมชนอย่างไร"),
    ("cso", "for", "เครือข่ายสตรีฯ พร้อมช่วยจัดเวทีประชาคมในชุมชนบางนาค ขอให้แจ้งล่วงหน้าสองสัปดาห์"),
    ("citizen", "against", "ไม่เห็นด้วยกับการถมคลองเพื่อทำที่จอดรถ น้ำจะท่วมหนักกว่าเดิมในหน้ามรสุม"),
]


def _user(email: str):
    from ruamkan.accounts.models import User

    return User.objects.filter(email=email).first()


def load(ctx) -> None:
    province = ctx.objects.get("narathiwat") or Province.objects.filter(code="96").first()
    town = ctx.objects.get("lg_narathiwat_town") or LocalGovernment.objects.filter(
        province_id="96"
    ).exclude(kind="pao").first()
    if province is None or town is None:
        ctx.log("spaces demo: no Narathiwat areas loaded, skipped")
        return
    now = timezone.now()
    admin = _user("lgadmin@demo.ruamkan.th")

    space, created = Space.objects.get_or_create(
        slug="narathiwat-town-plan-2570",
        defaults={
            "title": "ร่วมคิดแผนพัฒนาท้องถิ่น เทศบาลเมืองนราธิวาส ปี 2570",
            "summary": "บอกเราว่าชุมชนของคุณต้องการอะไร ก่อนเทศบาลจัดทำแผนพัฒนาท้องถิ่น",
            "description_html": (
                "<p>เทศบาลเมืองนราธิวาสชวนประชาชนทุกชุมชนร่วมเสนอและแสดงความเห็นต่อแผนพัฒนาท้องถิ่น "
                "ปีงบประมาณ 2570 ความเห็นทุกข้อจะถูกนำเข้าเวทีประชาคมและตอบกลับอย่างเป็นทางการ</p>"
                "<ul><li>ถนน ไฟฟ้า น้ำประปา</li><li>การจัดการขยะและน้ำท่วม</li>"
                "<li>ผู้สูงอายุและเด็กเล็ก</li></ul>"
            ),
            "level": Space.Level.LOCAL,
            "local_government": town,
            "participation_model": Space.Model.CO_GOVERNANCE,
            "is_published": True,
            "created_by": admin,
        },
    )
    if created:
        Phase.objects.create(
            space=space, content_key="spaces.information", position=0,
            title="ชี้แจงกรอบแผนพัฒนา", starts_at=now - dt.timedelta(days=30),
            ends_at=now - dt.timedelta(days=15),
        )
        discussion = Phase.objects.create(
            space=space, content_key="spaces.discussion", position=1,
            title="แสดงความคิดเห็น", starts_at=now - dt.timedelta(days=14),
            ends_at=now + dt.timedelta(days=30),
        )
        people = {
            "citizen": _user("citizen@demo.ruamkan.th"),
            "newcomer": _user("newcomer@demo.ruamkan.th"),
            "cso": _user("cso@demo.ruamkan.th"),
        }
        ct = ContentType.objects.get_for_model(Space)
        for key, stance, body in COMMENTS:
            author = people.get(key)
            if author is not None:
                Comment.objects.create(space=space, content_type=ct, object_id=space.pk,
                                       author=author, stance=stance, body=body)
        ctx.log(f"spaces demo: {space.title} ({discussion.display_title})")
    ctx.objects["town_space"] = space

    network, created = Space.objects.get_or_create(
        slug="narathiwat-provincial-network",
        defaults={
            "title": "เครือข่ายบริหารกิจการสาธารณะจังหวัดนราธิวาส",
            "summary": "อปท. หน่วยงาน และองค์กรภาคประชาสังคมในจังหวัด ร่วมกันติดตามประเด็นที่ส่งต่อจากท้องถิ่น",
            "description_html": "<p>พื้นที่กลางของจังหวัดสำหรับประเด็นที่เกินกำลังของท้องถิ่นเดียว "
                                "เช่น น้ำท่วมลุ่มน้ำบางนรา และการขนส่งสาธารณะข้ามอำเภอ</p>",
            "level": Space.Level.PROVINCE,
            "province": province,
            "participation_model": Space.Model.CO_MANAGEMENT,
            "is_published": True,
        },
    )
    if created:
        Phase.objects.create(
            space=network, content_key="spaces.discussion", title="ประเด็นจากท้องถิ่น",
            starts_at=now - dt.timedelta(days=3), ends_at=now + dt.timedelta(days=60),
        )
    ctx.objects["province_space"] = network
