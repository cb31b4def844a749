from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "ruamkan.deliberation"
    label = "deliberation"
    verbose_name = _("Co-governance: proposals, debates, forums and results")
