"""Create, list or revoke Open311 API keys. The key is shown once; only its hash is stored."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ruamkan.servicerequests.models import ApiClient
from ruamkan.servicerequests.services import api_client_create, api_client_revoke


class Command(BaseCommand):
    help = "Manage Open311 API keys: create NAME | revoke NAME | list"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument("name", nargs="?")

    def handle(self, *args, **options):
        action, name = options["action"], options.get("name")
        if action == "list":
            for client in ApiClient.objects.all():
                state = "active" if client.is_active else "revoked"
                self.stdout.write(f"{client.name}\t{client.key_prefix}…\t{state}")
            return
        if not name:
            raise CommandError("NAME is required")
        if action == "create":
            try:
                _client, key = api_client_create(name=name)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(key)
            return
        if not api_client_revoke(name=name):
            raise CommandError(f"No client named {name}")
        self.stdout.write(f"revoked {name}")
