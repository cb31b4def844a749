from __future__ import annotations

from allauth.account.fields import PhoneField
from django.utils.translation import gettext_lazy as _

from ruamkan.accounts.lib.phone import to_e164


class ThaiPhoneField(PhoneField):
    """allauth's phone field, but 081-234-5678 is accepted and stored as +66812345678."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("help_text", _("For example 081 234 5678"))
        super().__init__(*args, **kwargs)
        self.widget.attrs["placeholder"] = "081 234 5678"
        self.widget.attrs["inputmode"] = "tel"

    def to_python(self, value):
        value = super().to_python(value)
        return to_e164(value) if value else value
