from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.registry import PhaseContent, Requirement, methods

methods.register(PhaseContent(
    key="polls.decision", app_label="polls", name=_("Decision polls"),
    description=_("Proposals, choices, scores, ranked choice and meeting times, with quorum."),
    actions=("view", "vote"),
    default_requirements={"vote": Requirement(min_level=1)},
    url_name="polls:phase", icon="✅",
))
