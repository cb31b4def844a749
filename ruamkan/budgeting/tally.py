"""Results of a budget in the database, computed by the same rules as `pb_tally` (lib/rules.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ruamkan.budgeting.audit import budget_election
from ruamkan.budgeting.lib import rules as pb_rules
from ruamkan.budgeting.models import Budget
from ruamkan.budgeting.selectors import votes_per_project


def run_rule(election: Any, rule: str) -> Any:
    """Dispatch a rule name as in Pabulib's SOURCES.md (greedy, mes, mes-plain, phragmen)."""
    return pb_rules.tally(election, rule)


@dataclass
class Outcome:
    rule: str
    rule_label: str
    ballots: int
    spent: int
    selected_ids: list[int]
    rows: list[dict[str, Any]] = field(default_factory=list)


def budget_outcome(budget: Budget, rule: str | None = None) -> Outcome:
    rule = rule or budget.rule
    election = budget_election(budget)
    votes = votes_per_project(budget)
    selected: list[int] = []
    if election.ballots:
        result = run_rule(election, rule)
        selected = [int(election.projects[i].id) for i in result.selected]
    by_id = {p.pk: p for p in budget.projects.filter(pk__in=[int(p.id) for p in election.projects])}
    counts = {
        pk: (
            votes.get(pk, {}).get("points", 0)
            if budget.ballot_type == "cumulative"
            else votes.get(pk, {}).get("ballots", 0)
        )
        for pk in by_id
    }
    top = max(counts.values(), default=0) or 1
    rows = [
        {
            "id": pk,
            "title": project.title,
            "cost": project.cost,
            "votes": counts[pk],
            "selected": pk in selected,
            "percent_step": round(20 * counts[pk] / top),
        }
        for pk, project in sorted(by_id.items(), key=lambda kv: (-counts[kv[0]], kv[1].title))
    ]
    return Outcome(
        rule=rule,
        rule_label=str(Budget.Rule(rule).label),
        ballots=len(election.ballots),
        spent=sum(by_id[pk].cost for pk in selected),
        selected_ids=selected,
        rows=rows,
    )


def compare_rules(budget: Budget) -> list[dict[str, Any]]:
    out = []
    for rule in Budget.Rule.values:
        try:
            outcome = budget_outcome(budget, rule)
        except pb_rules.RuleError:
            out.append(
                {"label": Budget.Rule(rule).label, "titles": [_("not for this ballot")], "spent": 0}
            )
            continue
        titles = [r["title"] for r in outcome.rows if r["selected"]]
        out.append({"label": outcome.rule_label, "titles": titles, "spent": outcome.spent})
    return out
