"""Budget projects in the search index (for `manage.py search_reindex` and on every write)."""

from typing import Any

from ruamkan.budgeting.models import BudgetProject
from ruamkan.search.registry import register_indexer
from ruamkan.spaces.models import Space


def project_document(project: BudgetProject) -> dict[str, Any]:
    space = project.budget.space
    return {
        "obj": project,
        "title": project.title,
        "body": f"{project.description}\n{project.category}",
        "url": project.budget.get_absolute_url() + f"#project-{project.pk}",
        "is_public": space.is_published and space.visibility != Space.Visibility.PRIVATE
        and not project.is_hidden and project.status != BudgetProject.Status.WITHDRAWN,
        "space": space.pk,
        "local_government": space.local_government,
    }


@register_indexer
def budget_projects():
    for project in BudgetProject.objects.select_related("budget__space__local_government"):
        yield project_document(project)
