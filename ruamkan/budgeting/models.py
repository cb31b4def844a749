"""Participatory budgeting: budgets (optionally one per area), projects, ballots and receipts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ruamkan.core.models import TimeStampedModel


class Budget(TimeStampedModel):
    class BallotType(models.TextChoices):
        APPROVAL = "approval", _("Approve projects within the budget")
        K_APPROVAL = "k_approval", _("Approve between a minimum and a maximum number of projects")
        CUMULATIVE = "cumulative", _("Spread points over projects")
        RANKED = "ranked", _("Rank projects in order of preference")

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("Greedy by votes (most cities)")
        MES = "mes", _("Method of Equal Shares with completion")
        MES_PLAIN = "mes-plain", _("Method of Equal Shares without completion")
        PHRAGMEN = "phragmen", _("Sequential Phragmén")

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="budgets")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    amount = models.PositiveBigIntegerField(_("amount (baht)"))
    subdistricts = models.ManyToManyField(
        "areas.Subdistrict",
        blank=True,
        related_name="+",
        verbose_name=_("only residents of these subdistricts may vote"),
    )
    # Budgets of a space that share a group are alternatives (CONSUL's headings): a person votes
    # in one of them only. Empty: independent of the others.
    exclusive_group = models.CharField(
        _("vote in only one budget of this group"), max_length=40, blank=True,
        help_text=_("Give area budgets the same group name if each person may vote in only one."),
    )
    ballot_type = models.CharField(
        _("ballot"), max_length=20, choices=BallotType.choices, default=BallotType.APPROVAL
    )
    min_projects = models.PositiveSmallIntegerField(_("fewest projects on a ballot"), default=0)
    max_projects = models.PositiveSmallIntegerField(
        _("most projects on a ballot"), null=True, blank=True
    )
    points = models.PositiveIntegerField(_("points per voter (cumulative)"), default=10)
    rule = models.CharField(
        _("how winners are chosen"), max_length=12, choices=Rule.choices, default=Rule.GREEDY
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    ballots_hash = models.CharField(_("published ballot-file SHA-256"), max_length=64, blank=True)
    # The anonymised ballot file as published (Pabulib format: shuffled, no user ids, no times).
    # Stored, because the shuffle is random and the published hash must keep matching.
    ballots_file = models.TextField(_("published ballot file"), blank=True)

    class Meta:
        ordering = ["space_id", "title"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:budget", args=[self.pk])


class BudgetProject(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, waiting for review")
        FEASIBLE = "feasible", _("Feasible: on the ballot")
        INFEASIBLE = "infeasible", _("Not feasible")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    cost = models.PositiveBigIntegerField(_("estimated cost (baht)"))
    category = models.CharField(_("category"), max_length=80, blank=True)
    subdistrict = models.ForeignKey(
        "areas.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    image = models.ImageField(_("photo"), upload_to="budgeting/", blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["budget_id", "title"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")

    def __str__(self) -> str:
        return self.title

    @property
    def space(self):
        return self.budget.space


class Ballot(models.Model):
    """One ballot per person per budget (database-unique); resubmitting replaces it, the last
    one counts. Paper ballots carry the voter's ID hash, so nobody votes on paper and online."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper, entered by an official")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ballots",
    )
    voter_id_hash = models.CharField(max_length=64, null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    receipt = models.CharField(_("receipt code"), max_length=20, unique=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter"], name="one_ballot_per_voter"),
            models.UniqueConstraint(
                fields=["budget", "voter_id_hash"], name="one_ballot_per_citizen_id"
            ),
        ]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return self.receipt


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="+")
    # approval: 1; cumulative: the points; ranked: the rank (1 = first choice)
    value = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="one_choice_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.project_id}={self.value}"
