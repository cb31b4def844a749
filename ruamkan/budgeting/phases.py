from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.registry import PhaseContent, Requirement, methods

methods.register(
    PhaseContent(
        key="budgeting.submission",
        app_label="budgeting",
        name=_("Budget: project ideas"),
        description=_("People propose projects for the area's budget."),
        actions=("view", "create", "comment"),
        default_requirements={
            "create": Requirement(min_level=1),
            "comment": Requirement(min_level=1),
        },
        url_name="budgeting:phase",
        icon="💡",
    )
)
methods.register(
    PhaseContent(
        key="budgeting.review",
        app_label="budgeting",
        name=_("Budget: feasibility review"),
        description=_("Officials check each project's cost and feasibility, with reasons."),
        actions=("view", "comment"),
        default_requirements={"comment": Requirement(min_level=1)},
        url_name="budgeting:phase",
        icon="🔎",
    )
)
methods.register(
    PhaseContent(
        key="budgeting.voting",
        app_label="budgeting",
        name=_("Budget: voting"),
        description=_("Residents choose projects within the budget."),
        actions=("view", "vote"),
        default_requirements={"vote": Requirement(min_level=2, residency=True)},
        url_name="budgeting:phase",
        icon="🗳",
    )
)
methods.register(
    PhaseContent(
        key="budgeting.results",
        app_label="budgeting",
        name=_("Budget: results"),
        description=_(
            "Winning projects, spending, votes, and the public ballot file anyone can recount."
        ),
        actions=("view",),
        url_name="budgeting:phase",
        icon="📊",
    )
)
