from django.db import models
from django.utils.translation import gettext_lazy as _

from ruamkan.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """A civil-society organisation (CSO): community group, foundation, association, network."""

    class Kind(models.TextChoices):
        COMMUNITY_GROUP = "community_group", _("Community group")
        FOUNDATION = "foundation", _("Foundation")
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Cooperative")
        NETWORK = "network", _("Network")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short name"), max_length=80, unique=True, allow_unicode=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    province = models.ForeignKey(
        "areas.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified by an official"), default=False)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name_th
