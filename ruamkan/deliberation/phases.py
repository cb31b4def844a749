"""The co-governance phases: collect proposals, debate, public forums, results."""

from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.registry import PhaseContent, Requirement, methods


def _count_proposals(phase) -> int:
    from ruamkan.deliberation.models import Proposal

    return Proposal.objects.filter(phase=phase, state=Proposal.State.PUBLISHED).count()


methods.register(PhaseContent(
    key="deliberation.proposals", app_label="deliberation", name=_("Citizens' proposals"),
    description=_("People propose, support and improve ideas; popular ones get an official answer."),
    actions=("view", "create", "comment", "support", "amend"),
    default_requirements={
        "create": Requirement(min_level=1),
        "comment": Requirement(min_level=1),
        "amend": Requirement(min_level=1),
        # One support per real resident: verified residency, as a petition would require.
        "support": Requirement(min_level=2, residency=True),
    },
    url_name="deliberation:phase", count=_count_proposals, icon="💡",
))
methods.register(PhaseContent(
    key="deliberation.debate", app_label="deliberation", name=_("Debate"),
    description=_("An open question; arguments for and against; officials write the conclusion."),
    actions=("view", "comment"),
    default_requirements={"comment": Requirement(min_level=1)},
    url_name="deliberation:phase", icon="⚖",
))
methods.register(PhaseContent(
    key="deliberation.forums", app_label="deliberation", name=_("Public forums (ประชาคม)"),
    description=_("Meetings with registration, attendance, minutes and resolutions."),
    actions=("view", "register", "comment"),
    default_requirements={"register": Requirement(min_level=1), "comment": Requirement(min_level=1)},
    url_name="deliberation:phase", icon="🏛",
))
methods.register(PhaseContent(
    key="deliberation.results", app_label="deliberation", name=_("From voice to result"),
    description=_("What became of the proposals: plan items, budget and progress."),
    actions=("view", "comment"),
    default_requirements={"comment": Requirement(min_level=1)},
    url_name="deliberation:phase", icon="📈",
))
