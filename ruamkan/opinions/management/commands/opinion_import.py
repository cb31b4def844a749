"""Import a Polis openData export folder as a conversation of a space."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ruamkan.opinions.lib.polis_io import ACCEPTED, MODERATED_OUT, PolisFormatError, read_export
from ruamkan.opinions.models import Conversation, Statement, StatementVote
from ruamkan.opinions.services import _refresh_counts, analysis_compute
from ruamkan.spaces.models import Space


class Command(BaseCommand):
    help = "Import a Polis export folder (comments.csv, votes.csv, ...) into a space."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--space", required=True, help="slug of the space")
        parser.add_argument("--topic", default="")

    def handle(self, *args, **options):
        space = Space.objects.filter(slug=options["space"]).first()
        if space is None:
            raise CommandError(f"no space with the address {options['space']!r}")
        try:
            export = read_export(options["folder"])
        except (PolisFormatError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        status = {ACCEPTED: Statement.Status.ACCEPTED, MODERATED_OUT: Statement.Status.REJECTED}
        with transaction.atomic():
            conversation = Conversation.objects.create(
                space=space, topic=options["topic"] or export.summary.get("topic", "")[:200]
                or "Polis", description=export.summary.get("conversation-description", ""),
            )
            statements = Statement.objects.bulk_create(
                Statement(conversation=conversation, body=c.body[:280], external_id=c.id,
                          status=status.get(c.moderated, Statement.Status.PENDING))
                for c in export.comments
            )
            by_external = {s.external_id: s for s in statements}
            StatementVote.objects.bulk_create(
                (StatementVote(statement=by_external[v.statement_id],
                               external_participant=v.participant_id, value=v.vote)
                 for v in export.votes if v.statement_id in by_external),
                batch_size=5000,
            )
            for statement in statements:
                _refresh_counts(statement.pk)
        result = analysis_compute(conversation=conversation)
        self.stdout.write(
            f"imported conversation {conversation.pk}: {len(statements)} statements, "
            f"{len(export.votes)} votes, {result.get('group_count', 0)} groups"
        )
