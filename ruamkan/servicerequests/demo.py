"""Demo service requests in Narathiwat: each body's categories (a municipal road versus a PAO
road), response templates, and reports at every stage (waiting, in progress, forwarded to the PAO,
done and rated, reopened, a merged duplicate)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ruamkan.areas.models import Boundary, BoundarySet, LocalGovernment
from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import Report, ResponseTemplate, ServiceCategory

ORDER = 60

LOCAL_CATEGORIES = [
    # topic, Thai name, English name, unit, close within (working days)
    ("road", "ถนนชำรุด/เป็นหลุมบ่อ (ถนนเทศบาล/ถนนท้องถิ่น)", "Damaged local road", "กองช่าง", 15),
    ("streetlight", "ไฟฟ้าส่องสว่างสาธารณะดับ", "Street light out", "กองช่าง งานไฟฟ้า", 5),
    ("flooding", "น้ำท่วมขัง", "Flooding", "งานป้องกันและบรรเทาสาธารณภัย", 3),
    ("drainage", "ท่อระบายน้ำอุดตัน", "Blocked drain", "กองช่าง", 7),
    ("garbage", "ขยะตกค้าง/ความสะอาด", "Uncollected garbage", "กองสาธารณสุขและสิ่งแวดล้อม", 3),
    ("stray_animals", "สุนัขและแมวจรจัด", "Stray dogs and cats", "กองสาธารณสุขและสิ่งแวดล้อม", 10),
    ("trees", "ต้นไม้/กิ่งไม้หักโค่น", "Fallen trees and branches", "กองช่าง งานสวน", 5),
    ("footpath", "ทางเท้าชำรุด", "Damaged footpath", "กองช่าง", 15),
    ("safety", "ความปลอดภัยในที่สาธารณะ", "Public safety", "งานป้องกันและบรรเทาสาธารณภัย", 7),
    ("other", "เรื่องอื่น ๆ", "Other", "สำนักปลัด", 15),
]
PAO_CATEGORIES = [
    ("pao_road", "ถนนทางหลวงชนบท/ถนน อบจ.", "Rural highway / PAO road", "กองช่าง อบจ.", 20),
    ("other", "เรื่องอื่น ๆ (อบจ.)", "Other (PAO)", "สำนักปลัด อบจ.", 15),
]
TEMPLATES = [
    ("รับเรื่องแล้ว", "เทศบาลรับเรื่องแล้ว เจ้าหน้าที่จะออกตรวจสอบพื้นที่ภายใน 3 วันทำการ", "accepted"),
    ("ส่งช่างแล้ว", "ส่งเจ้าหน้าที่กองช่างเข้าดำเนินการแล้ว ขออภัยในความไม่สะดวก", "in_progress"),
    ("แก้ไขเสร็จ", "ดำเนินการแก้ไขเรียบร้อยแล้ว หากยังพบปัญหาสามารถเปิดเรื่องใหม่ได้", "done"),
    ("ไม่อยู่ในอำนาจ", "เรื่องนี้อยู่นอกอำนาจหน้าที่ของเทศบาล ได้ส่งต่อหน่วยงานที่รับผิดชอบแล้ว", ""),
]

# key, topic, description, address, days ago, steps [(status or action, hours after, text)]
REPORTS = [
    ("light-school", "streetlight",
     "ไฟถนนดับ 4 ต้นติดกัน ถนนพิชิตบำรุง ช่วงหน้าโรงเรียนนราธิวาส กลางคืนมืดมาก นักเรียนเดินกลับบ้านลำบาก",
     "ถนนพิชิตบำรุง หน้าโรงเรียนนราธิวาส", 12,
     [("accepted", 3, "เทศบาลรับเรื่องแล้ว"), ("in_progress", 20, "ส่งช่างไฟฟ้าตรวจสอบ"),
      ("done", 46, "เปลี่ยนหลอดไฟ LED ใหม่ 4 ดวงแล้ว"), ("rate", 50, "5")]),
    ("flood-clock", "flooding",
     "น้ำท่วมขังถนนพิชิตบำรุง ช่วงสี่แยกหอนาฬิกา หลังฝนตกหนัก สูงประมาณ 30 ซม. รถจักรยานยนต์ผ่านไม่ได้",
     "ถนนพิชิตบำรุง สี่แยกหอนาฬิกา", 3,
     [("accepted", 1, ""), ("in_progress", 2, "นำเครื่องสูบน้ำเข้าพื้นที่แล้ว")]),
    ("garbage-market", "garbage",
     "ขยะตกค้างหน้าตลาดสดเทศบาลมา 3 วันแล้ว ส่งกลิ่นเหม็น มีแมลงวันมาก",
     "ตลาดสดเทศบาลเมืองนราธิวาส", 5, []),
    ("garbage-market-2", "garbage",
     "ขยะล้นถังหน้าตลาดสด ไม่มีใครมาเก็บ", "หน้าตลาดสด", 4,
     [("merge:garbage-market", 5, "")]),
    ("dogs-school", "stray_animals",
     "สุนัขจรจัดประมาณ 10 ตัว ไล่กัดนักเรียนบริเวณซอยโรงเรียนบ้านบางนาคตอนเช้า",
     "ซอยโรงเรียนบ้านบางนาค", 8, [("accepted", 20, "ประสานปศุสัตว์อำเภอเพื่อจับและทำหมัน")]),
    ("road-pao", "road",
     "ถนนลาดยางทรุดเป็นหลุมลึก ถนนสายนราธิวาส–ตากใบ ช่วงกิโลเมตรที่ 5 รถยนต์ตกหลุมบ่อย",
     "ถนนสายนราธิวาส–ตากใบ กม.5", 6,
     [("forward:96", 4, "เป็นถนนทางหลวงชนบท นธ. ในความรับผิดชอบขององค์การบริหารส่วนจังหวัดนราธิวาส")]),
    ("drain-kampong", "drainage",
     "ท่อระบายน้ำอุดตัน น้ำเอ่อล้นเข้าบ้านเรือนในชุมชนกำปงตาโก๊ะทุกครั้งที่ฝนตก",
     "ชุมชนกำปงตาโก๊ะ", 20,
     [("accepted", 10, ""), ("done", 72, "ลอกท่อระบายน้ำแล้ว 120 เมตร"),
      ("reopen", 100, "ฝนตกเมื่อวาน น้ำยังเอ่อล้นเหมือนเดิม ท่อช่วงปลายยังตัน")]),
]

# Three months of everyday reports, so the dashboards show real medians and shares: (topic,
# what people write, where). Times and outcomes vary by a seeded random draw.
HISTORY = [
    ("streetlight", "ไฟกิ่งดับ 2 ต้น หน้ามัสยิดกลาง ทางเดินมืด", "หน้ามัสยิดกลางนราธิวาส"),
    ("streetlight", "ไฟถนนกะพริบทั้งคืน ซอยภูผาภักดี", "ซอยภูผาภักดี"),
    ("streetlight", "เสาไฟเอียงจะล้ม หลังพายุเมื่อคืน ถนนสุริยะประดิษฐ์", "ถนนสุริยะประดิษฐ์"),
    ("road", "ฝาท่อหาย ถนนปุโรง อันตรายกับรถจักรยานยนต์", "ถนนปุโรง"),
    ("road", "ถนนคอนกรีตแตกเป็นร่อง ซอยประชาภิรมย์ 3", "ซอยประชาภิรมย์ 3"),
    ("road", "หลุมบ่อหน้าโรงพยาบาลนราธิวาสราชนครินทร์ รถพยาบาลเข้าออกลำบาก", "หน้าโรงพยาบาล"),
    ("garbage", "ถังขยะชุมชนบางนาคเต็ม ไม่มีรถมาเก็บ 2 รอบแล้ว", "ชุมชนบางนาค"),
    ("garbage", "มีคนทิ้งขยะก่อสร้างริมถนนเลียบชายหาดนราทัศน์", "ถนนเลียบชายหาดนราทัศน์"),
    ("garbage", "ขยะเกลื่อนชายหาดหลังเทศกาล ควรเก็บก่อนลงทะเล", "ชายหาดนราทัศน์"),
    ("drainage", "รางระบายน้ำมีกลิ่นเหม็น น้ำดำขัง ซอยโรงเรียนอนุบาล", "ซอยโรงเรียนอนุบาลนราธิวาส"),
    ("drainage", "ตะแกรงรางน้ำหัก รถยนต์ตกร่อง ตลาดโต้รุ่ง", "ตลาดโต้รุ่ง"),
    ("flooding", "น้ำท่วมขังหน้าชุมชนกำปงบารู ฝนตกครึ่งชั่วโมงก็ท่วม", "ชุมชนกำปงบารู"),
    ("stray_animals", "สุนัขจรจัดนอนขวางทางเข้าตลาดเช้า เห่าไล่คนซื้อของ", "ตลาดเช้า"),
    ("trees", "กิ่งไม้ใหญ่หักพาดสายไฟ ถนนภูพาพิทักษ์", "ถนนภูพาพิทักษ์"),
    ("footpath", "ทางเท้าหน้าสวนสาธารณะพังเป็นหลุม ผู้สูงอายุสะดุดล้ม", "สวนสาธารณะเทศบาล"),
    ("water_supply", "น้ำประปาไหลอ่อนมาก 3 วันแล้ว ชุมชนโคกเขือ", "ชุมชนโคกเขือ"),
    ("other", "เสียงดังจากร้านคาราโอเกะหลังเที่ยงคืน ทุกคืนวันศุกร์", "ถนนประชาภิรมย์"),
    ("safety", "กล้องวงจรปิดหน้าโรงเรียนเสีย ผู้ปกครองเป็นห่วง", "หน้าโรงเรียนบ้านบางนาค"),
]
HISTORY_ROUNDS = 2  # each line twice, on different days


def _point_in(codes: list[str], offset: float = 0.0,
              dy: float | None = None) -> tuple[float, float] | None:
    import shapely

    bset = BoundarySet.objects.filter(level="subdistrict", is_current=True).first()
    if bset is None:
        return None
    boundary = Boundary.objects.filter(boundary_set=bset, code__in=codes).order_by("code").first()
    if boundary is None:
        return None
    geometry = shapely.from_wkb(bytes(boundary.geometry_wkb))
    point = geometry.representative_point()
    nudged = shapely.Point(point.x + offset, point.y + (offset if dy is None else dy))
    if geometry.contains(nudged):
        point = nudged
    return round(point.y, 6), round(point.x, 6)


def _categories(body: LocalGovernment, rows) -> None:
    for position, (topic, name_th, name_en, unit, close_days) in enumerate(rows):
        ServiceCategory.objects.get_or_create(
            code=f"{body.code}-{topic}".replace("_", "-"),
            defaults={"local_government": body, "topic": topic, "name_th": name_th,
                      "name_en": name_en, "contact_unit": unit, "close_days": close_days,
                      "position": position, "contact_phone": body.phone,
                      "contact_email": body.email},
        )


def load(ctx) -> None:
    from ruamkan.accounts.models import User

    town = ctx.objects.get("lg_narathiwat_town") or LocalGovernment.objects.filter(
        province_id="96").exclude(kind="pao").order_by("code").first()
    if town is None:
        ctx.log("servicerequests demo: no Narathiwat local governments, skipped")
        return
    for body in LocalGovernment.objects.filter(province_id="96"):
        _categories(body, PAO_CATEGORIES if body.kind == LocalGovernment.Kind.PAO
                    else LOCAL_CATEGORIES)
    for title, text, status in TEMPLATES:
        ResponseTemplate.objects.get_or_create(local_government=town, title=title,
                                               defaults={"text": text, "status": status})
    covered = list(town.coverage.values_list("subdistrict_id", flat=True))
    officer = User.objects.filter(email="officer@demo.ruamkan.th").first()
    citizen = User.objects.filter(email="citizen@demo.ruamkan.th").first()
    if not covered or officer is None:
        ctx.log("servicerequests demo: categories only (no boundaries or demo officer)")
        return
    made = 0
    keys: dict[str, Report] = {}
    now = timezone.now()
    for n, (key, topic, text, address, days_ago, steps) in enumerate(REPORTS):
        existing = Report.objects.filter(description=text).first()
        if existing is not None:
            keys[key] = existing
            continue
        point = _point_in(covered, offset=0.001 * n)
        start = now - dt.timedelta(days=days_ago)
        if point is None:
            continue
        report = services.report_create(
            topic=topic, description=text, lat=point[0], lon=point[1], address=address,
            reporter=citizen if n % 2 == 0 else None, hide_name=n % 3 == 0,
            contact_name="" if n % 2 == 0 else "ผู้แจ้งทางเว็บ", attributes={"demo": key},
            now=start,
        )
        keys[key] = report
        made += 1
        for action, hours, note in steps:
            when = start + dt.timedelta(hours=hours)
            if action.startswith("merge:"):
                services.report_merge(by=officer, report=report, into=keys[action[6:]], now=when)
            elif action.startswith("forward:"):
                target = LocalGovernment.objects.filter(code=action[8:]).first()
                if target is not None and target.pk != report.local_government_id:
                    report = services.report_forward(by=officer, report=report, to=target,
                                                     reason=note, now=when)
            elif action == "rate" and citizen is not None and report.reporter_id == citizen.pk:
                services.report_rate(by=citizen, report=report, rating=int(note))
            elif action == "reopen" and citizen is not None and report.reporter_id == citizen.pk:
                report = services.report_reopen(by=citizen, report=report, reason=note, now=when)
            elif action not in ("rate", "reopen") and report.local_government_id:
                report = services.report_update_status(by=officer, report=report, status=action,
                                                       text=note, now=when)
    made += _history(covered, officer, citizen, now)
    ctx.log(f"servicerequests: {made} demo reports, categories for "
            f"{ServiceCategory.objects.values('local_government').distinct().count()} bodies")



def _history(covered: list[int], officer, citizen, now: dt.datetime) -> int:
    """Closed and open reports over the last 90 days, for the dashboards."""
    import random

    draw = random.Random(2569)  # noqa: S311 - demo data, not security
    made = 0
    for n in range(len(HISTORY) * HISTORY_ROUNDS):
        topic, text, address = HISTORY[n % len(HISTORY)]
        key = f"history-{n}"
        days_ago = draw.uniform(1, 90)
        accept_hours = draw.choice([1, 2, 3, 5, 8, 20, 26, 50, 90])
        close_hours = accept_hours + draw.choice([4, 10, 24, 48, 72, 120, 200, 400])
        outcome = draw.choices(["done", "not_relevant", "in_progress", "accepted"],
                               weights=[70, 8, 12, 10])[0]
        if Report.objects.filter(attributes__demo=key).exists():
            continue
        point = _point_in(covered, offset=draw.uniform(-0.006, 0.006),
                          dy=draw.uniform(-0.006, 0.006))
        if point is None:
            return made
        start = now - dt.timedelta(days=days_ago)
        report = services.report_create(
            topic=topic, description=text, lat=point[0], lon=point[1], address=address,
            reporter=citizen if n % 5 == 0 else None, hide_name=n % 4 == 0,
            attributes={"demo": key}, now=start)
        made += 1
        if report.local_government_id is None:
            continue  # stays in the shared triage queue
        steps = [("accepted", accept_hours)]
        if outcome in ("done", "not_relevant", "in_progress"):
            steps.append(("in_progress", (accept_hours + close_hours) / 2))
        if outcome in ("done", "not_relevant"):
            steps.append((outcome, close_hours))
        for status, hours in steps:
            when = start + dt.timedelta(hours=hours)
            if when >= now:
                break
            report = services.report_update_status(by=officer, report=report, status=status,
                                                   now=when)
        if (report.status == "done" and citizen is not None
                and report.reporter_id == citizen.pk):
            services.report_rate(by=citizen, report=report, rating=draw.choice([3, 4, 4, 5, 5]))
    return made
