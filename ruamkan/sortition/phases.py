from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.registry import PhaseContent, Requirement, methods


def _count(phase) -> int:
    from ruamkan.sortition.models import Assembly

    return Assembly.objects.filter(space_id=phase.space_id).count()


methods.register(PhaseContent(
    key="sortition.assembly", app_label="sortition", name=_("Citizens' assembly by lot"),
    description=_("Register your interest; a panel that looks like the town is drawn by lot "
                  "from everyone who did, meets, and makes recommendations the local "
                  "government answers in public."),
    actions=("view", "register"),
    default_requirements={"register": Requirement(min_level=1)},
    url_name="sortition:phase", count=_count, icon="🎲",
))
