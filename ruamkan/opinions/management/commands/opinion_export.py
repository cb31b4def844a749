"""Export a conversation in the Polis openData format (no personal data: participants are
numbered, not named)."""

from django.core.management.base import BaseCommand, CommandError

from ruamkan.opinions.lib.polis_io import (
    ACCEPTED,
    MODERATED_OUT,
    UNMODERATED,
    Comment,
    Vote,
    write_export,
)
from ruamkan.opinions.models import Conversation, Statement, StatementVote

STATUS = {Statement.Status.ACCEPTED: ACCEPTED, Statement.Status.REJECTED: MODERATED_OUT,
          Statement.Status.PENDING: UNMODERATED}


class Command(BaseCommand):
    help = "Write a conversation as a Polis export folder."

    def add_arguments(self, parser):
        parser.add_argument("--conversation", type=int, required=True)
        parser.add_argument("folder")

    def handle(self, *args, **options):
        conversation = Conversation.objects.filter(pk=options["conversation"]).first()
        if conversation is None:
            raise CommandError(f"no conversation {options['conversation']}")
        numbers: dict[tuple[str, int], int] = {}

        def participant(user_id, external):
            key = ("u", user_id) if user_id is not None else ("x", external)
            return numbers.setdefault(key, len(numbers))

        comments = [
            Comment(id=s.pk, author_id=participant(s.author_id, -1) if s.author_id else -1,
                    body=s.body, moderated=STATUS[s.status] if not s.is_hidden else MODERATED_OUT)
            for s in conversation.statements.order_by("pk")
        ]
        votes = [
            Vote(participant_id=participant(uid, ext), statement_id=sid, vote=value)
            for uid, ext, sid, value in StatementVote.objects.filter(
                statement__conversation=conversation
            ).order_by("pk").values_list("participant_id", "external_participant",
                                          "statement_id", "value")
        ]
        groups = {}
        analysis_groups = (conversation.analysis or {}).get("groups", {})
        for key, number in numbers.items():
            pid = key[1] if key[0] == "u" else 10**12 + (key[1] or 0)
            if str(pid) in analysis_groups:
                groups[number] = analysis_groups[str(pid)]
        write_export(options["folder"], comments=comments, votes=votes, groups=groups,
                     summary={"topic": conversation.topic})
        self.stdout.write(f"wrote {len(comments)} statements and {len(votes)} votes")
