from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruamkan.core.models import TimeStampedModel


class Space(TimeStampedModel):
    """A participation space owned by the nation, a province or one local government."""

    class Level(models.TextChoices):
        NATION = "nation", _("Nation")
        PROVINCE = "province", _("Province")
        LOCAL = "local", _("Local government")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can see and take part")
        INVITE = "invite", _("By invitation: anyone can see, invited people take part")
        PRIVATE = "private", _("Private: only invited people can see")

    class Model(models.TextChoices):
        # The three models of the Service Design Lab (the 2024 study, chapter 3.2).
        CO_GOVERNANCE = "co_governance", _("Co-governance")
        CO_MANAGEMENT = "co_management", _("Co-management")
        CO_PRODUCTION = "co_production", _("Co-production")

    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description_html = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="spaces/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "areas.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="spaces"
    )
    local_government = models.ForeignKey(
        "areas.LocalGovernment", null=True, blank=True, on_delete=models.PROTECT,
        related_name="spaces",
    )
    subdistricts = models.ManyToManyField(
        "areas.Subdistrict", blank=True, related_name="spaces",
        verbose_name=_("limited to these subdistricts"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    participation_model = models.CharField(
        _("participation model"), max_length=20, choices=Model.choices,
        default=Model.CO_GOVERNANCE,
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="member_of_spaces",
        verbose_name=_("invited people"),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="space_owner_matches_level",
                condition=(
                    models.Q(level="nation", province__isnull=True, local_government__isnull=True)
                    | models.Q(level="province", province__isnull=False,
                               local_government__isnull=True)
                    | models.Q(level="local", local_government__isnull=False)
                ),
            )
        ]
        verbose_name = _("participation space")
        verbose_name_plural = _("participation spaces")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spaces:detail", args=[self.slug])

    @property
    def owner_province_id(self):
        if self.province_id:
            return self.province_id
        if self.local_government is not None:
            return self.local_government.province_id
        return None

    def active_phases(self, now=None):
        now = now or timezone.now()
        return [p for p in self.phases.all() if p.is_active(now)]


class Phase(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="phases")
    content_key = models.CharField(_("kind of phase"), max_length=60)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Per-action overrides of the method's default requirements:
    # {"support": {"min_level": 2, "residency": true}}
    requirements = models.JSONField(_("requirements"), default=dict, blank=True)

    class Meta:
        ordering = ["space_id", "position", "starts_at"]
        constraints = [
            models.CheckConstraint(
                name="phase_ends_after_start", condition=models.Q(ends_at__gt=models.F("starts_at"))
            )
        ]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        content = self.content
        if content and content.url_name:
            return reverse(content.url_name, args=[self.pk])
        return reverse("spaces:phase", args=[self.pk])

    @property
    def content(self):
        from ruamkan.spaces.registry import methods

        return methods.get(self.content_key)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        content = self.content
        return str(content.name) if content else self.content_key

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def is_past(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class Comment(TimeStampedModel):
    """A threaded comment on anything in a space, with a stance."""

    class Stance(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        NEUTRAL = "neutral", _("Neutral")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="comments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=4000)
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance.choices, default=Stance.NEUTRAL
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    is_removed = models.BooleanField(_("removed by its author"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class ContentReport(TimeStampedModel):
    """Someone reports a contribution as abusive; once enough do, it is hidden for review."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive, hateful or threatening")
        PERSONAL_DATA = "personal_data", _("Shares someone's personal data")
        FALSE = "false", _("False or misleading")
        OTHER = "other", _("Other")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    space = models.ForeignKey(Space, null=True, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], name="one_report_per_person"
            )
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.reason}"


class ModerationEvent(models.Model):
    """Hide / restore history of a contribution; every change is kept (reversible, logged)."""

    class Action(models.TextChoices):
        AUTO_HIDE = "auto_hide", _("Hidden after reports")
        HIDE = "hide", _("Hidden by a moderator")
        RESTORE = "restore", _("Restored by a moderator")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    space = models.ForeignKey(Space, null=True, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self) -> str:
        return f"{self.action} {self.content_type_id}:{self.object_id}"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Notification(models.Model):
    """In-app notification; unread ones are batched into the e-mail digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text
