from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ruamkan.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from ruamkan.accounts.pdpa import registry

        # Every app's pdpa.py registers what it holds about a person (export and erasure).
        autodiscover_modules("pdpa", register_to=registry)
