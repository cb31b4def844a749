"""Writes for citizens' assemblies: set-up, the pool, the seed, the draw, replacements, and what
the panel produces."""

from __future__ import annotations

import csv
import io
import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.core.audit import audit_record
from ruamkan.sortition import selectors
from ruamkan.sortition.lib import (
    InputFileError,
    SortitionError,
    choose_replacements,
    parse_features,
    parse_people,
    select_panel,
)
from ruamkan.sortition.models import (
    Assembly,
    Meeting,
    Member,
    Quota,
    Recommendation,
    Registration,
    SelectionRun,
)
from ruamkan.sortition.rules import can_answer_recommendations, can_manage_assembly
from ruamkan.spaces.services import notify

ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at public draws
MAX_SEED = 2**63 - 1


def _audit(by: Any, action: str, obj: Any, assembly: Assembly, **detail: Any) -> None:
    audit_record(actor=by, action=f"sortition.{action}", obj=obj,
                 local_government=assembly.space.local_government, **detail)


def _require_manager(by: Any, assembly: Assembly) -> None:
    if not can_manage_assembly(by, assembly):
        raise PermissionDenied(_("Only the organisers of this space can do that."))


def _require_unlocked(assembly: Assembly) -> None:
    if assembly.seed_published_at is not None:
        raise ValidationError(_("The seed is published: the pool and the quotas are frozen."))
    if selectors.run_published(assembly) is not None:
        raise ValidationError(_("The panel has been drawn."))


def _new_public_ids(assembly: Assembly, count: int) -> list[str]:
    taken = set(assembly.registrations.values_list("public_id", flat=True))
    ids: list[str] = []
    while len(ids) < count:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
        if candidate not in taken:
            taken.add(candidate)
            ids.append(candidate)
    return ids


@transaction.atomic
def assembly_create(*, by: Any, space: Any, title: str, remit: str, size: int,
                    recruitment_opens_at: Any, recruitment_closes_at: Any,
                    consent_text: str = "") -> Assembly:
    assembly = Assembly(space=space, title=title, remit=remit, size=size,
                        recruitment_opens_at=recruitment_opens_at,
                        recruitment_closes_at=recruitment_closes_at,
                        consent_text=consent_text, created_by=by)
    _require_manager(by, assembly)
    if recruitment_closes_at <= recruitment_opens_at:
        raise ValidationError(
            {"recruitment_closes_at": _("Registration must close after it opens.")})
    assembly.save()
    _audit(by, "assembly_create", assembly, assembly)
    return assembly


@transaction.atomic
def assembly_update(*, by: Any, assembly: Assembly, **fields: Any) -> Assembly:
    _require_manager(by, assembly)
    frozen = ("size", "recruitment_opens_at", "recruitment_closes_at")
    if any(name in fields and fields[name] != getattr(assembly, name) for name in frozen):
        _require_unlocked(assembly)
    for name, value in fields.items():
        setattr(assembly, name, value)
    if assembly.recruitment_closes_at <= assembly.recruitment_opens_at:
        raise ValidationError(
            {"recruitment_closes_at": _("Registration must close after it opens.")})
    assembly.save()
    _audit(by, "assembly_update", assembly, assembly)
    return assembly


def _check_feature_set_unchanged(assembly: Assembly, pairs: set[tuple[str, str]]) -> None:
    """Once people have registered, their answers must stay valid: only min/max may change."""
    if not assembly.registrations.exists():
        return
    current = {(q.feature, q.value) for q in assembly.quotas.all()}
    if pairs != current:
        raise ValidationError(_("People have already registered with these features and values: "
                                "only the minimum and maximum can change now."))


@transaction.atomic
def quota_set(*, by: Any, assembly: Assembly, feature: str, value: str, minimum: int,
              maximum: int) -> Quota:
    _require_manager(by, assembly)
    _require_unlocked(assembly)
    feature, value = feature.strip(), value.strip()
    if not feature or not value:
        raise ValidationError(_("Give the feature and the value."))
    if minimum > maximum:
        raise ValidationError(_("The minimum is greater than the maximum."))
    existing = assembly.quotas.filter(feature__iexact=feature, value__iexact=value).first()
    if existing is None:
        pairs = {(q.feature, q.value) for q in assembly.quotas.all()} | {(feature, value)}
        _check_feature_set_unchanged(assembly, pairs)
        same_feature = assembly.quotas.filter(feature__iexact=feature).first()
        if same_feature is not None:
            feature = same_feature.feature  # one spelling per feature
        last = assembly.quotas.order_by("-position").first()
        return Quota.objects.create(assembly=assembly, feature=feature, value=value,
                                    min=minimum, max=maximum,
                                    position=(last.position + 1) if last else 0)
    existing.min, existing.max = minimum, maximum
    existing.save(update_fields=["min", "max"])
    return existing


@transaction.atomic
def quota_delete(*, by: Any, quota: Quota) -> None:
    assembly = quota.assembly
    _require_manager(by, assembly)
    _require_unlocked(assembly)
    pairs = {(q.feature, q.value) for q in assembly.quotas.exclude(pk=quota.pk)}
    _check_feature_set_unchanged(assembly, pairs)
    quota.delete()


@transaction.atomic
def features_import(*, by: Any, assembly: Assembly, text: str) -> int:
    """Replace the quotas with a features CSV (feature,value,min,max). All or nothing."""
    _require_manager(by, assembly)
    _require_unlocked(assembly)
    try:
        features = parse_features(text, name="features.csv")
    except InputFileError as error:
        raise ValidationError([str(p) for p in error.problems]) from error
    rows = features.all_quotas()
    _check_feature_set_unchanged(assembly, {(q.feature, q.value) for q in rows})
    assembly.quotas.all().delete()
    Quota.objects.bulk_create([
        Quota(assembly=assembly, feature=q.feature, value=q.value, min=q.min, max=q.max,
              position=i)
        for i, q in enumerate(rows)
    ])
    return len(rows)


@transaction.atomic
def registration_create(*, person: Any, assembly: Assembly, values: dict[str, str],
                        consent: bool) -> Registration:
    check = selectors.register_check(user=person, assembly=assembly)
    if not check.allowed:
        raise PermissionDenied(check.reason)
    if not consent:
        raise ValidationError(_("Please agree to how your answers are used."))
    features = selectors.features_of(assembly)
    clean: dict[str, str] = {}
    for name, quotas in features.items():
        allowed = {q.value for q in quotas}
        if values.get(name) not in allowed:
            raise ValidationError(_("Choose a value for “%(feature)s”.") % {"feature": name})
        clean[name] = values[name]
    if not clean:
        raise ValidationError(_("This assembly has no features yet."))
    registration = Registration(
        assembly=assembly, person=person, values=clean, source=Registration.Source.SELF,
        public_id=_new_public_ids(assembly, 1)[0], consented_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # two tabs at once: the constraint keeps one
        raise ValidationError(_("You have already registered for this assembly.")) from error
    return registration


@transaction.atomic
def registration_withdraw(*, person: Any, assembly: Assembly) -> bool:
    """People may leave the pool until the seed is published."""
    if assembly.seed_published_at is not None or selectors.run_published(assembly):
        raise ValidationError(_("The seed is published: the pool is frozen."))
    deleted, _rows = assembly.registrations.filter(person=person).delete()
    return bool(deleted)


@transaction.atomic
def invitations_import(*, by: Any, assembly: Assembly, text: str) -> int:
    """Add the people of an invitation list (people CSV: id + one column per feature; other
    columns such as name and phone are kept for officials). Any bad line: nothing is added."""
    _require_manager(by, assembly)
    _require_unlocked(assembly)
    features_text = selectors.features_csv(assembly)
    if not assembly.quotas.exists():
        raise ValidationError(_("Set the features and quotas before importing people."))
    features = parse_features(features_text)
    try:
        pool = parse_people(text, features, name="people.csv")
    except InputFileError as error:
        raise ValidationError([str(p) for p in error.problems]) from error
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = [h.strip() for h in next(reader)]
    lowered = [h.casefold() for h in header]
    feature_cols = {n.casefold() for n in features.names} | {"id"}
    extra = [(i, h) for i, h in enumerate(header) if lowered[i] not in feature_cols]
    extras_by_line: dict[int, dict[str, str]] = {}
    for row in reader:
        if any(cell.strip() for cell in row):
            extras_by_line[reader.line_num] = {h: row[i].strip() for i, h in extra if i < len(row)}
    known = dict(assembly.registrations.exclude(external_id="")
                 .values_list("external_id", "public_id"))
    problems = [
        _("line %(line)d: id %(id)r was imported before") % {"line": line, "id": pid}
        for pid, line in zip(pool.ids, pool.lines, strict=True) if pid in known
    ]
    if problems:
        raise ValidationError(problems)
    public_ids = _new_public_ids(assembly, len(pool))
    now = timezone.now()
    Registration.objects.bulk_create([
        Registration(assembly=assembly, public_id=public_ids[k], source=Registration.Source.IMPORT,
                     external_id=pid, values=dict(zip(features.names, values, strict=True)),
                     details=extras_by_line.get(line, {}), consented_at=now)
        for k, (pid, values, line) in enumerate(zip(pool.ids, pool.values, pool.lines,
                                                    strict=True))
    ])
    _audit(by, "invitations_import", assembly, assembly, people=len(pool))
    return len(pool)


@transaction.atomic
def seed_publish(*, by: Any, assembly: Assembly, seed: int | None = None) -> Assembly:
    """Commit to the seed in public before the draw. Once published it cannot change."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    _require_manager(by, assembly)
    if assembly.seed_published_at is not None:
        raise ValidationError(_("The seed is already published."))
    if selectors.run_published(assembly) is not None:
        raise ValidationError(_("The panel has been drawn."))
    if seed is None:
        seed = secrets.randbelow(10**9)
    if not 0 <= seed <= MAX_SEED:
        raise ValidationError(_("The seed must be a whole number, 0 or more."))
    assembly.seed = seed
    assembly.seed_published_at = timezone.now()
    assembly.seed_published_by = by
    assembly.save(update_fields=["seed", "seed_published_at", "seed_published_by", "updated_at"])
    _audit(by, "seed_publish", assembly, assembly, seed=seed)
    return assembly


def selection_start(*, by: Any, assembly: Assembly) -> SelectionRun:
    """Queue the draw. It runs as a background task; the page follows its progress."""
    with transaction.atomic():
        assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
        _require_manager(by, assembly)
        if not assembly.seed_is_public:
            raise ValidationError(_("Publish the lottery seed first: the draw uses it, and "
                                    "everyone must be able to see it before the draw."))
        if selectors.run_published(assembly) is not None:
            raise ValidationError(_("The panel has been drawn."))
        if assembly.runs.filter(status__in=[SelectionRun.Status.QUEUED,
                                            SelectionRun.Status.RUNNING]).exists():
            raise ValidationError(_("A draw is already running."))
        if not assembly.quotas.exists():
            raise ValidationError(_("Set the features and quotas first."))
        # seed_is_public (checked above) means both are set.
        assert assembly.seed is not None and assembly.seed_published_at is not None
        run = SelectionRun.objects.create(
            assembly=assembly, seed=assembly.seed, seed_published_at=assembly.seed_published_at,
            size=assembly.size, pool_csv=selectors.pool_csv(assembly),
            features_csv=selectors.features_csv(assembly), started_by=by,
            message=_("Waiting for a worker"),
        )
        _audit(by, "draw_start", run, assembly, seed=run.seed)
    # Enqueued after the commit, so a worker never sees a run that is not there yet.
    from ruamkan.sortition.tasks import run_selection

    run_selection.enqueue(run.pk)
    return run


def _progress_saver(run: SelectionRun):
    last = [0.0]

    def save(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and fraction < 1.0:
            return  # the page polls every 2 s: no need to write more often
        last[0] = now
        SelectionRun.objects.filter(pk=run.pk).update(progress=max(0.0, min(1.0, fraction)),
                                                      message=str(message)[:300])

    return save


def selection_execute(*, run_id: int) -> SelectionRun | None:
    """The body of the background task: draw the panel from the run's frozen files."""
    run = SelectionRun.objects.select_related("assembly", "assembly__space").filter(
        pk=run_id).first()
    if run is None or run.status != SelectionRun.Status.QUEUED:
        return run
    run.status = SelectionRun.Status.RUNNING
    run.started_at = timezone.now()
    run.message = _("Finding the fairest distribution of panels")
    run.save(update_fields=["status", "started_at", "message", "updated_at"])
    try:
        features = parse_features(run.features_csv, name="features.csv")
        pool = parse_people(run.pool_csv, features, name="pool.csv")
        result = select_panel(pool, features, run.size, seed=run.seed, algorithm=run.algorithm,
                              progress=_progress_saver(run))
    except (SortitionError, ValueError) as error:
        _selection_failed(run, error)
        return run
    except Exception as error:
        # Never leave a run "running" forever: record the failure, then let the worker log it.
        _selection_failed(run, RuntimeError(_("An internal error stopped the draw.")))
        raise error
    with transaction.atomic():
        run.status = SelectionRun.Status.DONE
        run.finished_at = timezone.now()
        run.progress = 1.0
        run.message = _("Panel drawn")
        run.pool_size = result.pool_size
        run.panel = result.panel
        run.quota_counts = [
            {"feature": q.feature, "value": q.value, "min": q.min, "max": q.max,
             "selected": q.selected, "met": q.met}
            for q in result.quotas
        ]
        run.probabilities = [round(p, 6) for p in result.anonymous_probabilities()]
        run.spread = {**(result.spread() or {}), "never_selectable": len(result.never_selectable),
                      "panels": len(result.distribution)}
        run.seconds = result.seconds
        run.save()
        registrations = {r.public_id: r for r in run.assembly.registrations.filter(
            public_id__in=result.panel).select_related("person")}
        Member.objects.bulk_create([
            Member(assembly=run.assembly, registration=registrations[pid], run=run)
            for pid in result.panel
        ])
        _notify_selected(run.assembly, [registrations[pid] for pid in result.panel])
    return run


def _selection_failed(run: SelectionRun, error: Exception) -> None:
    problems = getattr(error, "problems", None)
    text = "\n".join(str(p) for p in problems) if problems else str(error)
    with transaction.atomic():
        run.status = SelectionRun.Status.FAILED
        run.finished_at = timezone.now()
        run.error = text
        run.message = _("No panel was drawn")
        run.save(update_fields=["status", "finished_at", "error", "message", "updated_at"])
        # The seed was used for a draw that failed: it stays on the failed run (in public), and
        # the organisers fix the quotas and publish a new seed before trying again.
        Assembly.objects.filter(pk=run.assembly_id).update(
            seed=None, seed_published_at=None, seed_published_by=None)


def _notify_selected(assembly: Assembly, registrations: Iterable[Registration]) -> None:
    people = [r.person for r in registrations if r.person_id]
    notify(users=people, verb="assembly_selected",
           text=_("You were drawn for the citizens' assembly “%(title)s”. The organisers will "
                  "contact you.") % {"title": assembly.title},
           url=assembly.get_absolute_url())


@transaction.atomic
def member_decline(*, by: Any, member: Member) -> list[Member]:
    """Record that a member declined and draw replacements that keep the quotas (reproducible
    from the seed: the engine reseeds from it and excludes everyone asked before)."""
    member = Member.objects.select_for_update().select_related("assembly", "run").get(
        pk=member.pk)
    assembly = member.assembly
    _require_manager(by, assembly)
    if member.status != Member.Status.SELECTED:
        raise ValidationError(_("This person has already declined."))
    run = member.run
    features = parse_features(run.features_csv, name="features.csv")
    pool = parse_people(run.pool_csv, features, name="pool.csv")
    seats = list(assembly.members.select_related("registration"))
    kept = [m.registration.public_id for m in seats
            if m.status == Member.Status.SELECTED and m.pk != member.pk]
    asked_before = [m.registration.public_id for m in seats if m.status == Member.Status.DECLINED]
    try:
        chosen = choose_replacements(pool, features, kept=kept,
                                     declined=[member.registration.public_id],
                                     excluded=asked_before, seed=run.seed)
    except SortitionError as error:
        raise ValidationError(
            [_("No replacement keeps the quotas.")] + [str(p) for p in error.problems]
        ) from error
    member.status = Member.Status.DECLINED
    member.declined_at = timezone.now()
    member.save(update_fields=["status", "declined_at", "updated_at"])
    next_round = max(m.round for m in seats) + 1
    registrations = {r.public_id: r for r in assembly.registrations.filter(
        public_id__in=chosen).select_related("person")}
    replacements = [
        Member.objects.create(assembly=assembly, registration=registrations[pid], run=run,
                              replaces=member, round=next_round)
        for pid in chosen
    ]
    _notify_selected(assembly, [m.registration for m in replacements])
    _audit(by, "member_decline", member, assembly, replacements=chosen)
    return replacements


@transaction.atomic
def meeting_save(*, by: Any, assembly: Assembly, meeting: Meeting | None = None,
                 **fields: Any) -> Meeting:
    _require_manager(by, assembly)
    meeting = meeting or Meeting(assembly=assembly)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    return meeting


@transaction.atomic
def recommendation_create(*, by: Any, assembly: Assembly, text: str, support_count: int,
                          meeting: Meeting | None = None) -> Recommendation:
    _require_manager(by, assembly)
    if selectors.run_published(assembly) is None:
        raise ValidationError(_("The panel has not been drawn yet."))
    if meeting is not None and meeting.assembly_id != assembly.pk:
        raise ValidationError(_("That meeting belongs to another assembly."))
    if support_count > assembly.size:
        raise ValidationError({"support_count": _("More supporters than members (%(n)d).")
                               % {"n": assembly.size}})
    return Recommendation.objects.create(assembly=assembly, text=text.strip(),
                                         support_count=support_count, meeting=meeting)


@transaction.atomic
def recommendation_answer(*, by: Any, recommendation: Recommendation, answer: str,
                          text: str) -> Recommendation:
    if not can_answer_recommendations(by, recommendation.assembly):
        raise PermissionDenied(_("Only officials of the local government that owns this "
                                 "assembly can answer."))
    if answer not in Recommendation.Answer.values:
        raise ValidationError({"answer": _("Choose accepted, partly accepted or rejected.")})
    if not text.strip():
        raise ValidationError({"answer_text": _("Give the reasons for the answer.")})
    recommendation.answer = answer
    recommendation.answer_text = text.strip()
    recommendation.answered_by = by
    recommendation.answered_at = timezone.now()
    recommendation.save()
    _audit(by, "recommendation_answer", recommendation, recommendation.assembly, answer=answer)
    members = [m.registration.person for m in selectors.members_serving(recommendation.assembly)
               if m.registration.person_id]
    notify(users=members, verb="assembly_answer",
           text=_("The local government answered a recommendation of “%(title)s”.")
           % {"title": recommendation.assembly.title},
           url=recommendation.assembly.get_absolute_url())
    return recommendation
