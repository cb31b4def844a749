"""The phases every space can use without a method app: information and open discussion."""

from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.registry import PhaseContent, Requirement, methods

methods.register(
    PhaseContent(
        key="spaces.information",
        app_label="spaces",
        name=_("Information"),
        description=_("Share what is planned and why (inform)."),
        actions=("view",),
        icon="ℹ",
    )
)
methods.register(
    PhaseContent(
        key="spaces.discussion",
        app_label="spaces",
        name=_("Open discussion"),
        description=_("People comment for, against or neutrally (consult)."),
        actions=("view", "comment"),
        default_requirements={"comment": Requirement(min_level=1)},
        url_name="spaces:phase",
        icon="💬",
    )
)
