"""A participatory budget in Narathiwat town, voting open, with paper ballots from the forum."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ruamkan.budgeting.models import Ballot, BallotChoice, Budget, BudgetProject
from ruamkan.spaces.models import Phase, Space

ORDER = 45

PROJECTS = [
    (
        "ไฟส่องสว่างพลังงานแสงอาทิตย์ ซอยบางนาค 3",
        "ติดเสาไฟโซลาร์เซลล์ 20 ต้น ให้เด็กนักเรียนและแม่ค้าตลาดเช้าเดินทางปลอดภัย",
        420_000,
        "ถนนและไฟฟ้า",
    ),
    (
        "ลานกีฬาและสนามเด็กเล่นชุมชนกำปงตาโก๊ะ",
        "ปรับพื้นที่ว่างริมคลองเป็นลานกีฬาอเนกประสงค์ มีร่มเงาและม้านั่ง",
        650_000,
        "กีฬาและนันทนาการ",
    ),
    ("ขุดลอกคลองระบายน้ำ ถนนพิชิตบำรุง", "ลดน้ำท่วมขังหน้าตลาดสดในหน้ามรสุม", 380_000, "ระบายน้ำ"),
    (
        "รถรับส่งผู้สูงอายุไปโรงพยาบาล",
        "จัดรถตู้รับส่งผู้สูงอายุและผู้พิการไปพบแพทย์สัปดาห์ละ 3 วัน",
        300_000,
        "สวัสดิการสังคม",
    ),
    ("ห้องสมุดมีชีวิตในมัสยิดและวัด", "มุมหนังสือภาษาไทย มลายู และอังกฤษ สำหรับเด็กในชุมชน", 150_000, "การศึกษา"),
    ("ธนาคารขยะรีไซเคิลชุมชน", "จุดรับซื้อขยะรีไซเคิลและอบรมคัดแยกขยะ", 120_000, "สิ่งแวดล้อม"),
]


# Approximate places in Narathiwat town for the map (demo data).
LOCATIONS = [(6.4263, 101.8231), (6.4330, 101.8185), (6.4240, 101.8262), (6.4290, 101.8160),
             (6.4205, 101.8210), (6.4315, 101.8245)]


def _paper_id(n: int) -> str:
    from ruamkan.accounts.lib.citizen_id import with_check_digit

    return with_check_digit(f"3960{n:08d}")


def load(ctx) -> None:
    space = (
        ctx.objects.get("town_space")
        or Space.objects.filter(slug="narathiwat-town-plan-2570").first()
    )
    if space is None:
        return
    now = timezone.now()
    budget, created = Budget.objects.get_or_create(
        space=space,
        title="งบประมาณแบบมีส่วนร่วม ชุมชนในเขตเทศบาล ปี 2570",
        defaults={
            "amount": 1_500_000,
            "description": "ประชาชนร่วมเลือกโครงการที่เทศบาลจะทำในปีงบประมาณ 2570 "
            "เลือกได้หลายโครงการ รวมกันไม่เกินวงเงิน",
            "rule": Budget.Rule.MES,
        },
    )
    ctx.objects["budget"] = budget
    if not created:
        return
    Phase.objects.create(
        space=space,
        content_key="budgeting.voting",
        position=5,
        title="ลงคะแนนเลือกโครงการ",
        starts_at=now - dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=12),
    )
    projects = [
        BudgetProject.objects.create(
            budget=budget,
            title=title,
            description=description,
            cost=cost,
            category=category,
            status=BudgetProject.Status.FEASIBLE,
            review_reason="ตรวจสอบราคากลางและพื้นที่แล้ว",
            lat=lat,
            lon=lon,
        )
        for (title, description, cost, category), (lat, lon) in zip(
            PROJECTS, LOCATIONS, strict=True
        )
    ]
    BudgetProject.objects.create(
        budget=budget,
        title="สร้างสะพานข้ามแม่น้ำบางนรา",
        cost=1_400_000_000,
        description="สะพานใหม่เชื่อมสองฝั่ง",
        status=BudgetProject.Status.INFEASIBLE,
        review_reason="เกินอำนาจและงบประมาณของเทศบาล ส่งเรื่องต่อให้แขวงทางหลวงชนบทและจังหวัด",
    )
    # Paper ballots collected at the community forum (เวทีประชาคม); shows results for officials.
    from ruamkan.accounts.services import citizen_id_hash
    from ruamkan.budgeting.services import _receipt

    rng = random.Random(2570)  # noqa: S311 - demo data, not security
    weights = [5, 3, 6, 4, 2, 2]
    for n in range(60):
        picks, spent = [], 0
        for project in rng.choices(projects, weights=weights, k=4):
            if project not in picks and spent + project.cost <= budget.amount:
                picks.append(project)
                spent += project.cost
        id_hash, _masked = citizen_id_hash(_paper_id(n))
        ballot = Ballot.objects.create(
            budget=budget, voter_id_hash=id_hash, channel=Ballot.Channel.PAPER, receipt=_receipt()
        )
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project=p) for p in picks)
    ctx.log(f"budgeting demo: {budget.title} with {len(projects)} projects and 60 paper ballots")
