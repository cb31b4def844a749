"""Decision polls (as in Loomio) for spaces and their committees."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruamkan.core.models import TimeStampedModel


class Poll(TimeStampedModel):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal (agree, abstain, disagree, block)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCORE = "score", _("Score each option")
        RANKED = "ranked", _("Ranked choice (instant runoff)")
        STV = "stv", _("Ranked choice for several seats (STV)")
        DOT = "dot", _("Dot vote")
        MEETING = "meeting", _("Meeting time")

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="polls")
    kind = models.CharField(_("kind of poll"), max_length=10, choices=Kind.choices)
    question = models.CharField(_("question"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    closes_at = models.DateTimeField(_("closes"))
    members_only = models.BooleanField(_("only the space's invited members (a committee) vote"),
                                       default=False)
    anonymous = models.BooleanField(_("anonymous: nobody sees who voted what"), default=True)
    hide_results = models.BooleanField(_("hide results until the poll closes"), default=True)
    quorum_count = models.PositiveIntegerField(_("quorum: at least this many voters"), default=0)
    quorum_share = models.FloatField(_("quorum: at least this share of members (0–1)"), default=0)
    min_choices = models.PositiveSmallIntegerField(default=1)
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(default=5)
    dots = models.PositiveSmallIntegerField(default=10)
    seats = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("polls:poll", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return timezone.now() >= self.closes_at


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["poll_id", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    """One vote per person per poll (database-unique); voting again replaces it until close."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="poll_votes")
    # The ballot in the tally's own shape (option ids as strings): a stance, an option, a list
    # (ranking or choices) or a mapping (scores, dots, availability).
    ballot = models.JSONField()
    reason = models.CharField(_("reason (optional)"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="one_vote_per_poll")]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.voter_id}"
