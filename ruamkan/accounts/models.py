from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class VerificationLevel(models.IntegerChoices):
    UNVERIFIED = 0, _("Unverified")
    CONTACT = 1, _("Contact verified")
    RESIDENT = 2, _("Resident verified")
    IN_PERSON = 3, _("Verified in person")


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with e-mail or phone (or LINE / ThaiD through allauth)."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    verification_level = models.PositiveSmallIntegerField(
        _("verification level"), choices=VerificationLevel.choices,
        default=VerificationLevel.UNVERIFIED,
    )
    home_subdistrict = models.ForeignKey(
        "areas.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="residents", verbose_name=_("home subdistrict"),
    )
    village = models.CharField(_("village (moo)"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="th"
    )
    email_digest = models.BooleanField(_("send me a daily e-mail digest"), default=True)
    # Mirrors the active PUBLIC_NAME consent (kept by accounts.services), so listing authors
    # needs no consent query per person.
    name_is_public = models.BooleanField(_("show my name publicly"), default=False)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_erased = models.BooleanField(_("erased"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        # Empty strings would collide on the unique columns (allauth writes "" for "no e-mail").
        self.email = self.email or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        """The name shown with what the person writes: their chosen name only with the
        "show my name publicly" consent; otherwise a number. Never a piece of their e-mail."""
        if self.is_erased:
            return str(_("Former participant"))
        if self.display_name and self.name_is_public:
            return self.display_name
        return self.pseudonym

    @property
    def internal_name(self) -> str:
        """The name officials see on pages only they can open (to confirm volunteers' hours,
        verify someone in person, handle a report)."""
        if self.is_erased:
            return str(_("Former participant"))
        return self.display_name or self.pseudonym

    @property
    def pseudonym(self) -> str:
        return str(_("Participant %(id)s") % {"id": self.pk})


class CitizenIdentity(models.Model):
    """A Thai citizen ID, never in plain text: a keyed HMAC for uniqueness plus a masked form."""

    class Source(models.TextChoices):
        TYPED = "typed", _("Typed in by the person")
        THAID = "thaid", _("ThaiD (DOPA)")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen_identity")
    id_hmac = models.CharField(_("ID hash"), max_length=64, unique=True)
    masked = models.CharField(_("masked ID"), max_length=20)
    source = models.CharField(
        _("checked through"), max_length=10, choices=Source.choices, default=Source.TYPED
    )
    verified_at = models.DateTimeField(_("verified"), default=timezone.now)
    verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("verified in person by"),
    )

    class Meta:
        verbose_name = _("citizen identity")
        verbose_name_plural = _("citizen identities")

    def __str__(self) -> str:
        return self.masked


class DuplicateIdentityAttempt(models.Model):
    """Someone tried to verify with an ID that already verifies another account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    existing_user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    id_hmac = models.CharField(max_length=64, db_index=True)
    masked = models.CharField(_("masked ID"), max_length=20)
    # The home the second account claimed: officials of the LGs covering it (or the existing
    # holder's home) review the attempt.
    home_subdistrict = models.ForeignKey(
        "areas.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("claimed home subdistrict"),
    )
    source = models.CharField(_("checked through"), max_length=10, default="typed")
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now)
    reviewed = models.BooleanField(_("reviewed"), default=False)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-attempted_at"]
        verbose_name = _("duplicate ID attempt")
        verbose_name_plural = _("duplicate ID attempts")

    def __str__(self) -> str:
        return f"{self.masked} {self.attempted_at:%Y-%m-%d}"


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    PROVINCIAL_COORDINATOR = "provincial_coordinator", _("Provincial coordinator")
    LG_ADMIN = "lg_admin", _("Local government administrator")
    LG_OFFICER = "lg_officer", _("Local government officer")
    CSO_MEMBER = "cso_member", _("Civil-society organisation member")


class RoleAssignment(models.Model):
    """A role held in a place: the nation, a province, a local government or a CSO.
    (Everyone signed in is a citizen; that role needs no row.)"""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    province = models.ForeignKey(
        "areas.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    local_government = models.ForeignKey(
        "areas.LocalGovernment", null=True, blank=True, on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Each role carries exactly the scope it needs.
            models.CheckConstraint(
                name="role_scope_matches",
                condition=(
                    models.Q(role="national_admin", province__isnull=True,
                             local_government__isnull=True, organisation__isnull=True)
                    | models.Q(role="provincial_coordinator", province__isnull=False,
                               local_government__isnull=True, organisation__isnull=True)
                    | models.Q(role__in=["lg_admin", "lg_officer"], province__isnull=True,
                               local_government__isnull=False, organisation__isnull=True)
                    | models.Q(role="cso_member", province__isnull=True,
                               local_government__isnull=True, organisation__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province", "local_government", "organisation"],
                name="role_assignment_unique", nulls_distinct=False,
            ),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        scope = self.local_government or self.province or self.organisation or ""
        return f"{self.get_role_display()} {scope}".strip()


class ConsentRecord(models.Model):
    """PDPA consent: append-only; withdrawing sets withdrawn_at, never deletes."""

    class Purpose(models.TextChoices):
        TERMS = "terms", _("Taking part (public task, PDPA s.24(4))")
        PUBLIC_NAME = "public_name", _("Show my name publicly with my contributions")
        EMAIL_DIGEST = "email_digest", _("E-mail digests and news")
        LINE_MESSAGES = "line_messages", _("Messages on LINE")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    notice_version = models.CharField(_("privacy notice version"), max_length=40)
    channel = models.CharField(_("channel"), max_length=20, default="web")
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.purpose} {self.given_at:%Y-%m-%d}"
