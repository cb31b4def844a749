"""Template filters for Thai dates: {{ value|thaidate }}, {{ value|thaidatetime }}, {{ n|thaidigits }}.

Loaded as a builtin, so templates need no {% load %}.
"""

import datetime as dt

from django import template
from django.utils import timezone, translation

from ruamkan.core.lib import thaidate

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def thaidate_filter(value, arg: str = ""):
    if not value:
        return ""
    value = _local(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return thaidate.format_date(value, lang=translation.get_language() or "th", short=arg == "short")


@register.filter
def thaidatetime(value, arg: str = ""):
    if not value:
        return ""
    return thaidate.format_datetime(
        _local(value), lang=translation.get_language() or "th", short=arg == "short"
    )


@register.filter
def thaidigits(value):
    return thaidate.to_thai_digits(str(value))


register.filter("thaidate", thaidate_filter)


@register.filter
def get_item(mapping, key):
    """{{ labels|get_item:option_id }}: a dictionary value in templates."""
    try:
        return mapping.get(key, mapping.get(str(key), ""))
    except AttributeError:
        return ""
