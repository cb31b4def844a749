import rules

from ruamkan.spaces.rules import can_manage_space, can_moderate_space, can_view_space


@rules.predicate
def can_view_budget(user, budget):
    return budget is not None and can_view_space(user, budget.space)


@rules.predicate
def can_manage_budget(user, budget):
    return budget is not None and can_manage_space(user, budget.space)


@rules.predicate
def can_review_projects(user, budget):
    """Feasibility review and paper-ballot entry: the owning local government's officials."""
    return budget is not None and can_moderate_space(user, budget.space)


rules.add_perm("budgeting.view_budget", can_view_budget)
rules.add_perm("budgeting.change_budget", can_manage_budget)
rules.add_perm("budgeting.review_projects", can_review_projects)
rules.add_perm("budgeting.enter_paper_ballots", can_review_projects)
