"""Opinion mapping (Polis-style conversations): statements, agree/disagree/pass votes, and the
analysis (groups, representative and consensus statements) computed by a background task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ruamkan.core.models import TimeStampedModel

MAX_STATEMENT_LENGTH = 280


class Conversation(TimeStampedModel):
    class Moderation(models.TextChoices):
        BEFORE = "before", _("Statements show after an official accepts them")
        AFTER = "after", _("Statements show at once; officials may hide them later")

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE,
                              related_name="conversations")
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    moderation = models.CharField(_("moderation"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.BEFORE)
    allow_statements = models.BooleanField(_("participants may add statements"), default=True)
    # The latest analysis, as JSON, so that pages never compute it inside a request.
    analysis = models.JSONField(default=dict, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    analysed_votes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("opinions:conversation", args=[self.pk])


class Statement(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        ACCEPTED = "accepted", _("Shown")
        REJECTED = "rejected", _("Not shown")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="statements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    body = models.CharField(_("statement"), max_length=MAX_STATEMENT_LENGTH)
    is_seed = models.BooleanField(_("seed statement"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    is_hidden = models.BooleanField(default=False)  # hidden after reports (spaces moderation)
    # Imported conversations keep the Polis comment id.
    external_id = models.IntegerField(null=True, blank=True)
    agree_count = models.PositiveIntegerField(default=0)
    disagree_count = models.PositiveIntegerField(default=0)
    pass_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["conversation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "external_id"],
                                    name="statement_external_id_unique")
        ]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.body

    @property
    def space(self):
        return self.conversation.space

    @property
    def vote_total(self) -> int:
        return self.agree_count + self.disagree_count + self.pass_count

    def get_absolute_url(self) -> str:
        return self.conversation.get_absolute_url()


class StatementVote(models.Model):
    """One vote per person per statement (database-unique); voting again replaces it."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        PASS = 0, _("Pass / unsure")
        DISAGREE = -1, _("Disagree")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="statement_votes")
    # Imported Polis participants have no account here.
    external_participant = models.IntegerField(null=True, blank=True)
    value = models.SmallIntegerField(choices=Value.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"],
                                    name="one_vote_per_statement"),
            models.UniqueConstraint(fields=["statement", "external_participant"],
                                    name="one_imported_vote_per_statement"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]),
                                   name="vote_value_valid"),
        ]
        verbose_name = _("statement vote")
        verbose_name_plural = _("statement votes")

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.value}"
