from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.registry import PhaseContent, Requirement, methods

methods.register(PhaseContent(
    key="opinions.conversation", app_label="opinions", name=_("Opinion mapping"),
    description=_("Vote agree, disagree or pass on short statements, add your own, and see "
                  "the groups of opinion and where everyone agrees."),
    actions=("view", "vote", "create"),
    default_requirements={"vote": Requirement(min_level=1), "create": Requirement(min_level=1)},
    url_name="opinions:phase", icon="🗺",
))
