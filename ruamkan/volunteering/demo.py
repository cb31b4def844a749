"""Demo volunteering in Narathiwat: a town clean-up after the floods, a PAO first-aid day and a
women's network food bank, with shifts, sign-ups and confirmed hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ruamkan.areas.models import LocalGovernment
from ruamkan.volunteering.models import Opportunity, Shift, Signup

ORDER = 60

OPPORTUNITIES = [
    ("lg", "ร่วมล้างทำความสะอาดชุมชนหลังน้ำลด ถนนพิชิตบำรุง",
     "เทศบาลเมืองนราธิวาสชวนอาสาสมัครช่วยล้างโคลน เก็บขยะ และจัดของให้บ้านผู้สูงอายุในชุมชนริมถนนพิชิตบำรุง "
     "มีอาหารกลางวันและน้ำดื่มให้ กรุณาสวมรองเท้าบูท", "ลานหน้าสำนักงานเทศบาลเมืองนราธิวาส",
     "ยกของ, ทำความสะอาด, ขับรถกระบะ", [(-10, 8, 4, 20), (3, 8, 4, 20), (4, 13, 4, 15)]),
    ("pao", "อาสาปฐมพยาบาลงานแข่งเรือกอและ",
     "องค์การบริหารส่วนจังหวัดนราธิวาสต้องการอาสาสมัครที่ผ่านการอบรมปฐมพยาบาลประจำจุดบริการตลอดงาน",
     "ริมแม่น้ำบางนรา หน้าศาลากลางจังหวัด", "ปฐมพยาบาล, ภาษามลายู", [(12, 9, 6, 8)]),
    ("cso", "ธนาคารอาหารชุมชน คัดแยกและแจกถุงยังชีพ",
     "เครือข่ายสตรีนราธิวาสรับอาสาสมัครช่วยคัดแยกของบริจาคและแจกถุงยังชีพให้ครอบครัวที่ได้รับผลกระทบ",
     "ศูนย์เครือข่ายสตรี ชุมชนบางนาค", "จัดของ, ภาษามลายู, บัญชี", [(-3, 9, 3, 10), (1, 9, 3, 10)]),
]


def load(ctx) -> None:
    from ruamkan.accounts.models import User

    town = ctx.objects.get("lg_narathiwat_town")
    pao = ctx.objects.get("pao") or LocalGovernment.objects.filter(province_id="96",
                                                                   kind="pao").first()
    cso = ctx.objects.get("cso_narathiwat_women")
    owners = {"lg": town, "pao": pao, "cso": cso}
    citizen = User.objects.filter(email="citizen@demo.ruamkan.th").first()
    officer = User.objects.filter(email="officer@demo.ruamkan.th").first()
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    made = 0
    for key, title, description, place, skills, shifts in OPPORTUNITIES:
        owner = owners.get(key)
        if owner is None or Opportunity.objects.filter(title=title).exists():
            continue
        is_lg = key != "cso"
        opportunity = Opportunity.objects.create(
            title=title, description=description, place=place, skills=skills,
            local_government=owner if is_lg else None, organisation=None if is_lg else owner,
            province_id=owner.province_id if owner.province_id else "96",
        )
        made += 1
        for days, hour, length, capacity in shifts:
            start = today + dt.timedelta(days=days, hours=hour)
            shift = Shift.objects.create(opportunity=opportunity, starts_at=start,
                                         ends_at=start + dt.timedelta(hours=length),
                                         capacity=capacity)
            if citizen is not None and key in ("lg", "cso"):
                past = days < 0
                Signup.objects.create(
                    shift=shift, user=citizen,
                    status=Signup.Status.ATTENDED if past else Signup.Status.SIGNED_UP,
                    hours=Decimal(length) if past else None,
                    confirmed_by=officer if past else None,
                    confirmed_at=start + dt.timedelta(hours=length) if past else None,
                )
                shift.taken = 1
                shift.save(update_fields=["taken"])
    ctx.log(f"volunteering: {made} opportunities")
