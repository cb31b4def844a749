"""Open311 XML: the tree the Spark convention maps to JSON, written with the standard library."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - writing only

# Which child element name a list under a given parent takes.
LIST_CHILD = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, list):
                holder = SubElement(parent, key)
                name = LIST_CHILD.get(key, key.rstrip("s"))
                for item in child:
                    _fill(SubElement(holder, name), item)
            else:
                _fill(SubElement(parent, key), child)
    else:
        parent.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    """`value` is a list (items become <child> elements) or a dict (fields)."""
    element = Element(root)
    if isinstance(value, list):
        name = LIST_CHILD.get(root, root.rstrip("s"))
        for item in value:
            _fill(SubElement(element, name), item)
    else:
        _fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="utf-8",
                                                                   xml_declaration=False)
