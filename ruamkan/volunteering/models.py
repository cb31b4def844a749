"""Volunteering: local governments and civil-society organisations post opportunities with shifts;
people sign up (never beyond a shift's capacity) and officials confirm attendance and hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Opportunity(models.Model):
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    local_government = models.ForeignKey(
        "areas.LocalGovernment", null=True, blank=True, on_delete=models.CASCADE,
        related_name="volunteer_opportunities", verbose_name=_("local government"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
        related_name="volunteer_opportunities", verbose_name=_("organisation"),
    )
    province = models.ForeignKey("areas.Province", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    place = models.CharField(_("where"), max_length=300)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    skills = models.CharField(_("skills wanted"), max_length=300, blank=True,
                              help_text=_("Comma-separated, e.g. first aid, cooking, Malay"))
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="opportunity_has_one_owner",
                condition=(
                    models.Q(local_government__isnull=False, organisation__isnull=True)
                    | models.Q(local_government__isnull=True, organisation__isnull=False)
                ),
            )
        ]
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:detail", args=[self.pk])

    @property
    def owner(self):
        return self.local_government or self.organisation

    @property
    def owner_name(self) -> str:
        if self.local_government is not None:
            return self.local_government.display_name_th
        return self.organisation.name_th if self.organisation is not None else ""

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]


class Shift(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    title = models.CharField(_("shift"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    # Places taken, kept by a conditional UPDATE: the check constraint makes over-booking
    # impossible even when two people press "sign up" at the same instant.
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(name="shift_not_overbooked",
                                   condition=models.Q(taken__lte=models.F("capacity"))),
            models.CheckConstraint(name="shift_ends_after_start",
                                   condition=models.Q(ends_at__gt=models.F("starts_at"))),
        ]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self) -> str:
        return f"{self.opportunity} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)


class Signup(models.Model):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="volunteer_signups")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.SIGNED_UP)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["shift__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "user"], name="one_signup_per_shift"),
            models.CheckConstraint(name="signup_hours_sane",
                                   condition=models.Q(hours__isnull=True)
                                   | models.Q(hours__gte=0, hours__lte=24)),
        ]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.shift_id} ({self.status})"
