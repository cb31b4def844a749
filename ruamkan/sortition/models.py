"""Citizens' assemblies chosen by lot: panels, the pool of people who registered interest, the
published seed, the draws, members (with replacements), meetings, recommendations and answers.

The pool is exported as the two CSV files of the sortition engine (ruamkan.sortition.lib) with a
random id per person, so anyone can repeat a draw from the published seed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ruamkan.core.models import TimeStampedModel

# Columns of an invitation list that hold the person's name (shown to officials only).
NAME_COLUMNS = {"name", "full_name", "ชื่อ", "ชื่อ-นามสกุล", "ชื่อ-สกุล", "ชื่อนามสกุล"}


class Assembly(TimeStampedModel):
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE,
                              related_name="assemblies", verbose_name=_("space"))
    title = models.CharField(_("title"), max_length=200)
    remit = models.TextField(_("remit: the question the panel answers"))
    size = models.PositiveSmallIntegerField(_("panel size"))
    recruitment_opens_at = models.DateTimeField(_("registration opens"))
    recruitment_closes_at = models.DateTimeField(_("registration closes"))
    consent_text = models.TextField(_("why we ask (shown when people register)"), blank=True)
    # The seed is committed in public before any draw: once published the pool and the quotas
    # are frozen, so nobody can steer the outcome by choosing a seed or the people after the fact.
    seed = models.BigIntegerField(_("lottery seed"), null=True, blank=True)
    seed_published_at = models.DateTimeField(_("seed published"), null=True, blank=True)
    seed_published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="assembly_recruitment_ends_after_start",
                condition=models.Q(recruitment_closes_at__gt=models.F("recruitment_opens_at")),
            ),
            models.CheckConstraint(name="assembly_size_positive", condition=models.Q(size__gt=0)),
        ]
        verbose_name = _("citizens' assembly")
        verbose_name_plural = _("citizens' assemblies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sortition:assembly", args=[self.pk])

    @property
    def seed_is_public(self) -> bool:
        return self.seed is not None and self.seed_published_at is not None

    def recruitment_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.recruitment_opens_at <= now < self.recruitment_closes_at


class Quota(models.Model):
    """One row of the features file: a value of a feature and how many seats it gets."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(_("feature"), max_length=80)
    value = models.CharField(_("value"), max_length=80)
    min = models.PositiveSmallIntegerField(_("at least"))
    max = models.PositiveSmallIntegerField(_("at most"))
    # File order matters: the engine orders people's types by it, so downloads keep it.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assembly_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "feature", "value"],
                                    name="sortition_quota_unique"),
            models.CheckConstraint(name="sortition_quota_min_le_max",
                                   condition=models.Q(min__lte=models.F("max"))),
        ]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self) -> str:
        return f"{self.feature}={self.value} [{self.min}, {self.max}]"


class Registration(TimeStampedModel):
    """Someone in the pool: registered themselves, or came from an imported invitation list."""

    class Source(models.TextChoices):
        SELF = "self", _("Registered on the site")
        IMPORT = "import", _("Invitation list")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="assembly_registrations")
    # Random, published in the anonymised pool instead of anything that names the person.
    public_id = models.CharField(_("random id"), max_length=16)
    values = models.JSONField(_("features"), default=dict)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF)
    # Invitation lists: the id in the file and the other columns (name, contact), officials only.
    external_id = models.CharField(max_length=100, blank=True)
    details = models.JSONField(default=dict, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assembly_id", "public_id"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "person"],
                                    condition=models.Q(person__isnull=False),
                                    name="sortition_one_registration_per_person"),
            models.UniqueConstraint(fields=["assembly", "public_id"],
                                    name="sortition_public_id_unique"),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return self.public_id

    @property
    def display_name(self) -> str:
        if self.person_id:
            return str(self.person)
        for key, value in self.details.items():
            if key.casefold() in NAME_COLUMNS and value:
                return str(value)
        return self.external_id or self.public_id


class SelectionRun(TimeStampedModel):
    """One draw, run as a background task. Keeps the exact files it used, for audit."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    seed = models.BigIntegerField()
    seed_published_at = models.DateTimeField()
    size = models.PositiveSmallIntegerField()
    algorithm = models.CharField(max_length=20, default="maximin")
    pool_csv = models.TextField()
    features_csv = models.TextField()
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Results (no names): panel as random ids, quota counts, sorted probabilities, spread.
    pool_size = models.PositiveIntegerField(default=0)
    panel = models.JSONField(default=list, blank=True)
    quota_counts = models.JSONField(default=list, blank=True)
    probabilities = models.JSONField(default=list, blank=True)
    spread = models.JSONField(default=dict, blank=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.assembly_id} #{self.pk} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class Member(TimeStampedModel):
    """A seat on the panel. People who decline stay here (history); their replacement points
    back to them."""

    class Status(models.TextChoices):
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Declined")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="members")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="seats")
    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="members")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SELECTED)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="replaced_by")
    round = models.PositiveSmallIntegerField(default=0)  # 0: the draw; 1, 2, ...: replacements
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assembly_id", "round", "registration__public_id"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "registration"],
                                    name="sortition_one_seat_per_person"),
        ]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return f"{self.assembly_id}:{self.registration_id} {self.status}"


class Meeting(TimeStampedModel):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["assembly_id", "starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} {self.place}"


class Recommendation(TimeStampedModel):
    class Answer(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("recommendation", "Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", pgettext_lazy("recommendation", "Rejected")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE,
                                 related_name="recommendations")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="recommendations", verbose_name=_("meeting"))
    text = models.TextField(_("recommendation"))
    support_count = models.PositiveSmallIntegerField(_("members in support"))
    # The local government's answer.
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("reasons"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assembly_id", "created_at", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:60]
