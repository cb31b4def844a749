from ruamkan.search.lib.text import (
    highlight,
    normalise,
    normalise_with_offsets,
    query_terms,
    tokens,
)


def test_normalise_digits_case_and_invisible_breaks():
    assert normalise("ซอย ๑๒๓ Road") == "ซอย 123 road"
    assert normalise("ตำ\u200bบล") == "ตำบล"
    # NIKHAHIT + SARA AA typed instead of SARA AM
    assert normalise("ช\u0e4d\u0e32รุด") == normalise("ชำรุด")


def test_offsets_point_back_into_the_original():
    text = "ถนนช\u0e4d\u0e32รุด ซอย ๑๒ ROAD"
    normalised, offsets = normalise_with_offsets(text)
    assert normalised == normalise(text)
    assert len(offsets) == len(normalised)
    start = normalised.index("road")
    assert text[offsets[start]:offsets[start + 3] + 1] == "ROAD"


def test_query_terms_split_on_space_and_drop_duplicates_and_quotes():
    assert query_terms('  "ไฟฟ้า"  ดับ ไฟฟ้า ') == ["ไฟฟ้า", "ดับ"]
    assert query_terms("   ") == []


def test_tokens_keep_marks_and_compounds():
    assert tokens(normalise("น้ำประปาไม่ไหล")) == ["น้ำประปา", "ไม่", "ไหล"]
    assert "ไม้" in tokens("ต้นไม้ ไม้")


def test_highlight_escapes_before_marking():
    html = highlight('<img src=x onerror="alert(1)"> น้ำประปาไม่ไหล', ["ประปา"])
    assert "<img" not in html
    assert "&lt;img" in html
    assert "<mark>ประปา</mark>" in html


def test_highlight_keeps_tone_marks_inside_the_mark():
    # Searching ไม matches inside ไม้; the mark must take the tone mark along, not leave it alone.
    assert highlight("ต้นไม้ล้ม", ["ไม"]) == "ต้น<mark>ไม้</mark>ล้ม"


def test_highlight_marks_the_original_digits_for_a_normalised_query():
    assert highlight("บ้านเลขที่ ๑๒๓", ["123"]) == "บ้านเลขที่ <mark>๑๒๓</mark>"


def test_highlight_excerpt_around_a_late_match():
    text = "ก" * 50 + " " + "ข" * 400 + " ประปา " + "ค" * 400
    html = highlight(text, ["ประปา"], width=100)
    assert "<mark>ประปา</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 200
