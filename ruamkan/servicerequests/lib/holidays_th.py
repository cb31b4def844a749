"""Thai public holidays for government offices, B.E. 2568–2570 (2025–2027), with the substitute
days the cabinet announces when a holiday falls on a weekend. Lunar holidays (Makha, Visakha,
Asanha Bucha, Khao Phansa) follow the Thai lunar calendar; those for 2570 are provisional until the
cabinet announces them, so operators confirm them in the admin each year."""

from __future__ import annotations

import datetime as dt

D = dt.date

HOLIDAYS: list[tuple[dt.date, str, str]] = [
    # 2568 / 2025
    (D(2025, 1, 1), "วันขึ้นปีใหม่", "New Year's Day"),
    (D(2025, 2, 12), "วันมาฆบูชา", "Makha Bucha Day"),
    (D(2025, 4, 7), "ชดเชยวันจักรี", "Chakri Day (substitute)"),
    (D(2025, 4, 14), "วันสงกรานต์", "Songkran"),
    (D(2025, 4, 15), "วันสงกรานต์", "Songkran"),
    (D(2025, 4, 16), "ชดเชยวันสงกรานต์", "Songkran (substitute)"),
    (D(2025, 5, 1), "วันแรงงานแห่งชาติ", "National Labour Day"),
    (D(2025, 5, 5), "ชดเชยวันฉัตรมงคล", "Coronation Day (substitute)"),
    (D(2025, 5, 9), "วันพืชมงคล", "Royal Ploughing Ceremony"),
    (D(2025, 5, 12), "ชดเชยวันวิสาขบูชา", "Visakha Bucha Day (substitute)"),
    (D(2025, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี", "Queen Suthida's Birthday"),
    (D(2025, 7, 10), "วันอาสาฬหบูชา", "Asanha Bucha Day"),
    (D(2025, 7, 11), "วันเข้าพรรษา", "Buddhist Lent Day"),
    (D(2025, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday"),
    (D(2025, 8, 12), "วันแม่แห่งชาติ", "Mother's Day"),
    (D(2025, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    (D(2025, 10, 23), "วันปิยมหาราช", "Chulalongkorn Day"),
    (D(2025, 12, 5), "วันพ่อแห่งชาติ", "Father's Day"),
    (D(2025, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day"),
    (D(2025, 12, 31), "วันสิ้นปี", "New Year's Eve"),
    # 2569 / 2026
    (D(2026, 1, 1), "วันขึ้นปีใหม่", "New Year's Day"),
    (D(2026, 3, 3), "วันมาฆบูชา", "Makha Bucha Day"),
    (D(2026, 4, 6), "วันจักรี", "Chakri Day"),
    (D(2026, 4, 13), "วันสงกรานต์", "Songkran"),
    (D(2026, 4, 14), "วันสงกรานต์", "Songkran"),
    (D(2026, 4, 15), "วันสงกรานต์", "Songkran"),
    (D(2026, 5, 1), "วันแรงงานแห่งชาติ", "National Labour Day"),
    (D(2026, 5, 4), "วันฉัตรมงคล", "Coronation Day"),
    (D(2026, 6, 1), "ชดเชยวันวิสาขบูชา", "Visakha Bucha Day (substitute)"),
    (D(2026, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี", "Queen Suthida's Birthday"),
    (D(2026, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday"),
    (D(2026, 7, 29), "วันอาสาฬหบูชา", "Asanha Bucha Day"),
    (D(2026, 7, 30), "วันเข้าพรรษา", "Buddhist Lent Day"),
    (D(2026, 8, 12), "วันแม่แห่งชาติ", "Mother's Day"),
    (D(2026, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    (D(2026, 10, 23), "วันปิยมหาราช", "Chulalongkorn Day"),
    (D(2026, 12, 7), "ชดเชยวันพ่อแห่งชาติ", "Father's Day (substitute)"),
    (D(2026, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day"),
    (D(2026, 12, 31), "วันสิ้นปี", "New Year's Eve"),
    # 2570 / 2027 (lunar days provisional)
    (D(2027, 1, 1), "วันขึ้นปีใหม่", "New Year's Day"),
    (D(2027, 2, 22), "ชดเชยวันมาฆบูชา", "Makha Bucha Day (substitute)"),
    (D(2027, 4, 6), "วันจักรี", "Chakri Day"),
    (D(2027, 4, 13), "วันสงกรานต์", "Songkran"),
    (D(2027, 4, 14), "วันสงกรานต์", "Songkran"),
    (D(2027, 4, 15), "วันสงกรานต์", "Songkran"),
    (D(2027, 5, 3), "ชดเชยวันแรงงานแห่งชาติ", "National Labour Day (substitute)"),
    (D(2027, 5, 4), "วันฉัตรมงคล", "Coronation Day"),
    (D(2027, 5, 20), "วันวิสาขบูชา", "Visakha Bucha Day"),
    (D(2027, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี", "Queen Suthida's Birthday"),
    (D(2027, 7, 19), "วันเข้าพรรษา", "Buddhist Lent Day"),
    (D(2027, 7, 20), "ชดเชยวันอาสาฬหบูชา", "Asanha Bucha Day (substitute)"),
    (D(2027, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday"),
    (D(2027, 8, 12), "วันแม่แห่งชาติ", "Mother's Day"),
    (D(2027, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    (D(2027, 10, 25), "ชดเชยวันปิยมหาราช", "Chulalongkorn Day (substitute)"),
    (D(2027, 12, 6), "ชดเชยวันพ่อแห่งชาติ", "Father's Day (substitute)"),
    (D(2027, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day"),
    (D(2027, 12, 31), "วันสิ้นปี", "New Year's Eve"),
]
