from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "ruamkan.spaces"
    label = "spaces"
    verbose_name = _("Participation spaces")

    def ready(self) -> None:
        from ruamkan.spaces import registry

        # Each method app declares its phase content in phases.py (as adhocracy4 does).
        autodiscover_modules("phases", register_to=registry.methods)
