"""Co-governance: citizens' proposals with supports and official answers, debates, public forums
(เวทีประชาคม), and the path from a proposal to a plan item, a budget line and a tracked result."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ruamkan.core.models import TimeStampedModel

MAX_TITLE = 200
MAX_BODY = 6000


def _attachment_name(instance: object, filename: str) -> str:
    # Never the uploader's file name: it can carry personal data or path tricks.
    return f"deliberation/files/{secrets.token_hex(16)}.pdf"


def _attachment_key() -> str:
    return secrets.token_hex(16)


def _shuffle_key() -> int:
    return secrets.randbelow(2**31)


def _image_name(instance: object, filename: str) -> str:
    return f"deliberation/images/{secrets.token_hex(16)}.jpg"


class ProposalSettings(models.Model):
    """Per-phase rules for proposals that the generic phase requirements do not cover."""

    phase = models.OneToOneField(
        "spaces.Phase", on_delete=models.CASCADE, related_name="proposal_settings"
    )
    support_threshold = models.PositiveIntegerField(
        _("supports needed for an official answer"), default=100
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days the local government has to answer"), default=60
    )
    support_limit = models.PositiveIntegerField(
        _("supports each person may give in this phase"), null=True, blank=True,
        help_text=_("Leave empty for no limit."),
    )

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")

    def __str__(self) -> str:
        return f"{self.phase_id}: {self.support_threshold}"


class Category(models.Model):
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["space_id", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "name"], name="category_unique_in_space")
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class AnswerState(models.Model):
    """An answer state a local government uses (null local government: for province and
    national spaces). Defaults are seeded on first use; each local government may add more."""

    class Effect(models.TextChoices):
        OPEN = "open", _("Still open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        PLANNED = "planned", _("In the plan")
        DONE = "done", _("Done")

    local_government = models.ForeignKey(
        "areas.LocalGovernment", null=True, blank=True, on_delete=models.CASCADE,
        related_name="answer_states",
    )
    key = models.SlugField(_("key"), max_length=40)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "key"], name="answer_state_unique",
                condition=models.Q(local_government__isnull=False),
            ),
            # The shared set (province and national spaces) has no local government.
            models.UniqueConstraint(
                fields=["key"], name="answer_state_unique_shared",
                condition=models.Q(local_government__isnull=True),
            ),
        ]
        verbose_name = _("answer state")
        verbose_name_plural = _("answer states")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th


class Proposal(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="proposals")
    phase = models.ForeignKey("spaces.Phase", on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_proposals",
        verbose_name=_("co-authors"),
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    body = models.TextField(_("proposal"), max_length=MAX_BODY)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals",
        verbose_name=_("category"),
    )
    subdistrict = models.ForeignKey(
        "areas.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("area (subdistrict)"),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(pgettext_lazy("proposal", "withdrawn"), null=True, blank=True)
    # Denormalised, changed only with F() in the same transaction as the Support row.
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer_due_at = models.DateTimeField(_("official answer due"), null=True, blank=True)
    answer_state = models.ForeignKey(
        AnswerState, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("answer"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Entered by an official for people at a public forum.
    forum = models.ForeignKey(
        "Forum", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals",
        verbose_name=_("raised at forum"),
    )
    on_behalf_of = models.CharField(_("raised by"), max_length=200, blank=True)
    # Space-separated Thai tokens of title and body, for similarity.
    tokens = models.TextField(blank=True, default="")
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    # A random key fixed at creation: "random" order is this index read from a point chosen
    # by the session's seed, so it is stable across pages and costs no full sort.
    shuffle = models.PositiveIntegerField(default=_shuffle_key, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["space", "state", "-support_count", "-id"],
                         name="proposal_space_supports"),
            models.Index(fields=["space", "state", "-published_at", "-id"],
                         name="proposal_space_newest"),
            models.Index(fields=["space", "state", "category", "-published_at", "-id"],
                         name="proposal_space_cat_newest"),
            models.Index(fields=["space", "state", "shuffle"], name="proposal_space_shuffle"),
            models.Index(fields=["answer_due_at"], name="proposal_answer_due"),
        ]
        constraints = [
            models.CheckConstraint(
                name="proposal_location_both_or_none",
                condition=models.Q(lat__isnull=True, lon__isnull=True)
                | models.Q(lat__isnull=False, lon__isnull=False),
            )
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:proposal", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.answer_due_at and self.answered_at is None and timezone.now() > self.answer_due_at
        )

    def author_ids(self) -> set[int]:
        return {self.author_id, *self.coauthors.values_list("pk", flat=True)}


class ProposalImage(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("photo"), upload_to=_image_name)
    alt = models.CharField(_("what the photo shows"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("PDF file"), upload_to=_attachment_name)
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=32, unique=True, default=_attachment_key)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:attachment", args=[self.key])


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    phase = models.ForeignKey("spaces.Phase", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]
        indexes = [models.Index(fields=["user", "phase"], name="support_user_phase")]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Answer(models.Model):
    """An official answer; the latest one is mirrored on the proposal. Earlier ones stay."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    state = models.ForeignKey(AnswerState, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"), max_length=MAX_BODY)
    cost_estimate = models.DecimalField(
        _("cost estimate (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.state}"


class Amendment(TimeStampedModel):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the author")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="amendments"
    )
    title = models.CharField(_("new title"), max_length=MAX_TITLE)
    body = models.TextField(_("new text"), max_length=MAX_BODY)
    reason = models.CharField(_("why this change"), max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.title

    @property
    def space(self):
        return self.proposal.space


class Debate(TimeStampedModel):
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="debates")
    phase = models.ForeignKey("spaces.Phase", on_delete=models.CASCADE, related_name="debates")
    title = models.CharField(_("question"), max_length=MAX_TITLE)
    body = models.TextField(_("background"), max_length=MAX_BODY, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion = models.TextField(_("conclusion"), max_length=MAX_BODY, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("debate")
        verbose_name_plural = _("debates")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:debate", args=[self.pk])


class Forum(TimeStampedModel):
    """A public forum or meeting (เวทีประชาคม)."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="forums")
    phase = models.ForeignKey("spaces.Phase", on_delete=models.CASCADE, related_name="forums")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    description = models.TextField(_("description"), max_length=MAX_BODY, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    # Changed only by a conditional UPDATE, so two people cannot take the last place.
    registered_count = models.PositiveIntegerField(default=0)
    minutes_html = models.TextField(_("minutes"), blank=True)
    resolutions = models.TextField(_("resolutions"), max_length=MAX_BODY, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="forum_ends_after_start", condition=models.Q(ends_at__gt=models.F("starts_at"))
            ),
            models.CheckConstraint(
                name="forum_not_overbooked",
                condition=models.Q(capacity__isnull=True)
                | models.Q(registered_count__lte=models.F("capacity")),
            ),
        ]
        verbose_name = _("public forum")
        verbose_name_plural = _("public forums")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:forum", args=[self.pk])

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.registered_count)


class ForumRegistration(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_registrations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="one_registration_per_person")
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.forum_id}"


class ForumAttendance(models.Model):
    """Who came, recorded by an official: an account, or a name and village for people without."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    village = models.CharField(_("village (moo)"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "user"], condition=models.Q(user__isnull=False),
                name="attendance_once_per_account",
            )
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return self.name or str(self.user_id)


class PlanItem(TimeStampedModel):
    """An item of the local development plan (แผนพัฒนาท้องถิ่น)."""

    local_government = models.ForeignKey(
        "areas.LocalGovernment", on_delete=models.CASCADE, related_name="plan_items"
    )
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.CharField(_("project"), max_length=MAX_TITLE)
    description = models.TextField(_("description"), max_length=MAX_BODY, blank=True)
    # Stored as the Common Era year; shown in the Buddhist Era (+543).
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(_("planned budget (baht)"), max_digits=14, decimal_places=2)
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="plan_items")
    forums = models.ManyToManyField(Forum, blank=True, related_name="plan_items")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "project"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.project

    @property
    def year_be(self) -> int:
        return self.year + 543


class BudgetLine(TimeStampedModel):
    """A line of the annual budget ordinance (ข้อบัญญัติงบประมาณ) funding a plan item."""

    plan_item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="budget_lines")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("ordinance reference"), max_length=100, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.plan_item} {self.fiscal_year}"

    @property
    def fiscal_year_be(self) -> int:
        return self.fiscal_year + 543


class Result(TimeStampedModel):
    """A result in a tree. Only leaves store progress; a parent's progress is the weighted
    average of its children, computed on read (lib/progress.py), so it can never disagree."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    local_government = models.ForeignKey(
        "areas.LocalGovernment", on_delete=models.CASCADE, related_name="results"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    plan_item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="results"
    )
    budget_line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="results"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    description = models.TextField(_("description"), max_length=MAX_BODY, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="results")
    forums = models.ManyToManyField(Forum, blank=True, related_name="results")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="result_progress_percent",
                                   condition=models.Q(progress__lte=100)),
        ]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    description = models.TextField(_("description"), max_length=MAX_BODY, blank=True)
    date = models.DateField(_("date"))
    photo = models.ImageField(_("photo"), upload_to=_image_name, blank=True)
    photo_alt = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
