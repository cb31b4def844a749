"""Tally a Pabulib (.pb) election file with one of our participatory-budgeting rules."""

from __future__ import annotations

import json
import time
from fractions import Fraction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ruamkan.budgeting.lib import rules
from ruamkan.budgeting.lib.pabulib import PabulibError, read_pabulib


def _number(value: int | Fraction) -> int | float:
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else float(value)


class Command(BaseCommand):
    help = _(
        "Tally a Pabulib .pb file: greedy, mes (Method of Equal Shares with add-one completion, "
        "then greedy), mes-plain or phragmen. Results equal pabutools' with exact arithmetic."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=_("path to a .pb file"))
        parser.add_argument(
            "--budget", type=int, help=_("tally a budget in the database instead of a file")
        )
        parser.add_argument("--rule", choices=rules.RULES, default="mes")
        parser.add_argument(
            "--json",
            action="store_true",
            help=_('print one JSON object {"selected": [...], "spent": ..., "seconds": ...}'),
        )

    def _budget_election(self, budget_id: int) -> Any:
        from ruamkan.budgeting.audit import budget_election
        from ruamkan.budgeting.models import Budget

        budget = Budget.objects.filter(pk=budget_id).first()
        if budget is None:
            raise CommandError(_("No budget %(id)s.") % {"id": budget_id})
        return budget_election(budget)

    def handle(self, *args: Any, **options: Any) -> None:
        rules.warm_up()  # load the compiled MES core before timing (it is start-up, not tally)
        start = time.perf_counter()
        if options["budget"] is not None:
            election = self._budget_election(options["budget"])
            options["file"] = f"budget {options['budget']}"
        elif not options["file"]:
            raise CommandError(_("Give a .pb file or --budget ID."))
        try:
            election = election if options["budget"] is not None else read_pabulib(options["file"])
        except FileNotFoundError:
            raise CommandError(_("No such file: %(file)s") % {"file": options["file"]}) from None
        except PabulibError as exc:
            raise CommandError(
                _("Malformed Pabulib file %(file)s: %(error)s")
                % {"file": options["file"], "error": exc}
            ) from None
        try:
            outcome = rules.tally(election, options["rule"])
        except rules.RuleError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.perf_counter() - start
        ids = [election.projects[j].id for j in outcome.selected]
        if options["json"]:
            payload = {"selected": ids, "spent": _number(outcome.spent), "seconds": seconds}
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(
            _("%(rule)s on %(file)s: %(n)d of %(m)d projects selected")
            % {
                "rule": options["rule"],
                "file": options["file"],
                "n": len(ids),
                "m": len(election.projects),
            }
        )
        for j in outcome.selected:
            project = election.projects[j]
            name = project.meta.get("name", "")
            self.stdout.write(f"  {project.id}\t{project.cost}\t{name}")
        self.stdout.write(
            _("Spent %(spent)s of %(budget)s") % {"spent": outcome.spent, "budget": election.budget}
        )
        if outcome.details:
            self.stdout.write(
                ", ".join(f"{key}={value}" for key, value in sorted(outcome.details.items()))
            )
        self.stdout.write(_("Time (read + tally): %(s).3f s") % {"s": seconds})
