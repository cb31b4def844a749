"""Citizens' assemblies through HTTP: registration, import, the published seed, the draw as a
background task, the public result and its reproducibility, replacements, answers, privacy."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ruamkan.core.models import AuditEvent
from ruamkan.sortition.lib import choose_replacements, parse_features, parse_people
from ruamkan.sortition.models import (
    Assembly,
    Member,
    Quota,
    Recommendation,
    Registration,
    SelectionRun,
)
from ruamkan.spaces.models import Notification, Phase
from ruamkan.spaces.tests.factories import SpaceFactory

GENDERS = ["หญิง", "ชาย"]
AGES = ["18-34", "35-59", "60+"]
QUOTAS = [("เพศ", "หญิง", 3, 3), ("เพศ", "ชาย", 3, 3),
          ("ช่วงอายุ", "18-34", 1, 3), ("ช่วงอายุ", "35-59", 1, 3), ("ช่วงอายุ", "60+", 1, 3)]


def people_csv(count: int, *, start: int = 0) -> str:
    rows = ["id,ชื่อ,เพศ,ช่วงอายุ"]
    for i in range(start, start + count):
        # more young women than old men, so that the fair lottery has something to balance
        age = AGES[(i * 7) % 5 % 3]
        rows.append(f"INV{i:03d},ผู้ได้รับเชิญ {i},{GENDERS[i % 2]},{age}")
    return "\n".join(rows) + "\n"


def upload(client, name: str, assembly: Assembly, text: str):
    url = reverse(f"sortition:{name}", args=[assembly.pk])
    file = SimpleUploadedFile("file.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(url, {"file": file}, follow=True)


@pytest.fixture
def assembly(place):
    space = SpaceFactory(local_government=place["town"], slug="flood-assembly")
    now = timezone.now()
    Phase.objects.create(space=space, content_key="sortition.assembly",
                         starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=30))
    assembly = Assembly.objects.create(
        space=space, title="สมัชชาพลเมืองเรื่องน้ำท่วม", remit="ควรป้องกันน้ำท่วมอย่างไร", size=6,
        recruitment_opens_at=now - dt.timedelta(days=1),
        recruitment_closes_at=now + dt.timedelta(days=10),
    )
    for i, (feature, value, low, high) in enumerate(QUOTAS):
        Quota.objects.create(assembly=assembly, feature=feature, value=value, min=low, max=high,
                             position=i)
    return assembly


@pytest.fixture
def pool(client, place, assembly):
    client.force_login(place["people"]["lg_admin"])
    response = upload(client, "invitations_upload", assembly, people_csv(30))
    assert assembly.registrations.count() == 30, response.content.decode()[:2000]
    client.logout()
    return assembly


def publish_seed(client, assembly, seed=4242):
    return client.post(reverse("sortition:seed", args=[assembly.pk]), {"seed": seed})


def start_draw(client, assembly):
    return client.post(reverse("sortition:draw", args=[assembly.pk]), follow=True)


@pytest.fixture
def drawn(client, place, pool):
    client.force_login(place["people"]["lg_admin"])
    publish_seed(client, pool)
    start_draw(client, pool)
    client.logout()
    run = SelectionRun.objects.get(assembly=pool)
    assert run.status == "done", run.error
    return pool


def serving_counts(assembly) -> Counter:
    counts: Counter = Counter()
    for m in assembly.members.filter(status="selected").select_related("registration"):
        for feature, value in m.registration.values.items():
            counts[(feature, value)] += 1
    return counts


@pytest.mark.django_db
def test_register_once_with_consent(client, place, assembly):
    url = reverse("sortition:register", args=[assembly.pk])
    citizen = place["people"]["citizen"]
    client.force_login(citizen)
    page = client.get(assembly.get_absolute_url()).content.decode()
    assert 'id="consent-text"' in page and 'name="f0"' in page
    client.post(url, {"f0": "หญิง", "f1": "60+"})  # no consent: refused
    assert not Registration.objects.exists()
    client.post(url, {"f0": "หญิง", "f1": "60+", "consent": "on"})
    registration = Registration.objects.get(person=citizen)
    assert registration.values == {"เพศ": "หญิง", "ช่วงอายุ": "60+"}
    assert len(registration.public_id) == 8 and registration.consented_at
    client.post(url, {"f0": "ชาย", "f1": "18-34", "consent": "on"})
    assert Registration.objects.filter(person=citizen).count() == 1
    assert Registration.objects.get(person=citizen).values["เพศ"] == "หญิง"
    # the database holds the line too, not just the view
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(assembly=assembly, person=citizen, public_id="ZZZZ2222",
                                    values={"เพศ": "ชาย", "ช่วงอายุ": "18-34"})
    client.force_login(place["people"]["newcomer"])  # unverified: the phase needs level 1
    client.post(url, {"f0": "ชาย", "f1": "18-34", "consent": "on"})
    client.force_login(place["people"]["resident"])
    client.post(url, {"f0": "ชาย", "f1": "ไม่มีค่านี้", "consent": "on"})  # unknown value
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_import_with_a_malformed_line_imports_nothing(client, place, assembly):
    bad = people_csv(5).replace("INV002,ผู้ได้รับเชิญ 2,หญิง", "INV002,ผู้ได้รับเชิญ 2,ไม่ระบุ")
    client.force_login(place["people"]["citizen"])
    assert upload(client, "invitations_upload", assembly, people_csv(5)).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    page = upload(client, "invitations_upload", assembly, bad).content.decode()
    assert not Registration.objects.exists()
    assert "4" in page and "ไม่ระบุ" in page  # names the line (the header is line 1) and value
    short = people_csv(5) + "INV099,ขาดคอลัมน์\n"
    page = upload(client, "invitations_upload", assembly, short).content.decode()
    assert "7" in page and not Registration.objects.exists()
    upload(client, "invitations_upload", assembly, people_csv(5))
    assert Registration.objects.count() == 5
    imported = Registration.objects.get(external_id="INV002")
    assert imported.details == {"ชื่อ": "ผู้ได้รับเชิญ 2"} and imported.source == "import"
    page = upload(client, "invitations_upload", assembly, people_csv(3, start=4)).content.decode()
    assert Registration.objects.count() == 5 and "INV004" in page  # imported before


@pytest.mark.django_db
def test_seed_must_be_published_before_the_draw(client, place, pool):
    client.force_login(place["people"]["lg_admin"])
    start_draw(client, pool)
    assert not SelectionRun.objects.exists()
    client.force_login(place["people"]["citizen"])
    assert publish_seed(client, pool).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    publish_seed(client, pool, seed=987654321)
    pool.refresh_from_db()
    assert pool.seed == 987654321 and pool.seed_published_at is not None
    publish_seed(client, pool, seed=1)  # a published seed never changes
    pool.refresh_from_db()
    assert pool.seed == 987654321
    page = client.get(pool.get_absolute_url()).content.decode()
    assert "987654321" in page
    assert AuditEvent.objects.filter(action="sortition.seed_publish",
                                     actor=place["people"]["lg_admin"]).count() == 1
    # nor can the panel size or the window change any more
    client.post(reverse("sortition:edit", args=[pool.pk]), {
        "title": pool.title, "remit": pool.remit, "size": 8, "consent_text": "",
        "recruitment_opens_at": "2026-01-01T09:00", "recruitment_closes_at": "2026-02-01T09:00"})
    pool.refresh_from_db()
    assert pool.size == 6
    client.logout()
    assert "987654321" in client.get(pool.get_absolute_url()).content.decode()
    # the pool is frozen once the seed is public
    client.force_login(place["people"]["citizen"])
    client.post(reverse("sortition:register", args=[pool.pk]),
                {"f0": "ชาย", "f1": "18-34", "consent": "on"})
    assert pool.registrations.count() == 30


@pytest.mark.django_db
def test_draw_meets_the_quotas_and_publishes_the_spread(client, place, drawn):
    run = SelectionRun.objects.get(assembly=drawn)
    assert run.progress == 1.0 and run.seed == 4242
    assert drawn.members.count() == 6
    counts = serving_counts(drawn)
    for feature, value, low, high in QUOTAS:
        assert low <= counts[(feature, value)] <= high
    page = client.get(drawn.get_absolute_url()).content.decode()
    table = page[page.index('id="quota-result"'):page.index('id="spread"')]
    assert table.count("tag-ok") == len(QUOTAS) and "tag-bad" not in table
    spread = run.spread
    assert 0 < spread["min"] <= spread["median"] <= spread["max"] <= 1
    assert f"{spread['min']:.4f}" in page and "<rect" in page
    assert sum(run.probabilities) == pytest.approx(6, abs=1e-3)  # the panel size, in expectation
    assert sorted(run.panel) == sorted(m.registration.public_id for m in drawn.members.all())


@pytest.mark.django_db(transaction=True)
def test_the_request_only_enqueues_the_draw(client, place, pool):
    client.force_login(place["people"]["lg_admin"])
    publish_seed(client, pool)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        start_draw(client, pool)
        run = SelectionRun.objects.get(assembly=pool)
        assert run.status == "queued" and not Member.objects.exists()
        status_url = reverse("sortition:run_status", args=[pool.pk, run.pk])
        fragment = client.get(status_url, HTTP_HX_REQUEST="true")
        assert 'hx-trigger="every 2s"' in fragment.content.decode()
        assert "HX-Refresh" not in fragment
        assert 'hx-trigger="every 2s"' in client.get(pool.get_absolute_url()).content.decode()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == "done" and run.started_at and run.finished_at
    assert Member.objects.filter(assembly=pool).count() == 6
    fragment = client.get(status_url, HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    assert 'hx-trigger' not in fragment.content.decode()


@pytest.mark.django_db
def test_infeasible_quotas_are_named_and_nobody_is_selected(client, place, pool):
    Quota.objects.filter(assembly=pool, value="60+").update(min=3, max=3)
    Quota.objects.filter(assembly=pool, value="18-34").update(min=3, max=3)
    Quota.objects.filter(assembly=pool, value="35-59").update(min=1, max=3)
    client.force_login(place["people"]["lg_admin"])
    publish_seed(client, pool)
    page = start_draw(client, pool).content.decode()
    run = SelectionRun.objects.get(assembly=pool)
    assert run.status == "failed" and not Member.objects.exists()
    # the minimums of one feature add up to more seats than the panel has: the message says so
    assert "ช่วงอายุ" in run.error and "7" in run.error and "6" in run.error
    assert run.error in page and 'id="quota-result"' not in page
    pool.refresh_from_db()
    assert pool.seed is None  # a new seed is needed before trying again
    client.logout()
    assert run.error in client.get(pool.get_absolute_url()).content.decode()  # public record
    client.force_login(place["people"]["lg_admin"])
    client.post(reverse("sortition:quota_add", args=[pool.pk]),
                {"feature": "ช่วงอายุ", "value": "60+", "minimum": 1, "maximum": 3})
    publish_seed(client, pool, seed=77)
    start_draw(client, pool)
    assert SelectionRun.objects.filter(assembly=pool, status="done", seed=77).exists()
    assert pool.members.count() == 6


@pytest.mark.django_db
def test_quota_below_the_pool_names_the_quota(client, place, pool):
    Quota.objects.create(assembly=pool, feature="เพศ", value="อื่น ๆ", min=1, max=1, position=9)
    client.force_login(place["people"]["lg_admin"])
    publish_seed(client, pool)
    page = start_draw(client, pool).content.decode()
    assert "เพศ=อื่น ๆ" in page
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_anyone_can_repeat_the_draw_from_the_downloads(client, drawn, tmp_path, capsys):
    pool_file, features_file = tmp_path / "pool.csv", tmp_path / "features.csv"
    pool_text = client.get(
        reverse("sortition:pool_csv", args=[drawn.pk])).content.decode("utf-8-sig")
    features_text = client.get(
        reverse("sortition:features_csv", args=[drawn.pk])).content.decode("utf-8-sig")
    pool_file.write_text(pool_text, encoding="utf-8")
    features_file.write_text(features_text, encoding="utf-8")
    rows = list(csv.reader(io.StringIO(pool_text)))
    assert rows[0] == ["id", "เพศ", "ช่วงอายุ"] and len(rows) == 31
    assert "ผู้ได้รับเชิญ" not in pool_text and "INV0" not in pool_text  # anonymised
    out = io.StringIO()
    call_command("sortition_select", str(pool_file), str(features_file), "--size", "6",
                 "--seed", str(drawn.seed or SelectionRun.objects.get(assembly=drawn).seed),
                 "--json", stdout=out)
    result = json.loads(out.getvalue())
    members = sorted(m.registration.public_id for m in drawn.members.all())
    assert result["panel"] == members
    page = client.get(drawn.get_absolute_url()).content.decode()
    assert all(pid in page for pid in members)


@pytest.mark.django_db
def test_a_replacement_keeps_the_quotas_and_the_history(client, place, drawn):
    run = SelectionRun.objects.get(assembly=drawn)
    leaving = drawn.members.select_related("registration").order_by("pk").first()
    client.force_login(place["people"]["citizen"])
    assert client.post(reverse("sortition:decline", args=[drawn.pk, leaving.pk])).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    client.post(reverse("sortition:decline", args=[drawn.pk, leaving.pk]))
    leaving.refresh_from_db()
    assert leaving.status == "declined" and leaving.declined_at
    replacement = Member.objects.get(replaces=leaving)
    assert replacement.round == 1 and replacement.status == "selected"
    assert drawn.members.filter(status="selected").count() == 6
    counts = serving_counts(drawn)
    for feature, value, low, high in QUOTAS:
        assert low <= counts[(feature, value)] <= high
    # reproducible by anyone from the published files, the seed and the list of who declined
    features = parse_features(run.features_csv)
    pool = parse_people(run.pool_csv, features)
    kept = [pid for pid in run.panel if pid != leaving.registration.public_id]
    expected = choose_replacements(pool, features, kept=kept,
                                   declined=[leaving.registration.public_id], seed=run.seed)
    assert expected == [replacement.registration.public_id]
    page = client.get(drawn.get_absolute_url()).content.decode()
    assert leaving.registration.public_id in page[page.index('id="members"'):]
    # a second decline never brings back someone who was asked before
    client.post(reverse("sortition:decline", args=[drawn.pk, replacement.pk]))
    second = Member.objects.get(replaces=replacement)
    assert second.registration_id not in (leaving.registration_id, replacement.registration_id)
    assert second.round == 2 and drawn.members.count() == 8


@pytest.mark.django_db
def test_selected_people_with_accounts_are_notified(client, place, assembly):
    registrant = place["people"]["citizen"]
    client.force_login(registrant)
    client.post(reverse("sortition:register", args=[assembly.pk]),
                {"f0": "หญิง", "f1": "60+", "consent": "on"})
    client.force_login(place["people"]["lg_admin"])
    upload(client, "invitations_upload", assembly, people_csv(6))
    # quotas that need her: four seats for women, and four women in the pool (after people have
    # registered, a features file may change min and max but not the features and values)
    upload(client, "features_upload", assembly,
           "feature,value,min,max\nเพศ,หญิง,4,4\nเพศ,ชาย,2,2\n"
           "ช่วงอายุ,18-34,0,6\nช่วงอายุ,35-59,0,6\nช่วงอายุ,60+,0,6\n")
    assert assembly.quotas.get(value="หญิง").min == 4
    assert assembly.registrations.filter(values__เพศ="หญิง").count() == 4
    publish_seed(client, assembly)
    start_draw(client, assembly)
    assert Member.objects.filter(registration__person=registrant).exists()
    assert Notification.objects.filter(user=registrant, verb="assembly_selected").exists()
    client.force_login(registrant)
    page = client.get(assembly.get_absolute_url()).content.decode()
    assert 'class="message message-success"' in page


@pytest.mark.django_db
def test_members_are_hidden_from_the_public(client, place, drawn):
    names = [m.registration.display_name for m in drawn.members.select_related("registration")]
    assert all(name.startswith("ผู้ได้รับเชิญ") for name in names)
    for who in ("anonymous", "citizen", "other_lg_admin"):
        if place["people"][who]:
            client.force_login(place["people"][who])
        page = client.get(drawn.get_absolute_url()).content.decode()
        assert not any(name in page for name in names), who
        assert 'id="members"' not in page and 'id="quota-result"' in page
        client.logout()
    api = client.get(f"/api/v1/assemblies/{drawn.pk}").content.decode()
    assert not any(name in api for name in names)
    client.force_login(place["people"]["lg_officer"])
    page = client.get(drawn.get_absolute_url()).content.decode()
    assert all(name in page for name in names)


@pytest.mark.django_db
def test_meetings_recommendations_and_answers(client, place, drawn):
    client.force_login(place["people"]["citizen"])
    meeting_url = reverse("sortition:meeting_add", args=[drawn.pk])
    assert client.get(meeting_url).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    client.post(meeting_url, {"starts_at": "2026-12-05T09:00", "place": "ห้องประชุมเทศบาล",
                              "agenda": "รับฟังผู้เชี่ยวชาญเรื่องน้ำท่วม", "minutes": ""})
    meeting = drawn.meetings.get()
    client.post(reverse("sortition:recommendation_add", args=[drawn.pk]),
                {"text": "ขุดลอกคลองก่อนฤดูฝน", "support_count": 5, "meeting": meeting.pk})
    client.post(reverse("sortition:recommendation_add", args=[drawn.pk]),
                {"text": "เกินจำนวนสมาชิก", "support_count": 7})
    recommendation = Recommendation.objects.get()
    assert recommendation.meeting == meeting and recommendation.support_count == 5
    answer_url = reverse("sortition:answer", args=[drawn.pk, recommendation.pk])
    data = {"answer": "partly", "answer_text": "ขุดลอกสองคลองหลักในปีนี้"}
    for who in ("citizen", "other_lg_admin", "coordinator", "national_admin"):
        client.force_login(place["people"][who])
        assert client.post(answer_url, data).status_code == 403, who
        assert client.get(answer_url).status_code == 403, who
    client.logout()
    assert client.post(answer_url, data).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.answer == ""
    client.force_login(place["people"]["lg_officer"])
    assert client.post(answer_url, data).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.answer == "partly" and recommendation.answered_by is not None
    client.logout()
    page = client.get(drawn.get_absolute_url()).content.decode()
    assert "ขุดลอกสองคลองหลักในปีนี้" in page and "ห้องประชุมเทศบาล" in page
    body = client.get(f"/api/v1/assemblies/{drawn.pk}").json()
    assert body["recommendations"][0]["answer"] == "partly"
    assert body["result"]["panel"] == SelectionRun.objects.get(assembly=drawn).panel
    assert [q["met"] for q in body["result"]["quotas"]] == [True] * len(QUOTAS)
    listed = client.get("/api/v1/assemblies/").json()
    assert [a["id"] for a in listed] == [drawn.pk]


@pytest.mark.django_db
def test_officials_set_quotas_by_hand_or_from_population_shares(client, place, assembly):
    client.force_login(place["people"]["lg_admin"])
    page = client.get(reverse("sortition:create", args=[assembly.space.slug])).content.decode()
    assert 'name="consent_text"' in page
    client.post(reverse("sortition:create", args=[assembly.space.slug]), {
        "title": "สมัชชาเยาวชน", "remit": "พื้นที่สาธารณะสำหรับเยาวชน", "size": 20,
        "consent_text": "เหตุผล", "recruitment_opens_at": "2026-12-01T09:00",
        "recruitment_closes_at": "2026-12-31T17:00"})
    assert Assembly.objects.filter(title="สมัชชาเยาวชน", size=20).exists()
    client.post(reverse("sortition:edit", args=[assembly.pk]), {
        "title": assembly.title, "remit": assembly.remit, "size": 8, "consent_text": "",
        "recruitment_opens_at": "2026-01-01T09:00", "recruitment_closes_at": "2026-02-01T09:00"})
    assembly.refresh_from_db()
    assert assembly.size == 8
    url = reverse("sortition:quota_add", args=[assembly.pk])
    client.force_login(place["people"]["citizen"])
    assert client.post(url, {"feature": "ตำบล", "value": "บางนาค", "minimum": 1,
                             "maximum": 2}).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    client.post(url, {"feature": "การศึกษา", "value": "ปริญญาตรีขึ้นไป", "share": "30"})
    quota = Quota.objects.get(feature="การศึกษา")
    assert (quota.min, quota.max) == (2, 3)  # 30% of 8 seats = 2.4
    client.post(url, {"feature": "การศึกษา", "value": "ปริญญาตรีขึ้นไป", "minimum": 2,
                      "maximum": 2})
    quota.refresh_from_db()
    assert (quota.min, quota.max) == (2, 2)
    page = upload(client, "features_upload", assembly,
                  "feature,value,min,max\nเพศ,หญิง,4,2\n").content.decode()
    assert "2" in page and assembly.quotas.count() == 6  # bad file: quotas unchanged


@pytest.mark.django_db
def test_demo_draws_a_fair_panel_once(client, place):
    from ruamkan.core.demo import DemoContext
    from ruamkan.sortition import demo

    space = SpaceFactory(local_government=place["town"], slug="narathiwat-town-plan-2570")
    ctx = DemoContext(out=io.StringIO())
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    assembly = Assembly.objects.get(space=space)
    assert assembly.registrations.count() == 80
    run = SelectionRun.objects.get(assembly=assembly)
    assert run.status == "done" and all(q["met"] for q in run.quota_counts)
    assert assembly.members.count() == 12 and assembly.meetings.count() == 1
    assert assembly.recommendations.exclude(answer="").count() == 1
    page = client.get(assembly.get_absolute_url()).content.decode()
    assert str(run.seed) in page and "<rect" in page
