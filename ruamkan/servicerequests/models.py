"""Citizens' reports of local problems (Open311 "service requests"), the categories each local
government handles, and what happens to a report: routing, states, history, service-level clocks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What the citizen sees when choosing a category. Each local government maps its own
    categories onto these, so one choice can be routed to the body that handles it there."""

    ROAD = "road", _("Damaged local road")
    PAO_ROAD = "pao_road", _("Rural highway / PAO road")
    STREETLIGHT = "streetlight", _("Street light out")
    FLOODING = "flooding", _("Flooding")
    DRAINAGE = "drainage", _("Blocked drain")
    GARBAGE = "garbage", _("Garbage and cleanliness")
    STRAY_ANIMALS = "stray_animals", _("Stray animals")
    FOOTPATH = "footpath", _("Footpath")
    WATER_SUPPLY = "water_supply", _("Tap water")
    TREES = "trees", _("Trees and branches")
    SAFETY = "safety", _("Public safety")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("report status", "Waiting to be accepted")
    ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("report status", "In progress")
    FORWARDED = "forwarded", pgettext_lazy("report status", "Forwarded")
    DONE = "done", pgettext_lazy("report status", "Done")
    NOT_RELEVANT = "not_relevant", pgettext_lazy("report status", "Not relevant")
    DUPLICATE = "duplicate", pgettext_lazy("report status", "Duplicate")
    REOPENED = "reopened", pgettext_lazy("report status", "Reopened")


CLOSED_STATUSES = frozenset({Status.DONE, Status.NOT_RELEVANT, Status.DUPLICATE})
# Still waiting for a body to say "we have it": the acceptance clock runs.
UNACCEPTED_STATUSES = frozenset({Status.WAITING, Status.FORWARDED})


class Holiday(models.Model):
    """A Thai public holiday (government offices closed). Data, not code: the cabinet moves and
    adds days, and operators correct them in the admin."""

    date = models.DateField(_("date"), unique=True)
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name_th}"


class ServiceCategory(models.Model):
    """A kind of problem one local government handles (FixMyStreet's "contact")."""

    local_government = models.ForeignKey(
        "areas.LocalGovernment", on_delete=models.CASCADE, related_name="service_categories",
        verbose_name=_("local government"),
    )
    code = models.SlugField(_("service code"), max_length=60, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, db_index=True)
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    contact_unit = models.CharField(_("responsible unit"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    accept_days = models.PositiveSmallIntegerField(_("accept within (working days)"), default=3)
    close_days = models.PositiveSmallIntegerField(_("close within (working days)"), default=15)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["local_government_id", "position", "name_th"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "topic"], condition=models.Q(is_active=True),
                name="one_active_category_per_topic_per_body",
            )
        ]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name_th

    @property
    def name(self) -> str:
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th


class ServiceAttribute(models.Model):
    """An extra question for a category (Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", "string"
        NUMBER = "number", "number"
        DATETIME = "datetime", "datetime"
        TEXT = "text", "text"
        SINGLE = "singlevaluelist", "singlevaluelist"
        MULTI = "multivaluelist", "multivaluelist"

    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("code"), max_length=40)
    datatype = models.CharField(_("type"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(_("hint"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    # [[key, name], ...] for the list types.
    values = models.JSONField(_("values"), default=list, blank=True)

    class Meta:
        ordering = ["category_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="service_attribute_unique")
        ]
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")

    def __str__(self) -> str:
        return f"{self.category.code}:{self.code}"


class ApiClient(models.Model):
    """An application allowed to POST Open311 requests. Only a hash of its key is kept."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_prefix = models.CharField(_("key prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Report(models.Model):
    """A citizen's report of a problem in a place."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        OPEN311 = "open311", "Open311"
        API = "api", _("API")
        LINE = "line", "LINE"

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    category = models.ForeignKey(
        ServiceCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("category"),
    )
    # Null while the report waits in the triage queue shared by `candidates`.
    local_government = models.ForeignKey(
        "areas.LocalGovernment", null=True, blank=True, on_delete=models.PROTECT,
        related_name="service_reports", verbose_name=_("responsible body"),
    )
    candidates = models.ManyToManyField(
        "areas.LocalGovernment", blank=True, related_name="triage_reports",
        verbose_name=_("candidate bodies"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    description = models.TextField(_("description"), max_length=4000)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address or landmark"), max_length=300, blank=True)
    subdistrict = models.ForeignKey(
        "areas.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("subdistrict"),
    )
    province = models.ForeignKey(
        "areas.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("province"),
    )
    # The boundary generation the point was placed in, so later imports do not rewrite history.
    boundary = models.ForeignKey(
        "areas.Boundary", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("boundary filed under"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="service_reports", verbose_name=_("reporter"),
    )
    contact_name = models.CharField(_("name"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    hide_name = models.BooleanField(_("do not show my name publicly"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices,
                               default=Channel.WEB)
    api_client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    line_user_id = models.CharField(max_length=64, blank=True, db_index=True)
    token = models.CharField(_("token"), max_length=32, unique=True)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    split_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="split_reports",
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    accept_due = models.DateTimeField(_("accept by"), null=True, blank=True)
    close_due = models.DateTimeField(_("close by"), null=True, blank=True)
    confirmed_fixed_at = models.DateTimeField(_("confirmed fixed"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["local_government", "status"]),
            models.Index(fields=["province", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="report_rating_1_to_5",
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
            ),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_topic_display()}"

    def get_absolute_url(self) -> str:
        return reverse("servicerequests:detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"{self.pk:06d}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def open311_status(self) -> str:
        return "closed" if self.is_closed else "open"

    @property
    def in_triage(self) -> bool:
        return self.local_government_id is None and not self.is_closed

    @property
    def public_reporter_name(self) -> str:
        if self.hide_name:
            return str(_("Anonymous"))
        if self.reporter_id and self.reporter:
            return self.reporter.public_name
        return self.contact_name or str(_("Anonymous"))


class ReportPhoto(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Reported")
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="reports/%Y/%m/")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPORT)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class ReportEvent(models.Model):
    """The report's history. Internal notes are never shown publicly."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Reported")
        ROUTED = "routed", _("Routed")
        STATUS = "status", _("Status changed")
        FORWARDED = "forwarded", _("Forwarded")
        MERGED = "merged", _("Merged")
        SPLIT = "split", _("Split")
        NOTE = "note", _("Internal note")
        CONFIRMED = "confirmed", _("Confirmed fixed")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("Rated")
        ESCALATED = "escalated", _("Escalated")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    from_body = models.ForeignKey("areas.LocalGovernment", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    to_body = models.ForeignKey("areas.LocalGovernment", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    other_report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    text = models.TextField(blank=True)
    is_internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class ResponseTemplate(models.Model):
    local_government = models.ForeignKey("areas.LocalGovernment", on_delete=models.CASCADE,
                                         related_name="response_templates")
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), max_length=2000)
    status = models.CharField(_("sets status"), max_length=20, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self) -> str:
        return self.title


class Escalation(models.Model):
    """A service-level warning or breach, recorded once per report, clock and level."""

    class Clock(models.TextChoices):
        ACCEPT = "accept", _("Acceptance")
        CLOSE = "close", _("Closing")

    class Level(models.TextChoices):
        WARNING = "warning", _("Warning before the deadline")
        SUPERVISOR = "supervisor", _("Escalated to the supervisor")
        PROVINCE = "province", _("Escalated to the province")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="escalations")
    clock = models.CharField(max_length=10, choices=Clock.choices)
    level = models.CharField(max_length=12, choices=Level.choices)
    due = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    notified = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "clock", "level", "due"],
                                    name="escalation_once")
        ]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.report_id} {self.clock} {self.level}"


class IdempotencyRecord(models.Model):
    """A POST seen under an Idempotency-Key: a replay returns the stored answer."""

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    completed = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


class LineEvent(models.Model):
    """A LINE webhook event already handled; LINE redelivers, so the id is unique."""

    webhook_event_id = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=30)
    line_user_id = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.webhook_event_id


class LineConversation(models.Model):
    """One LINE user's report in the making (location, photos and text arrive separately)."""

    line_user_id = models.CharField(max_length=64, unique=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    topic = models.CharField(max_length=20, blank=True)
    photos = models.JSONField(default=list, blank=True)  # stored file names, already re-encoded
    last_report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.line_user_id
