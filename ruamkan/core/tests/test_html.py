import pytest

from ruamkan.core.html import plain_text, sanitize_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<body onload="alert(1)">',
    '<a href="jAvAsCrIpT:alert(1)">x</a>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_are_neutralised(payload):
    out = sanitize_html(payload + "<p>ถนนชำรุด</p>").lower()
    assert "<script" not in out and "javascript:" not in out and " on" not in out
    assert "ถนนชำรุด" in out


def test_links_are_kept_with_safe_rel():
    out = sanitize_html('<a href="https://www.dla.go.th">กรมส่งเสริมฯ</a>')
    assert 'href="https://www.dla.go.th"' in out and "noopener" in out


def test_plain_text_drops_all_tags():
    assert plain_text("<b>น้ำ</b>ประปา") == "น้ำประปา"
