from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from ruamkan.core.demo import DemoContext, demo_modules


class Command(BaseCommand):
    help = "Load the Narathiwat demo (idempotent) and print a login for each role."

    def handle(self, *args, **options):
        ctx = DemoContext(out=self.stdout)
        for module in demo_modules():
            with transaction.atomic():
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("\nRuamkan demo (Narathiwat) is ready."))
        self.stdout.write(f"Demo logins (password for all: {settings.RUAMKAN_DEMO_PASSWORD}):")
        for role, login, _password in ctx.logins:
            self.stdout.write(f"  {role:<32} {login}")
        self.stdout.write(f"Open {settings.SITE_URL}/\n")
