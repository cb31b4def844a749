from django.core.management.base import BaseCommand, CommandError

from ruamkan.budgeting.audit import budget_election
from ruamkan.budgeting.lib.pabulib import election_to_text
from ruamkan.budgeting.models import Budget


class Command(BaseCommand):
    help = "Export a budget's projects and (anonymised, shuffled) ballots as a Pabulib file."

    def add_arguments(self, parser):
        parser.add_argument("--budget", type=int, required=True)
        parser.add_argument("file", help="where to write, or - for standard output")

    def handle(self, *args, **options):
        budget = Budget.objects.filter(pk=options["budget"]).first()
        if budget is None:
            raise CommandError(f"no budget {options['budget']}")
        text = election_to_text(budget_election(budget, shuffle=True))
        if options["file"] == "-":
            self.stdout.write(text, ending="")
        else:
            with open(options["file"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"wrote {options['file']}")
