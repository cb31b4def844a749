"""allauth adapters: sign-up and login by e-mail or phone on our user model, verification
levels when a contact is confirmed, and ThaiD's `pid` claim turned into a keyed hash before
anything is stored."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ruamkan.accounts.lib import citizen_id as cid
from ruamkan.accounts.lib.phone import to_e164

logger = logging.getLogger(__name__)

# Claims in which an OpenID provider may send the Thai citizen ID (ThaiD uses "pid").
CITIZEN_ID_CLAIMS = ("pid",)


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs: Any) -> Any:
        from ruamkan.accounts.fields import ThaiPhoneField

        return ThaiPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return to_e164(phone)

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = to_e164(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])
        if verified:
            from ruamkan.accounts.services import user_contact_verified

            user_contact_verified(user=user)

    def get_phone(self, user):
        if user.phone:
            return user.phone, user.phone_verified
        return None

    def set_phone_verified(self, user, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        from ruamkan.accounts.models import User

        return User.objects.filter(phone=to_e164(phone), is_erased=False).order_by("pk").first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        from ruamkan.accounts.sms import send_sms

        send_sms(phone, _("Ruamkan code: %(code)s") % {"code": code})

    def confirm_email(self, request, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            from ruamkan.accounts.services import user_contact_verified

            user_contact_verified(user=email_address.user)
        return confirmed


def _strip_citizen_id(extra_data: Any) -> str | None:
    """Removes citizen-ID claims from the provider's data in place (recursively through the
    "userinfo" / "id_token" parts) and returns the first one found."""
    found: str | None = None
    if isinstance(extra_data, dict):
        for claim in CITIZEN_ID_CLAIMS:
            if claim in extra_data:
                value = extra_data.pop(claim)
                found = found or (str(value) if value is not None else None)
        for value in extra_data.values():
            inner = _strip_citizen_id(value)
            found = found or inner
    return found


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = (data.get("name") or "").strip()
        if name and not user.display_name:
            user.display_name = name[:100]
        pid = _strip_citizen_id(sociallogin.account.extra_data)
        if pid is not None:
            # Only the keyed hash and the masked form go further (session, database).
            try:
                digits = cid.validate(pid)
            except cid.InvalidCitizenId:
                logger.warning("provider %s sent an invalid citizen ID", sociallogin.account.provider)
            else:
                sociallogin.account.extra_data["pid_hmac"] = cid.keyed_hash(
                    digits, settings.CITIZEN_ID_HMAC_KEY
                )
                sociallogin.account.extra_data["pid_masked"] = cid.mask(digits)
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["display_name"] = getattr(sociallogin.user, "display_name", "") or ""
        return initial

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        self._attach_identity(request, sociallogin)
        return user

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            self._attach_identity(request, sociallogin)

    def _attach_identity(self, request, sociallogin) -> None:
        from ruamkan.accounts.models import CitizenIdentity
        from ruamkan.accounts.services import identity_record

        extra = sociallogin.account.extra_data or {}
        id_hmac, masked = extra.get("pid_hmac"), extra.get("pid_masked")
        user = sociallogin.user
        if not id_hmac or user is None or user.pk is None:
            return
        if CitizenIdentity.objects.filter(user=user, id_hmac=id_hmac).exists():
            return  # already recorded at an earlier sign-in
        try:
            identity_record(
                user=user, id_hmac=id_hmac, masked=masked,
                source=CitizenIdentity.Source.THAID,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
