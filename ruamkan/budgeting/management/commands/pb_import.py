"""Import a Pabulib file as a budget of a space: its projects and its ballots.

A malformed file is reported with its line number and nothing is stored."""

from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ruamkan.budgeting.lib.pabulib import PabulibError, read_pabulib
from ruamkan.budgeting.models import Ballot, BallotChoice, Budget, BudgetProject
from ruamkan.spaces.models import Space

VOTE_TYPES = {
    "approval": "approval",
    "choose-1": "approval",
    "cumulative": "cumulative",
    "ordinal": "ranked",
    "scoring": "cumulative",
}


class Command(BaseCommand):
    help = "Import a Pabulib (.pb) file into a space as a budget with its projects and ballots."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--space", required=True, help="slug of the space")
        parser.add_argument("--title", default="")

    def handle(self, *args, **options):
        space = Space.objects.filter(slug=options["space"]).first()
        if space is None:
            raise CommandError(f"no space with the address {options['space']!r}")
        try:
            election = read_pabulib(options["file"])
        except PabulibError as exc:
            raise CommandError(f"{options['file']}: {exc}") from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        vote_type = VOTE_TYPES.get(election.vote_type)
        if vote_type is None:
            raise CommandError(f"unsupported vote_type {election.vote_type!r}")
        with transaction.atomic():
            budget = Budget.objects.create(
                space=space,
                title=options["title"]
                or election.meta.get("description")
                or f"{election.meta.get('unit', '')} {election.meta.get('instance', '')}".strip()
                or "Pabulib",
                amount=int(election.budget),
                ballot_type=vote_type,
                min_projects=int(election.meta_number("min_length") or 0),
                max_projects=int(election.meta_number("max_length") or 0) or None,
                points=int(election.meta_number("max_sum_points") or 10),
            )
            projects = BudgetProject.objects.bulk_create(
                BudgetProject(
                    budget=budget,
                    title=(p.meta.get("name") or p.id)[:200],
                    description=p.meta.get("description", "") or "-",
                    cost=int(p.cost),
                    category=p.meta.get("category", "")[:80],
                    status=BudgetProject.Status.FEASIBLE,
                )
                for p in election.projects
            )
            ballots = Ballot.objects.bulk_create(
                Ballot(
                    budget=budget,
                    channel=Ballot.Channel.PAPER,
                    receipt=f"{secrets.token_hex(4).upper()}-{i:07d}",
                )
                for i in range(election.num_voters)
            )
            choices = []
            for v, ballot_projects in enumerate(election.ballots):
                points = election.points[v] if election.points is not None else None
                for k, index in enumerate(ballot_projects):
                    value = 1
                    if vote_type == "ranked":
                        value = k + 1
                    elif points is not None:
                        value = int(points[k])
                    choices.append(
                        BallotChoice(ballot=ballots[v], project=projects[index], value=value)
                    )
            BallotChoice.objects.bulk_create(choices, batch_size=5000)
        self.stdout.write(
            f"imported budget {budget.pk}: {len(projects)} projects, {len(ballots)} ballots"
        )
