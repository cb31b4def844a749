from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ruamkan.accounts.models import ConsentRecord


def _terms_label() -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I have read the"),
        reverse_lazy("core:privacy"),
        _("privacy notice"),
    )


terms_label = lazy(_terms_label, str)


class _ProfileConsentMixin:
    """Display name and the privacy-notice acknowledgement, shared by both sign-up forms."""

    def _add_profile_fields(self) -> None:
        self.fields["display_name"] = forms.CharField(
            label=_("Name to show"),
            max_length=100,
            help_text=_("Shown with what you write. It can be a nickname."),
            widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        )
        self.fields["accept_terms"] = forms.BooleanField(
            label=terms_label(),
            required=True,
            error_messages={"required": _("Please read and accept the privacy notice.")},
        )
        self.fields["show_name"] = forms.BooleanField(
            label=_("Show this name with what I write"),
            help_text=_("Otherwise you appear as a number, such as \u201cParticipant 1234\u201d. "
                        "You can change this at any time."),
            required=False,
        )
        self.fields["email_digest"] = forms.BooleanField(
            label=_("Send me a daily e-mail about what I follow (you can stop at any time)"),
            required=False,
        )
        if "phone" in self.fields:
            self.fields["phone"].label = _("Mobile phone")
        order = ["display_name", "show_name", "email", "phone", "password1", "password2",
                 "accept_terms", "email_digest"]
        self.order_fields([f for f in order if f in self.fields])

    def _require_email_or_phone(self, cleaned) -> None:
        if "email" in self.fields and "phone" in self.fields:
            if not cleaned.get("email") and not cleaned.get("phone"):
                self.add_error("email", _("Please give an e-mail address or a mobile phone number."))

    def _save_profile(self, request, user) -> None:
        from ruamkan.accounts.services import consent_give

        user.display_name = self.cleaned_data["display_name"].strip()
        user.email_digest = False  # only with consent, given below
        user.save(update_fields=["display_name", "email_digest"])
        consent_give(user=user, purpose=ConsentRecord.Purpose.TERMS, channel="web")
        if self.cleaned_data.get("show_name"):
            consent_give(user=user, purpose=ConsentRecord.Purpose.PUBLIC_NAME, channel="web")
        if self.cleaned_data.get("email_digest"):
            consent_give(user=user, purpose=ConsentRecord.Purpose.EMAIL_DIGEST, channel="web")


class SignupForm(_ProfileConsentMixin, AllauthSignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._add_profile_fields()

    def clean(self):
        cleaned = super().clean()
        self._require_email_or_phone(cleaned)
        return cleaned

    def signup(self, request, user) -> None:
        self._save_profile(request, user)


class SocialSignupForm(_ProfileConsentMixin, AllauthSocialSignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._add_profile_fields()

    def signup(self, request, user) -> None:
        self._save_profile(request, user)


class CitizenIdForm(forms.Form):
    citizen_id = forms.CharField(
        label=_("National ID number (13 digits)"),
        max_length=40,
        help_text=_("We check it and keep only a masked form; the number is never stored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    subdistrict = forms.ChoiceField(label=_("Subdistrict where you live"))
    village = forms.CharField(label=_("Village (moo), optional"), max_length=100, required=False)

    def __init__(self, *args, subdistricts=(), with_id: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].choices = [("", "—")] + [(s.code, s.name) for s in subdistricts]
        if not with_id:
            del self.fields["citizen_id"]


class InPersonForm(forms.Form):
    citizen_id = forms.CharField(
        label=_("National ID number from the card"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    confirm = forms.BooleanField(
        label=_("I saw this person and their ID card myself"), required=True
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=_("Or type DELETE to confirm"),
        required=False,
        help_text=_("For accounts without a password (LINE or ThaiD sign-in)."),
    )

    CONFIRM_WORDS = ("DELETE", "ลบ")

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password") or ""
        word = (cleaned.get("confirmation") or "").strip()
        if self.user is not None and self.user.has_usable_password():
            if not self.user.check_password(password):
                raise forms.ValidationError(_("The password is not correct."))
        elif word.upper() not in self.CONFIRM_WORDS:
            raise forms.ValidationError(_("Please type DELETE to confirm."))
        return cleaned


class AddOfficerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the new officer"))
