"""Citizens' assemblies as JSON (read-only): panels, published results (no names) and the
recommendations with the local government's answers."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from ruamkan.api.pagination import MAX_OFFSET
from ruamkan.sortition import selectors
from ruamkan.sortition.models import Assembly, SelectionRun
from ruamkan.spaces.selectors import space_list_visible

PREFIX = "/assemblies/"
router = Router(tags=["assemblies"])


class QuotaOut(Schema):
    feature: str
    value: str
    min: int
    max: int


class QuotaResultOut(QuotaOut):
    selected: int
    met: bool


class SpreadOut(Schema):
    min: float
    median: float
    max: float
    equal_share: float


class ResultOut(Schema):
    algorithm: str
    seed: int
    seed_published_at: dt.datetime
    drawn_at: dt.datetime | None
    pool_size: int
    panel: list[str]  # random ids from the anonymised pool, never names
    quotas: list[QuotaResultOut]
    spread: SpreadOut | None
    probabilities: list[float]  # sorted, without ids
    pool_csv: str
    features_csv: str


class RecommendationOut(Schema):
    id: int
    text: str
    support_count: int
    answer: str | None
    answer_text: str
    answered_at: dt.datetime | None


class AssemblyOut(Schema):
    id: int
    space: str
    title: str
    remit: str
    size: int
    recruitment_opens_at: dt.datetime
    recruitment_closes_at: dt.datetime
    pool_size: int
    seed: int | None
    seed_published_at: dt.datetime | None
    quotas: list[QuotaOut]
    url: str


class AssemblyDetailOut(AssemblyOut):
    result: ResultOut | None
    recommendations: list[RecommendationOut]


def _out(assembly: Assembly) -> dict:
    return {
        "id": assembly.pk, "space": assembly.space.slug, "title": assembly.title,
        "remit": assembly.remit, "size": assembly.size,
        "recruitment_opens_at": assembly.recruitment_opens_at,
        "recruitment_closes_at": assembly.recruitment_closes_at,
        "pool_size": assembly.registrations.count(),
        "seed": assembly.seed if assembly.seed_is_public else None,
        "seed_published_at": assembly.seed_published_at,
        "quotas": [{"feature": q.feature, "value": q.value, "min": q.min, "max": q.max}
                   for q in assembly.quotas.all()],
        "url": assembly.get_absolute_url(),
    }


def _result(assembly: Assembly, run: SelectionRun | None) -> dict | None:
    if run is None:
        return None
    spread = run.spread if run.spread.get("min") is not None else None
    return {
        "algorithm": run.algorithm, "seed": run.seed, "seed_published_at": run.seed_published_at,
        "drawn_at": run.finished_at, "pool_size": run.pool_size, "panel": run.panel,
        "quotas": run.quota_counts, "spread": spread, "probabilities": run.probabilities,
        "pool_csv": f"/assemblies/{assembly.pk}/pool.csv",
        "features_csv": f"/assemblies/{assembly.pk}/features.csv",
    }


@router.get("", response=list[AssemblyOut], summary="List the citizens' assemblies you can see")
def list_assemblies(request: HttpRequest, space: str | None = None, limit: int = 50,
                    offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> list[dict]:
    qs = (Assembly.objects.filter(space__in=space_list_visible(user=request.user))
          .select_related("space").prefetch_related("quotas").order_by("-created_at", "-pk"))
    if space:
        qs = qs.filter(space__slug=space)
    limit = max(1, min(limit, 200))
    return [_out(a) for a in qs[offset:offset + limit]]


@router.get("/{assembly_id}", response=AssemblyDetailOut,
            summary="An assembly with its published result and recommendations")
def get_assembly(request: HttpRequest, assembly_id: int) -> dict:
    assembly = selectors.assembly_get_for_user(user=request.user, pk=assembly_id)
    return {
        **_out(assembly),
        "result": _result(assembly, selectors.run_published(assembly)),
        "recommendations": [
            {"id": r.pk, "text": r.text, "support_count": r.support_count,
             "answer": r.answer or None, "answer_text": r.answer_text,
             "answered_at": r.answered_at}
            for r in assembly.recommendations.all()
        ],
    }
