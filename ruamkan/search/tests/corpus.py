"""A deterministic synthetic corpus of Thai civic texts (reports, proposals, notices) for the
search tests and bench/bench_search.py. pythainlp ships word and place lists but no running text,
so texts are built from templates filled with those lists: civic phrases that hold the compounds
people search for (น้ำประปา, เทศบาลตำบล, องค์การบริหารส่วนตำบล), random dictionary words written
without spaces as Thai is, Thai and Arabic digits, and a little English.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

PROBLEMS = [
    "น้ำประปาไม่ไหล", "น้ำประปาขุ่น", "ท่อประปาแตก", "การประปาส่วนภูมิภาคตัดน้ำ",
    "ถนนชำรุด", "ถนนชำรุดหน้า", "สะพานไม้ผุพัง", "ต้นไม้ล้มขวางถนน", "กิ่งไม้ทับสายไฟ",
    "ไฟฟ้าดับ", "ไฟส่องสว่างเสีย", "ไฟไหม้หญ้าริมทาง", "เสาไฟฟ้าเอียง",
    "ขยะไม่ได้เก็บ", "ท่อระบายน้ำอุดตัน", "น้ำท่วมขัง", "ยุงลายระบาด",
    "ร้านขายยาเปิดดึก", "ปัญหายาเสพติด", "ขอยากำจัดลูกน้ำ", "สุนัขจรจัด",
    "ไม่มีป้ายจราจร", "ไม่มีรถรับส่งนักเรียน", "เสียงดังจากโรงงาน", "ควันจากการเผาขยะ",
]
ASKS = [
    "ขอให้ช่วยแก้ไขโดยด่วน", "ขอให้ซ่อมแซม", "ขอบคุณเจ้าหน้าที่ที่มาดูแล", "ขอให้ตรวจสอบ",
    "ขอเสนอให้จัดงบประมาณ", "ชาวบ้านเดือดร้อนมาก", "เกิดขึ้นซ้ำหลายครั้ง", "แจ้งไปแล้วยังไม่มีคนมา",
]
KINDS = ["เทศบาลเมือง", "เทศบาลตำบล", "องค์การบริหารส่วนตำบล", "เทศบาลนคร", "อบต.", "ตำบล"]
LATIN = ["Road", "LINE", "Wi-Fi", "GPS", "CCTV", "Soi", "OTOP", "Facebook", "ThaiD", "PM2.5"]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_WORD = re.compile(r"^[\u0e01-\u0e4e]{2,12}$")


@lru_cache(maxsize=1)
def _lists() -> tuple[list[str], list[str], list[str]]:
    from pythainlp.corpus import provinces, thai_words
    from pythainlp.corpus.common import thai_family_names

    words = sorted(w for w in thai_words() if _WORD.match(w))
    places = sorted(provinces())
    names = sorted(n for n in thai_family_names() if _WORD.match(n))
    return words, places, names


def _number(rng: random.Random, low: int, high: int) -> str:
    value = str(rng.randint(low, high))
    # A third of numbers in Thai digits, as many official and handwritten texts use them.
    return value.translate(THAI_DIGITS) if rng.random() < 0.33 else value


def generate(count: int, *, seed: int = 2569) -> list[tuple[str, str]]:
    """(title, body) pairs; the same count and seed always give the same texts."""
    words, places, names = _lists()
    rng = random.Random(seed)
    texts: list[tuple[str, str]] = []
    for _ in range(count):
        problem = rng.choice(PROBLEMS)
        place = rng.choice(places)
        name = rng.choice(names)
        kind = rng.choice(KINDS)
        filler = "".join(rng.choices(words, k=rng.randint(2, 6)))
        parts = [
            f"{problem}ที่หมู่ {_number(rng, 1, 15)} {kind}{name}",
            f"อำเภอเมือง จังหวัด{place}",
            filler,
            rng.choice(ASKS),
        ]
        if rng.random() < 0.3:
            parts.append(f"ซอย {_number(rng, 1, 120)} {rng.choice(LATIN)}")
        if rng.random() < 0.2:
            parts.append(f"โทร 0{_number(rng, 800000000, 999999999)}")
        if rng.random() < 0.3:
            parts.append("".join(rng.choices(words, k=rng.randint(1, 4))))
        rng.shuffle(parts[1:])
        title = f"{problem} {kind}{name}" if rng.random() < 0.5 else problem
        texts.append((title, " ".join(parts)))
    return texts
