"""A citizens' assembly on flood management in Narathiwat town: 80 people in the pool, a panel
of 12 drawn fairly from a published seed, one meeting and two recommendations, one answered."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ruamkan.sortition import selectors, services
from ruamkan.sortition.models import (
    Assembly,
    Meeting,
    Quota,
    Recommendation,
    Registration,
    SelectionRun,
)
from ruamkan.spaces.models import Phase, Space

ORDER = 55

TITLE = "สมัชชาพลเมืองนราธิวาส เรื่องการจัดการน้ำท่วม"
REMIT = ("เมืองนราธิวาสถูกน้ำท่วมขังแทบทุกปีช่วงมรสุมตะวันออกเฉียงเหนือ (พฤศจิกายน–มกราคม) "
         "เทศบาลควรลงทุนและจัดการอย่างไรในห้าปีข้างหน้า เพื่อลดความเสียหายต่อบ้านเรือน ตลาด "
         "และการเดินทาง โดยเฉพาะชุมชนริมแม่น้ำบางนราและชุมชนที่อยู่ที่ต่ำ")
# (feature, value, min, max, weight in the self-selected pool)
QUOTAS = [
    ("เพศ", "หญิง", 5, 7, 0.42), ("เพศ", "ชาย", 5, 7, 0.58),
    ("ช่วงอายุ", "18–29 ปี", 2, 4, 0.18), ("ช่วงอายุ", "30–44 ปี", 3, 4, 0.30),
    ("ช่วงอายุ", "45–59 ปี", 2, 4, 0.34), ("ช่วงอายุ", "60 ปีขึ้นไป", 2, 3, 0.18),
    ("ตำบล", "บางนาค", 5, 7, 0.55), ("ตำบล", "ลำภู", 2, 4, 0.25),
    ("ตำบล", "กะลุวอเหนือ", 2, 4, 0.20),
    ("การศึกษา", "ประถมศึกษาหรือต่ำกว่า", 3, 5, 0.22),
    ("การศึกษา", "มัธยมศึกษา ปวช. ปวส.", 3, 5, 0.38),
    ("การศึกษา", "ปริญญาตรีขึ้นไป", 2, 4, 0.40),
]
GIVEN = {
    "หญิง": ["อาอีชะห์", "ซูไฮลา", "นูรีซัน", "สมศรี", "วันเพ็ญ", "รอฮานี", "ฟาตีเมาะ", "มารีแย",
             "นิตยา", "รุสนี"],
    "ชาย": ["ฮาซัน", "อับดุลเลาะ", "มะยูโซะ", "ประเสริฐ", "สมชาย", "ยูโซ๊ะ", "กามารุดดีน", "สุนทร",
            "อิสมาแอ", "ซัลมาน"],
}
FAMILY = ["เจ๊ะแว", "สาและ", "ดอเลาะ", "แวมามุ", "ทองคำ", "บินอาแว", "หะยีสาเมาะ", "ศรีสุข",
          "มะดีเยาะ", "แก้วมณี", "อาแว", "ยะโก๊ะ"]


def _pool_rows(rng: random.Random) -> list[dict[str, str]]:
    features: dict[str, list[tuple[str, float]]] = {}
    for feature, value, _lo, _hi, weight in QUOTAS:
        features.setdefault(feature, []).append((value, weight))
    rows = []
    for _i in range(80):
        rows.append({f: rng.choices([v for v, _w in vals], [w for _v, w in vals])[0]
                     for f, vals in features.items()})
    return rows


def load(ctx) -> None:
    space = ctx.objects.get("town_space") or Space.objects.filter(
        slug="narathiwat-town-plan-2570").first()
    if space is None:
        return
    now = timezone.now()
    assembly, created = Assembly.objects.get_or_create(
        space=space, title=TITLE,
        defaults={"remit": REMIT, "size": 12,
                  "recruitment_opens_at": now - dt.timedelta(days=45),
                  "recruitment_closes_at": now - dt.timedelta(days=15)},
    )
    ctx.objects["assembly"] = assembly
    if not created:
        return
    Phase.objects.create(space=space, content_key="sortition.assembly", position=4,
                         title="สมัชชาพลเมืองโดยการจับสลาก เรื่องน้ำท่วม",
                         starts_at=now - dt.timedelta(days=45), ends_at=now + dt.timedelta(days=60))
    Quota.objects.bulk_create([
        Quota(assembly=assembly, feature=f, value=v, min=lo, max=hi, position=i)
        for i, (f, v, lo, hi, _w) in enumerate(QUOTAS)
    ])
    rng = random.Random(2570)  # noqa: S311 - demo data
    users = ctx.objects.get("demo_users") or {}
    rows = _pool_rows(rng)
    ids = services._new_public_ids(assembly, len(rows))
    registrations = []
    for i, (values, public_id) in enumerate(zip(rows, ids, strict=True)):
        person = users.get("citizen") if i == 0 else None
        registrations.append(Registration(
            assembly=assembly, person=person, public_id=public_id, values=values,
            source=Registration.Source.SELF if person else Registration.Source.IMPORT,
            external_id="" if person else f"NRT-{i:03d}",
            details={} if person else {"ชื่อ": f"{rng.choice(GIVEN[values['เพศ']])} {rng.choice(FAMILY)}",
                                       "โทรศัพท์": f"08{rng.randrange(10**8):08d}"},
            consented_at=now - dt.timedelta(days=30),
        ))
    Registration.objects.bulk_create(registrations)
    official = users.get("lgadmin")
    assembly.seed, assembly.seed_published_by = 25671204, official
    assembly.seed_published_at = now - dt.timedelta(days=14)
    assembly.save()
    # The demo draws synchronously (no worker is running while the demo loads).
    run = SelectionRun.objects.create(
        assembly=assembly, seed=assembly.seed, seed_published_at=assembly.seed_published_at,
        size=assembly.size, pool_csv=selectors.pool_csv(assembly),
        features_csv=selectors.features_csv(assembly), started_by=official,
    )
    run = services.selection_execute(run_id=run.pk)
    if run is None or run.status != SelectionRun.Status.DONE:
        ctx.log(f"sortition demo: the draw failed: {getattr(run, 'error', '')}")
        return
    meeting = Meeting.objects.create(
        assembly=assembly, starts_at=now - dt.timedelta(days=5),
        place="ห้องประชุมเทศบาลเมืองนราธิวาส ถนนพิชิตบำรุง",
        agenda="1. ผู้เชี่ยวชาญจากกรมชลประทานอธิบายทางน้ำและจุดน้ำท่วมขัง\n"
               "2. ตัวแทนชุมชนริมแม่น้ำบางนราเล่าประสบการณ์น้ำท่วมปี 2565\n"
               "3. แบ่งกลุ่มอภิปรายและร่างข้อเสนอ",
        minutes="สมาชิกมาครบ 12 คน ผู้เชี่ยวชาญชี้ว่าท่อระบายน้ำในตลาดเทศบาลอุดตันและเล็กเกินไป "
                "ชุมชนเสนอให้มีระบบเตือนภัยผ่านมัสยิดและวัด ที่ประชุมร่างข้อเสนอสองข้อ",
    )
    first = Recommendation.objects.create(
        assembly=assembly, meeting=meeting, support_count=11,
        text="ขุดลอกและขยายท่อระบายน้ำรอบตลาดเทศบาลและถนนภูผาภักดีก่อนเดือนตุลาคมทุกปี "
             "และเผยแพร่แผนการขุดลอกให้ประชาชนตรวจสอบได้")
    Recommendation.objects.create(
        assembly=assembly, meeting=meeting, support_count=9,
        text="ตั้งระบบเตือนภัยน้ำท่วมระดับชุมชน ใช้เสียงตามสายของมัสยิด วัด และกลุ่มไลน์ชุมชน "
             "พร้อมอาสาสมัครประจำชุมชนที่อยู่ที่ต่ำ")
    answerer = users.get("officer") or official
    first.answer = Recommendation.Answer.PARTLY
    first.answer_text = ("เทศบาลจะขุดลอกท่อรอบตลาดเทศบาลในเดือนกันยายน 2570 ด้วยงบประมาณปกติ "
                         "ส่วนการขยายท่อบนถนนภูผาภักดีต้องขอรับงบอุดหนุนจากกรมโยธาธิการฯ "
                         "จะรายงานความคืบหน้าในที่ประชุมสมัชชาครั้งถัดไป")
    first.answered_by, first.answered_at = answerer, now - dt.timedelta(days=1)
    first.save()
    ctx.log(f"sortition demo: panel of {assembly.size} drawn from {len(rows)} "
            f"(min probability {run.spread.get('min', 0):.3f}) in {run.seconds:.1f} s")
