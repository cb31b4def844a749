"""Demo co-governance in Narathiwat town: citizens' proposals with supports and official answers,
a debate, public forums (เวทีประชาคม) with minutes, and one proposal followed all the way to a
plan item, a budget line and a result with milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ruamkan.areas.models import LocalGovernment, Subdistrict
from ruamkan.deliberation.lib.similarity import tokens
from ruamkan.deliberation.models import (
    Answer,
    BudgetLine,
    Category,
    Debate,
    Forum,
    ForumAttendance,
    Milestone,
    PlanItem,
    Proposal,
    ProposalSettings,
    Result,
    Support,
)
from ruamkan.spaces.models import Comment, Phase, Space

ORDER = 40
SLUG = "narathiwat-town-voice-2570"

CATEGORIES = ["ถนนและไฟฟ้า", "น้ำและน้ำท่วม", "ขยะและสิ่งแวดล้อม", "ผู้สูงอายุและเด็ก", "อาชีพและตลาด"]

# title, body, category index, (lat, lon) or None, author key, supports
PROPOSALS = [
    ("ติดไฟส่องสว่างถนนพิชิตบำรุงช่วงหน้าตลาดโต้รุ่ง",
     "ช่วงหัวค่ำถึงตีสองถนนหน้าตลาดโต้รุ่งมืดมาก แม่ค้าและเด็กนักเรียนที่เดินกลับบ้านเสี่ยงอุบัติเหตุ "
     "ขอให้ติดไฟส่องสว่างพลังงานแสงอาทิตย์อย่างน้อย 12 ต้น", 0, (6.4262, 101.8231), "citizen", 24),
    ("ลอกคลองระบายน้ำชุมชนบางนาคก่อนฤดูมรสุม",
     "ทุกปีเดือนพฤศจิกายนน้ำท่วมขังในชุมชนบางนาคนาน 3-5 วัน เพราะคลองระบายน้ำตื้นเขินและมีขยะอุดตัน "
     "ขอให้ลอกคลองภายในเดือนกันยายน และติดตะแกรงดักขยะที่ปากท่อ", 1, (6.4301, 101.8189), "cso", 31),
    ("จุดคัดแยกขยะรีไซเคิลประจำชุมชน",
     "ขอถังคัดแยกขยะ 4 ประเภท และรถเก็บขยะรีไซเคิลทุกวันเสาร์ ให้ธนาคารขยะของชุมชนรับซื้อ "
     "รายได้เข้ากองทุนสวัสดิการชุมชน", 2, None, "citizen", 8),
    ("ศูนย์ดูแลผู้สูงอายุกลางวันในชุมชนกำปงบารู",
     "ผู้สูงอายุที่อยู่บ้านลำพังตอนกลางวันไม่มีคนดูแล ขอใช้ศาลาชุมชนเป็นศูนย์ดูแลกลางวัน "
     "มีอาสาสมัครสาธารณสุข (อสม.) ผลัดเวรดูแล", 3, (6.4228, 101.8276), "cso", 17),
    ("ทางเท้าและทางลาดสำหรับรถเข็นรอบโรงพยาบาลนราธิวาสราชนครินทร์",
     "ทางเท้ารอบโรงพยาบาลแคบและมีเสาไฟขวาง ผู้ใช้รถเข็นต้องลงไปเข็นบนถนน "
     "ขอปรับทางเท้าให้กว้างอย่างน้อย 1.5 เมตร และทำทางลาดทุกทางข้าม", 0, (6.4276, 101.8207), "citizen", 12),
    ("ตลาดนัดสินค้าชุมชนริมแม่น้ำบางนราทุกเย็นวันศุกร์",
     "ให้กลุ่มอาชีพสตรีและผู้ผลิตในชุมชนได้ขายสินค้า เช่น ข้าวเกรียบปลา ผ้าบาติก "
     "ขอให้เทศบาลจัดพื้นที่ ไฟ และห้องน้ำชั่วคราว", 4, (6.4247, 101.8262), "cso", 5),
]

COMMENTS = [
    ("for", "เห็นด้วยมาก ลูกสาวกลับจากเรียนพิเศษผ่านตรงนั้นทุกคืน"),
    ("against", "ไฟโซลาร์เซลล์ที่เคยติดพังภายในปีเดียว ควรใช้ไฟฟ้าจากสายหลักดีกว่า"),
    ("neutral", "ควรถามการไฟฟ้าส่วนภูมิภาคด้วยว่าจะย้ายเสาได้หรือไม่"),
]


def _user(email: str):
    from ruamkan.accounts.models import User

    return User.objects.filter(email=email).first()


def load(ctx) -> None:
    town = ctx.objects.get("lg_narathiwat_town") or LocalGovernment.objects.filter(
        province_id="96"
    ).exclude(kind="pao").order_by("code").first()
    if town is None:
        ctx.log("deliberation demo: no local government in Narathiwat, skipped")
        return
    now = timezone.now()
    people = {
        key: _user(f"{key}@demo.ruamkan.th")
        for key in ("admin", "lgadmin", "officer", "citizen", "cso", "newcomer", "coordinator")
    }
    official = people["officer"] or people["lgadmin"] or people["admin"]
    space = Space.objects.filter(slug=SLUG).first()
    if space is None:
        creator = people["lgadmin"] or people["admin"]
        if creator is not None:
            from ruamkan.spaces.services import space_create

            space = space_create(
                by=creator, slug=SLUG, level=Space.Level.LOCAL, local_government=town,
                title="เสียงประชาชนสู่แผนพัฒนา เทศบาลเมืองนราธิวาส",
                summary="เสนอ สนับสนุน ถกเถียง และติดตามผล ตั้งแต่ข้อเสนอจนเป็นโครงการจริง",
                description="<p>ข้อเสนอที่มีผู้สนับสนุนครบ 20 คน เทศบาลจะตอบอย่างเป็นทางการภายใน 45 วัน "
                            "ข้อเสนอที่รับไว้จะเข้าแผนพัฒนาท้องถิ่นและติดตามความคืบหน้าได้ที่หน้าผลลัพธ์</p>",
            )
        else:  # no accounts app demo: build it directly
            space = Space.objects.create(
                slug=SLUG, level=Space.Level.LOCAL, local_government=town, is_published=True,
                title="เสียงประชาชนสู่แผนพัฒนา เทศบาลเมืองนราธิวาส",
                summary="เสนอ สนับสนุน ถกเถียง และติดตามผล ตั้งแต่ข้อเสนอจนเป็นโครงการจริง",
            )
    phases = {}
    for position, (key, title, start, end) in enumerate([
        ("deliberation.proposals", "เสนอและสนับสนุนข้อเสนอ", -20, 40),
        ("deliberation.debate", "ถกเถียงประเด็นสาธารณะ", -10, 30),
        ("deliberation.forums", "เวทีประชาคม", -30, 60),
        ("deliberation.results", "จากเสียงประชาชนสู่ผลลัพธ์", -30, 365),
    ]):
        phases[key], _created = Phase.objects.get_or_create(
            space=space, content_key=key,
            defaults={"title": title, "position": position,
                      "starts_at": now + dt.timedelta(days=start),
                      "ends_at": now + dt.timedelta(days=end)},
        )
    collect = phases["deliberation.proposals"]
    ProposalSettings.objects.get_or_create(
        phase=collect, defaults={"support_threshold": 20, "answer_days": 45, "support_limit": 10}
    )
    categories = [Category.objects.get_or_create(space=space, name=name, defaults={"position": i})[0]
                  for i, name in enumerate(CATEGORIES)]
    from ruamkan.deliberation.services import answer_state_defaults_ensure

    states = {s.key: s for s in answer_state_defaults_ensure(local_government=town)}
    home = Subdistrict.objects.filter(coverage__local_government=town).order_by("code").first()

    # Forums first: one past with minutes (where two proposals were raised), one coming.
    forums_phase = phases["deliberation.forums"]
    past_start = (now - dt.timedelta(days=12)).replace(hour=2, minute=0, second=0, microsecond=0)
    past_forum, created = Forum.objects.get_or_create(
        space=space, title="เวทีประชาคมชุมชนบางนาค ครั้งที่ 1/2569",
        defaults={
            "phase": forums_phase, "starts_at": past_start,
            "ends_at": past_start + dt.timedelta(hours=3),
            "place": "ศาลาประชาคมชุมชนบางนาค ถนนพิชิตบำรุง", "capacity": 80,
            "description": "ทบทวนปัญหาของชุมชนและจัดลำดับความสำคัญก่อนบรรจุแผนพัฒนาท้องถิ่น",
            "minutes_html": "<p>ผู้เข้าร่วม 46 คน จาก 5 หมู่บ้าน นายกเทศมนตรีเปิดเวที "
                            "ที่ประชุมหารือเรื่องน้ำท่วมขัง ไฟส่องสว่าง และผู้สูงอายุ</p>",
            "resolutions": "1. เสนอให้ลอกคลองระบายน้ำก่อนมรสุมเป็นลำดับแรก\n"
                           "2. ขอให้ติดไฟส่องสว่างหน้าตลาดโต้รุ่ง\n3. ตั้งคณะทำงานติดตามโครงการ 7 คน",
            "minutes_published_at": past_start + dt.timedelta(days=2), "created_by": official,
        },
    )
    if created:
        ForumAttendance.objects.bulk_create([
            ForumAttendance(forum=past_forum, name=name, village=village, recorded_by=official)
            for name, village in [("นางแวมีเนาะ สะมะแอ", "หมู่ 4"), ("นายอาแว ดือราแม", "หมู่ 2"),
                                  ("นางสาวซารีฟะ ยูโซ๊ะ", "หมู่ 5")]
        ])
        if people["citizen"]:
            ForumAttendance.objects.create(forum=past_forum, user=people["citizen"],
                                           recorded_by=official)
    next_start = (now + dt.timedelta(days=9)).replace(hour=2, minute=0, second=0, microsecond=0)
    Forum.objects.get_or_create(
        space=space, title="เวทีประชาคมระดับเมือง: จัดลำดับโครงการปี 2570",
        defaults={
            "phase": forums_phase, "starts_at": next_start,
            "ends_at": next_start + dt.timedelta(hours=4),
            "place": "หอประชุมเทศบาลเมืองนราธิวาส",
            "online_url": "https://meet.narathiwat.example/forum-2570", "capacity": 150,
            "description": "นำข้อเสนอที่มีผู้สนับสนุนมากที่สุดมาจัดลำดับร่วมกัน มีล่ามภาษามลายูถิ่น",
            "created_by": official,
        },
    )

    proposals = []
    for i, (title, body, cat, place, author_key, supports) in enumerate(PROPOSALS):
        author = people.get(author_key) or official
        if author is None:
            break
        published = now - dt.timedelta(days=18 - i * 2)
        proposal, created = Proposal.objects.get_or_create(
            space=space, title=title,
            defaults={
                "phase": collect, "author": author, "body": body, "category": categories[cat],
                "subdistrict": home, "lat": place[0] if place else None,
                "lon": place[1] if place else None, "state": Proposal.State.PUBLISHED,
                "published_at": published, "support_count": supports,
                "tokens": " ".join(sorted(tokens(f"{title} {body}"))),
                "forum": past_forum if i in (0, 1) else None,
                "on_behalf_of": ("ที่ประชุมประชาคมหมู่ที่ 3 บ้านบางนาค" if i == 0
                                 else "กลุ่มผู้ปกครองโรงเรียนบ้านบางนาค" if i == 1 else ""),
            },
        )
        if created:
            if supports >= 20:
                proposal.threshold_reached_at = published + dt.timedelta(days=3)
                proposal.answer_due_at = proposal.threshold_reached_at + dt.timedelta(days=45)
                proposal.save(update_fields=["threshold_reached_at", "answer_due_at"])
            # The demo people's own supports are real rows; the rest of the count stands for
            # residents who supported on paper at the forum.
            for key in ("citizen", "cso"):
                supporter = people.get(key)
                if supporter and supporter.pk != author.pk:
                    Support.objects.get_or_create(proposal=proposal, user=supporter,
                                                  defaults={"phase": collect})
        proposals.append(proposal)
    if not proposals:
        ctx.log("deliberation demo: no demo people, proposals skipped")
        ctx.objects["deliberation_space"] = space
        return

    ct = ContentType.objects.get_for_model(Proposal)
    lamp = proposals[0]
    if not Comment.objects.filter(content_type=ct, object_id=lamp.pk).exists():
        for (stance, body), key in zip(COMMENTS, ("cso", "newcomer", "coordinator"), strict=False):
            who = people.get(key) or lamp.author
            Comment.objects.create(space=space, content_type=ct, object_id=lamp.pk,
                                   author=who, stance=stance, body=body)

    # The canal: answered, in the plan, budgeted, half done.
    canal = proposals[1]
    if not Answer.objects.filter(proposal=canal).exists() and official:
        answered = now - dt.timedelta(days=6)
        Answer.objects.create(
            proposal=canal, state=states["accepted"], answered_by=official, created_at=answered,
            cost_estimate=Decimal("1250000"),
            text="เทศบาลรับข้อเสนอ จะลอกคลองระยะทาง 2.4 กิโลเมตร และติดตะแกรงดักขยะ 6 จุด "
                 "ใช้งบประมาณปี 2570 โดยให้คณะทำงานชุมชนร่วมตรวจรับงาน",
        )
        Answer.objects.create(
            proposal=canal, state=states["in_plan"], answered_by=official,
            created_at=answered + dt.timedelta(days=1), cost_estimate=Decimal("1250000"),
            text="บรรจุในแผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570) เพิ่มเติม ฉบับที่ 3",
        )
        canal.answer_state, canal.answered_at = states["in_plan"], answered + dt.timedelta(days=1)
        canal.save(update_fields=["answer_state", "answered_at"])
    elder = proposals[3]
    if not Answer.objects.filter(proposal=elder).exists() and official:
        Answer.objects.create(
            proposal=elder, state=states["under_review"], answered_by=official,
            text="กองสาธารณสุขฯ กำลังสำรวจจำนวนผู้สูงอายุที่อยู่ลำพังในชุมชน จะตอบภายในเดือนหน้า",
        )
        elder.answer_state, elder.answered_at = states["under_review"], now
        elder.save(update_fields=["answer_state", "answered_at"])

    plan, created = PlanItem.objects.get_or_create(
        local_government=town, project="โครงการลอกคลองระบายน้ำและติดตะแกรงดักขยะ ชุมชนบางนาค",
        defaults={"space": space, "year": 2027, "budget": Decimal("1250000"),
                  "description": "จากข้อเสนอของประชาชนและมติเวทีประชาคมชุมชนบางนาค",
                  "created_by": official},
    )
    if created:
        plan.proposals.add(canal)
        plan.forums.add(past_forum)
        line = BudgetLine.objects.create(plan_item=plan, fiscal_year=2027,
                                         amount=Decimal("1180000"),
                                         reference="ข้อบัญญัติงบประมาณรายจ่ายประจำปี 2570 ข้อ 14")
        parent = Result.objects.create(
            local_government=town, plan_item=plan, budget_line=line,
            title="ระบบระบายน้ำชุมชนบางนาคพร้อมรับมรสุม", status=Result.Status.IN_PROGRESS,
        )
        parent.proposals.add(canal)
        parent.forums.add(past_forum)
        dredge = Result.objects.create(local_government=town, parent=parent, weight=3,
                                       title="ลอกคลอง 2.4 กิโลเมตร", progress=60,
                                       status=Result.Status.IN_PROGRESS)
        Result.objects.create(local_government=town, parent=parent, weight=1,
                              title="ติดตะแกรงดักขยะ 6 จุด", progress=0,
                              status=Result.Status.NOT_STARTED)
        Milestone.objects.create(result=dredge, title="ทำสัญญาจ้างผู้รับเหมา",
                                 date=(now - dt.timedelta(days=40)).date(), created_by=official)
        Milestone.objects.create(result=dredge, title="ลอกคลองแล้วเสร็จ 1.4 กิโลเมตร",
                                 description="คณะทำงานชุมชน 7 คนร่วมตรวจรับงานงวดที่ 1",
                                 date=(now - dt.timedelta(days=5)).date(), created_by=official)

    debate, created = Debate.objects.get_or_create(
        space=space, title="ควรย้ายตลาดนัดวันศุกร์ไปริมแม่น้ำบางนราหรือไม่",
        defaults={"phase": phases["deliberation.debate"], "created_by": official,
                  "body": "ตลาดนัดเดิมทำให้รถติดหน้าโรงเรียน แต่ริมแม่น้ำเสี่ยงน้ำท่วมในหน้ามรสุม"},
    )
    if created:
        dct = ContentType.objects.get_for_model(Debate)
        for key, stance, body in [
            ("citizen", "for", "เห็นด้วย ริมแม่น้ำกว้างกว่าและไม่รบกวนโรงเรียน"),
            ("cso", "against", "แม่ค้าสูงอายุเดินทางไกลขึ้น ควรมีรถรับส่งก่อนย้าย"),
        ]:
            if people.get(key):
                Comment.objects.create(space=space, content_type=dct, object_id=debate.pk,
                                       author=people[key], stance=stance, body=body)
    ctx.objects["deliberation_space"] = space
    ctx.log(f"deliberation demo: {space.title} ({len(proposals)} proposals)")
