"""Writes for people, identities, roles and consents. Each checks permission and audits."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ruamkan.accounts import roles
from ruamkan.accounts.lib import citizen_id as cid
from ruamkan.accounts.models import (
    CitizenIdentity,
    ConsentRecord,
    DuplicateIdentityAttempt,
    Role,
    RoleAssignment,
    User,
    VerificationLevel,
)
from ruamkan.accounts.pdpa import NOTICE_VERSION
from ruamkan.accounts.pdpa import registry as pdpa_registry
from ruamkan.accounts.rules import RoleGrant, may_grant
from ruamkan.core.audit import audit_record

logger = logging.getLogger(__name__)


# Verification levels -----------------------------------------------------------------------


def _raise_level(user: User, level: int) -> None:
    if user.verification_level < level:
        user.verification_level = level
        user.save(update_fields=["verification_level"])


@transaction.atomic
def user_contact_verified(*, user: User) -> User:
    """An e-mail address was confirmed or a phone number verified by code: level 1."""
    _raise_level(user, VerificationLevel.CONTACT)
    return user


def _invalid_id_message(code: str) -> str:
    messages = {
        "empty": _("Please enter your 13-digit national ID number."),
        "not_digits": _("A national ID number has digits only."),
        "length": _("A national ID number has exactly 13 digits."),
        "check_digit": _(
            "This is not a valid national ID number (the last digit does not match). "
            "Please check it against your ID card."
        ),
    }
    return messages.get(code, messages["check_digit"])


def citizen_id_hash(citizen_id: str) -> tuple[str, str]:
    """(HMAC, masked) of a valid ID, or ValidationError with a Thai-translated message."""
    try:
        digits = cid.validate(citizen_id)
    except cid.InvalidCitizenId as exc:
        raise ValidationError({"citizen_id": _invalid_id_message(exc.code)}, code=exc.code) from None
    return cid.keyed_hash(digits, settings.CITIZEN_ID_HMAC_KEY), cid.mask(digits)


DUPLICATE_MESSAGE = gettext_noop(
    "This ID number already verifies another account: one person can verify only one account. "
    "The attempt has been recorded for officials. If this is your ID number, please contact "
    "your local government office."
)


def _record_duplicate(
    *, user: User, id_hmac: str, masked: str, source: str, home_subdistrict: Any
) -> None:
    existing = CitizenIdentity.objects.filter(id_hmac=id_hmac).select_related("user").first()
    if DuplicateIdentityAttempt.objects.filter(user=user, id_hmac=id_hmac, reviewed=False).exists():
        return  # the same person retrying (or signing in again): one open case is enough
    attempt = DuplicateIdentityAttempt.objects.create(
        user=user,
        existing_user=existing.user if existing else None,
        id_hmac=id_hmac,
        masked=masked,
        source=source,
        home_subdistrict=home_subdistrict,
    )
    audit_record(
        actor=user, action="accounts.duplicate_identity_attempt", obj=attempt, masked=masked,
        existing_user=existing.user_id if existing else None,
    )


def identity_record(
    *,
    user: User,
    id_hmac: str,
    masked: str,
    source: str = CitizenIdentity.Source.TYPED,
    home_subdistrict: Any = None,
    village: str = "",
) -> CitizenIdentity:
    """Attaches an already-hashed citizen ID to this account (the core of resident verification;
    ThaiD logins come here with the hash of their `pid` claim). One ID verifies one account: a
    second account is refused and the attempt recorded for officials. Level 2 needs a home
    subdistrict; without one the ID is kept and the person only picks their home later."""
    current = CitizenIdentity.objects.filter(user=user).first()
    if current is not None and current.id_hmac != id_hmac:
        raise ValidationError(
            {"citizen_id": _(
                "Your account is already verified with a different ID number. "
                "Please contact your local government office to correct it."
            )},
            code="different_id",
        )
    taken = CitizenIdentity.objects.filter(id_hmac=id_hmac).exclude(user=user).exists()
    if not taken:
        try:
            with transaction.atomic():
                identity = current or CitizenIdentity(user=user, id_hmac=id_hmac)
                identity.masked = masked
                if current is None or source == CitizenIdentity.Source.THAID:
                    identity.source = source
                identity.save()
                update = []
                if home_subdistrict is not None:
                    user.home_subdistrict = home_subdistrict
                    user.village = village[:100]
                    update += ["home_subdistrict", "village"]
                if user.home_subdistrict_id and user.verification_level < VerificationLevel.RESIDENT:
                    user.verification_level = VerificationLevel.RESIDENT
                    update.append("verification_level")
                if update:
                    user.save(update_fields=update)
                audit_record(
                    actor=user, action="accounts.identity_verified", obj=user, masked=masked,
                    source=source, subdistrict=user.home_subdistrict_id,
                )
                return identity
        except IntegrityError:
            taken = True  # another account took the same ID at the same moment
    # Recorded in its own transaction: the refusal must not roll the record back.
    with transaction.atomic():
        _record_duplicate(
            user=user, id_hmac=id_hmac, masked=masked, source=source,
            home_subdistrict=home_subdistrict,
        )
    raise ValidationError({"citizen_id": _(DUPLICATE_MESSAGE)}, code="duplicate")


def identity_verify_resident(
    *, user: User, citizen_id: str, home_subdistrict: Any, village: str = ""
) -> CitizenIdentity:
    """Level 2: a valid national ID (kept only as HMAC + masked) and a home subdistrict."""
    if home_subdistrict is None and not user.home_subdistrict_id:
        raise ValidationError(
            {"home_subdistrict": _("Please choose the subdistrict where you live.")},
            code="no_home",
        )
    id_hmac, masked = citizen_id_hash(citizen_id)
    return identity_record(
        user=user, id_hmac=id_hmac, masked=masked, source=CitizenIdentity.Source.TYPED,
        home_subdistrict=home_subdistrict, village=village,
    )


@transaction.atomic
def identity_set_home(*, user: User, home_subdistrict: Any, village: str = "") -> User:
    """Moves home. A person whose ID is already checked (ThaiD) becomes resident verified."""
    if home_subdistrict is None:
        raise ValidationError(
            {"home_subdistrict": _("Please choose the subdistrict where you live.")}
        )
    user.home_subdistrict = home_subdistrict
    user.village = village[:100]
    fields = ["home_subdistrict", "village"]
    has_identity = CitizenIdentity.objects.filter(user=user).exists()
    if has_identity and user.verification_level < VerificationLevel.RESIDENT:
        user.verification_level = VerificationLevel.RESIDENT
        fields.append("verification_level")
    elif user.verification_level == VerificationLevel.IN_PERSON:
        # The official vouched for the old home; a move goes back to resident level.
        user.verification_level = VerificationLevel.RESIDENT
        fields.append("verification_level")
    user.save(update_fields=fields)
    audit_record(actor=user, action="accounts.home_set", obj=user, subdistrict=home_subdistrict.pk)
    return user


@transaction.atomic
def identity_verify_in_person(
    *, official: Any, user: User, citizen_id: str | None = None
) -> CitizenIdentity:
    """Level 3: an official of an LG covering the person's home subdistrict (or its provincial
    coordinator, or a national admin) saw the person and their ID card. When the official types
    the number from the card it must match the one the person verified with."""
    if not official.has_perm("accounts.verify_in_person", user):
        raise PermissionDenied(_("You cannot verify people who live outside your area."))
    identity = CitizenIdentity.objects.select_for_update().filter(user=user).first()
    if identity is None or not user.home_subdistrict_id:
        raise ValidationError(
            _("This person has not verified as a resident yet (ID number and home subdistrict)."),
            code="not_resident",
        )
    if citizen_id is not None:
        id_hmac, _masked = citizen_id_hash(citizen_id)
        if id_hmac != identity.id_hmac:
            raise ValidationError(
                {"citizen_id": _("The number on the card does not match the one this person "
                                 "verified with.")},
                code="mismatch",
            )
    identity.verified_by = official
    identity.verified_at = timezone.now()
    identity.save(update_fields=["verified_by", "verified_at"])
    _raise_level(user, VerificationLevel.IN_PERSON)
    audit_record(
        actor=official, action="accounts.verified_in_person", obj=user, masked=identity.masked,
        subdistrict=user.home_subdistrict_id,
    )
    return identity


@transaction.atomic
def duplicate_attempt_review(*, official: Any, attempt: DuplicateIdentityAttempt) -> None:
    if not official.has_perm("accounts.view_duplicate_ids"):
        raise PermissionDenied(_("You cannot review duplicate ID attempts."))
    attempt.reviewed = True
    attempt.reviewed_by = official
    attempt.save(update_fields=["reviewed", "reviewed_by"])
    audit_record(actor=official, action="accounts.duplicate_reviewed", obj=attempt)


# Roles -------------------------------------------------------------------------------------


def _scope_check(role: str, province: Any, local_government: Any, organisation: Any) -> None:
    wanted = {
        Role.NATIONAL_ADMIN: (False, False, False),
        Role.PROVINCIAL_COORDINATOR: (True, False, False),
        Role.LG_ADMIN: (False, True, False),
        Role.LG_OFFICER: (False, True, False),
        Role.CSO_MEMBER: (False, False, True),
    }
    if role not in wanted:
        raise ValidationError({"role": _("Unknown role.")})
    have = (province is not None, local_government is not None, organisation is not None)
    if have != wanted[Role(role)]:
        raise ValidationError(_("This role needs a different scope."), code="scope")


@transaction.atomic
def role_grant(
    *,
    granted_by: Any,
    user: User,
    role: str,
    province: Any = None,
    local_government: Any = None,
    organisation: Any = None,
) -> RoleAssignment:
    _scope_check(role, province, local_government, organisation)
    grant = RoleGrant(role=role, province=province, local_government=local_government,
                      organisation=organisation)
    if not may_grant(granted_by, grant):
        raise PermissionDenied(_("You cannot give this role."))
    if user.is_erased or not user.is_active:
        raise ValidationError(_("This account is closed."), code="inactive")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, province=province, local_government=local_government,
        organisation=organisation, defaults={"granted_by": granted_by},
    )
    if created:
        audit_record(
            actor=granted_by, action="accounts.role_granted", obj=assignment,
            local_government=local_government, user=user.pk, role=role,
            province=getattr(province, "pk", None), organisation=getattr(organisation, "pk", None),
        )
    roles.forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, revoked_by: Any, assignment: RoleAssignment) -> None:
    grant = RoleGrant(
        role=assignment.role, province=assignment.province,
        local_government=assignment.local_government, organisation=assignment.organisation,
    )
    if not may_grant(revoked_by, grant):
        raise PermissionDenied(_("You cannot remove this role."))
    if (
        assignment.role == Role.NATIONAL_ADMIN
        and not RoleAssignment.objects.filter(role=Role.NATIONAL_ADMIN)
        .exclude(pk=assignment.pk).exists()
        and not User.objects.filter(is_superuser=True, is_active=True).exists()
    ):
        raise ValidationError(_("The last national administrator cannot be removed."))
    audit_record(
        actor=revoked_by, action="accounts.role_revoked", obj=assignment,
        local_government=assignment.local_government, user=assignment.user_id,
        role=assignment.role,
    )
    user = assignment.user
    assignment.delete()
    roles.forget_roles(user)


# Consents (PDPA s.19: as easy to withdraw as to give; append-only) --------------------------

OPTIONAL_PURPOSES = (
    ConsentRecord.Purpose.PUBLIC_NAME,
    ConsentRecord.Purpose.EMAIL_DIGEST,
    ConsentRecord.Purpose.LINE_MESSAGES,
)


def consent_active(*, user: User, purpose: str) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
        .order_by("-given_at", "-pk")
        .first()
    )


def _apply_consent_side_effects(user: User, purpose: str, given: bool) -> None:
    if purpose == ConsentRecord.Purpose.EMAIL_DIGEST and user.email_digest != given:
        user.email_digest = given
        user.save(update_fields=["email_digest"])
    if purpose == ConsentRecord.Purpose.PUBLIC_NAME and user.name_is_public != given:
        user.name_is_public = given
        user.save(update_fields=["name_is_public"])


@transaction.atomic
def consent_give(*, user: User, purpose: str, channel: str = "web") -> ConsentRecord:
    if purpose not in ConsentRecord.Purpose.values:
        raise ValidationError(_("Unknown purpose."))
    current = consent_active(user=user, purpose=purpose)
    if current is not None and current.notice_version == NOTICE_VERSION:
        return current
    if current is not None:
        # Consent to an older notice is closed and given anew for the current one.
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
    record = ConsentRecord.objects.create(
        user=user, purpose=purpose, notice_version=NOTICE_VERSION, channel=channel[:20]
    )
    _apply_consent_side_effects(user, purpose, True)
    return record


@transaction.atomic
def consent_withdraw(*, user: User, purpose: str) -> int:
    if purpose not in OPTIONAL_PURPOSES:
        raise ValidationError(
            _("Taking part is based on the public task of your local government, not on "
              "consent; to stop, delete your account.")
        )
    count = ConsentRecord.objects.filter(
        user=user, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    _apply_consent_side_effects(user, purpose, False)
    return count


# Erasure (PDPA s.33) -------------------------------------------------------------------------


@transaction.atomic
def user_erase(*, user: User, actor: Any = None) -> User:
    """Anonymises the account and keeps its contributions, so counts and decisions stay right.

    - Contact details, name, home and language are cleared; the account cannot sign in again.
    - The CitizenIdentity row is deleted: its keyed hash would let anyone holding the key link
      the ID number back to the anonymised contributions. The same ID can verify a new account,
      so votes that are still open (polls, budget ballots) are withdrawn by their apps' erasers:
      the person counts once, not twice.
    - Duplicate-attempt rows keep only the masked form (their hash is cleared).
    - E-mail addresses and linked LINE/ThaiD accounts (with their tokens) are deleted.
    - Roles are removed. Consent records stay as the legal record; open ones are closed.
    - Other apps' erasers (registered in their pdpa.py) run first.
    """
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    if user.is_erased:
        return user
    pdpa_registry.erase(user)
    now = timezone.now()
    CitizenIdentity.objects.filter(user=user).delete()
    DuplicateIdentityAttempt.objects.filter(user=user).update(id_hmac="")
    DuplicateIdentityAttempt.objects.filter(existing_user=user).update(id_hmac="")
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    RoleAssignment.objects.filter(user=user).delete()
    ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    user.email = None
    user.phone = None
    user.phone_verified = False
    user.display_name = ""
    user.home_subdistrict = None
    user.village = ""
    user.email_digest = False
    user.name_is_public = False
    user.verification_level = VerificationLevel.UNVERIFIED
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_erased = True
    user.set_unusable_password()
    user.save()
    user.user_permissions.clear()
    user.groups.clear()
    roles.forget_roles(user)
    audit_record(
        actor=actor if actor is not None and actor.pk != user.pk else None,
        action="accounts.user_erased", obj=user,
        by="self" if actor is None or actor.pk == user.pk else "official",
    )
    return user


# Notifications (the model belongs to spaces; marking read is the reader's own write) --------


@transaction.atomic
def notifications_mark_read(*, user: User, notification_id: int | None = None) -> int:
    from ruamkan.spaces.models import Notification

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
