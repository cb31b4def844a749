"""Volunteering through the pages: post, add shifts, sign up without over-booking, cancel,
reminders, attendance and hours, and the person's history."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone

from ruamkan.spaces.models import Notification
from ruamkan.volunteering import services
from ruamkan.volunteering.models import Opportunity, Shift, Signup


def test_a_cso_member_posts_an_opportunity_and_adds_a_shift(client, vol):
    client.force_login(vol["people"]["cso_member"])
    response = client.post("/volunteering/new/", {
        "owner": "org:women-net", "title": "ธนาคารอาหารชุมชน", "description": "คัดแยกของบริจาค",
        "place": "ชุมชนบางนาค", "skills": "จัดของ, ภาษามลายู"})
    opportunity = Opportunity.objects.get(title="ธนาคารอาหารชุมชน")
    assert response.status_code == 302 and opportunity.organisation == vol["cso"]
    start = timezone.localtime() + dt.timedelta(days=3)
    response = client.post(f"/volunteering/{opportunity.pk}/manage/", {
        "action": "shift", "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"), "capacity": "10", "title": "เช้า"})
    assert response.status_code == 302
    assert opportunity.shifts.get().capacity == 10
    bad = client.post(f"/volunteering/{opportunity.pk}/manage/", {
        "action": "shift", "starts_at": start.strftime("%Y-%m-%dT12:00"),
        "ends_at": start.strftime("%Y-%m-%dT09:00"), "capacity": "10"})
    assert bad.status_code == 400 and opportunity.shifts.count() == 1
    page = client.get("/volunteering/").content.decode()
    assert "ธนาคารอาหารชุมชน" in page and "ภาษามลายู" in page


def test_people_cannot_post_for_others(client, vol):
    client.force_login(vol["people"]["volunteer"])
    assert client.get("/volunteering/new/").status_code == 403
    client.force_login(vol["people"]["other_officer"])
    response = client.post("/volunteering/new/", {"owner": "lg:T96A", "title": "x",
                                                  "description": "x", "place": "x"})
    assert response.status_code == 200 and Opportunity.objects.count() == 1  # invalid choice
    assert client.get(f"/volunteering/{vol['opportunity'].pk}/manage/").status_code == 403


def test_sign_up_until_full_then_cancel_frees_a_place(client, vol):
    shift = vol["shift"]
    url = f"/volunteering/shifts/{shift.pk}/signup/"
    for who in ("volunteer", "second"):
        client.force_login(vol["people"][who])
        assert client.post(url).status_code == 302
    client.force_login(vol["people"]["volunteer"])
    assert client.post(url).status_code == 302  # again: the same sign-up, not a second place
    client.force_login(vol["people"]["third"])
    full = client.post(url)
    assert full.status_code == 409 and "ช่วงเวลานี้เต็มแล้ว" in full.content.decode()
    shift.refresh_from_db()
    assert shift.taken == 2 and Signup.objects.filter(status="signed_up").count() == 2
    client.force_login(vol["people"]["second"])
    mine = Signup.objects.get(user=vol["people"]["second"])
    assert f'id="cancel-{shift.pk}"' in client.get(f"/volunteering/{shift.opportunity_id}/").content.decode()
    client.post(f"/volunteering/signups/{mine.pk}/cancel/")
    client.force_login(vol["people"]["third"])
    assert client.post(url).status_code == 302
    shift.refresh_from_db()
    assert shift.taken == 2


def test_someone_elses_signup_cannot_be_cancelled(client, vol):
    row = services.signup_create(user=vol["people"]["volunteer"], shift=vol["shift"])
    client.force_login(vol["people"]["second"])
    assert client.post(f"/volunteering/signups/{row.pk}/cancel/").status_code == 403
    row.refresh_from_db()
    assert row.status == "signed_up"


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_overbook(vol, django_user_model):
    from ruamkan.accounts.tests.factories import UserFactory

    shift = vol["shift"]
    users = [UserFactory() for _ in range(12)]
    outcomes = []

    def take(user):
        from django.db import connection

        try:
            services.signup_create(user=user, shift=Shift.objects.get(pk=shift.pk))
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - counted below
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shift.refresh_from_db()
    assert shift.taken == 2 == Signup.objects.filter(shift=shift, status="signed_up").count()
    assert outcomes.count("ok") == 2


def test_reminders_go_out_once_the_day_before(vol, capsys):
    services.signup_create(user=vol["people"]["volunteer"], shift=vol["shift"])
    early = vol["shift"].starts_at - dt.timedelta(hours=30)
    call_command("volunteering_reminders", now=early.isoformat())
    assert capsys.readouterr().out.strip() == "reminders=0"
    day_before = vol["shift"].starts_at - dt.timedelta(hours=20)
    call_command("volunteering_reminders", now=day_before.isoformat())
    assert capsys.readouterr().out.strip() == "reminders=1"
    call_command("volunteering_reminders", now=day_before.isoformat())
    assert capsys.readouterr().out.strip() == "reminders=0"
    note = Notification.objects.get(user=vol["people"]["volunteer"], verb="volunteer_reminder")
    assert "ล้างโคลน" in note.text


def test_officials_confirm_attendance_and_hours_show_in_the_history(client, vol):
    row = services.signup_create(user=vol["people"]["volunteer"], shift=vol["shift"])
    absent = services.signup_create(user=vol["people"]["second"], shift=vol["shift"])
    url = f"/volunteering/{vol['opportunity'].pk}/manage/"
    client.force_login(vol["people"]["volunteer"])
    assert client.post(url, {"action": "attendance", "signup": row.pk, "attended": "yes",
                             "hours": "4"}).status_code == 403
    client.force_login(vol["people"]["officer"])
    assert client.post(url, {"action": "attendance", "signup": row.pk, "attended": "yes",
                             "hours": "3.5"}).status_code == 302
    client.post(url, {"action": "attendance", "signup": absent.pk, "attended": "no"})
    bad = client.post(url, {"action": "attendance", "signup": row.pk, "attended": "yes",
                            "hours": "30"})
    assert bad.status_code == 400
    row.refresh_from_db()
    absent.refresh_from_db()
    assert row.status == "attended" and str(row.hours) == "3.5" and row.confirmed_by
    assert absent.status == "no_show" and absent.hours is None
    client.force_login(vol["people"]["volunteer"])
    page = client.get("/me/volunteering/").content.decode()
    assert "3.5" in page and "ล้างโคลน" in page and 'id="history-table"' in page
    assert client.get("/me/volunteering/").status_code == 200
    client.logout()
    assert client.get("/me/volunteering/").status_code == 302  # sign in first


def test_api_lists_and_signs_up(client, vol):
    data = client.get("/api/v1/volunteering/").json()
    assert data[0]["shifts"][0]["places_left"] == 2
    shift = vol["shift"].pk
    assert client.post(f"/api/v1/volunteering/shifts/{shift}/signup").status_code == 401
    client.force_login(vol["people"]["volunteer"])
    assert client.post(f"/api/v1/volunteering/shifts/{shift}/signup").status_code == 201
    client.force_login(vol["people"]["second"])
    client.post(f"/api/v1/volunteering/shifts/{shift}/signup")
    client.force_login(vol["people"]["third"])
    assert client.post(f"/api/v1/volunteering/shifts/{shift}/signup").status_code == 409


def test_export_and_erasure_give_back_the_place(client, vol):
    from ruamkan.accounts.services import user_erase

    volunteer = vol["people"]["volunteer"]
    services.signup_create(user=volunteer, shift=vol["shift"])
    client.force_login(volunteer)
    exported = client.get("/me/export.json").json()["data"]["volunteering"]
    assert exported[0]["status"] == "signed_up"
    user_erase(user=volunteer)
    vol["shift"].refresh_from_db()
    assert vol["shift"].taken == 0 and not Signup.objects.filter(user=volunteer).exists()


def test_officials_see_volunteers_names_even_when_hidden_from_the_public(client, vol):
    volunteer = vol["people"]["volunteer"]
    volunteer.name_is_public = False  # did not tick "show my name publicly"
    volunteer.save(update_fields=["name_is_public"])
    services.signup_create(user=volunteer, shift=vol["shift"])
    client.force_login(vol["people"]["officer"])
    page = client.get(f"/volunteering/{vol['opportunity'].pk}/manage/").content.decode()
    assert volunteer.display_name in page  # to confirm attendance, officials need the name
    assert volunteer.public_name == f"ผู้เข้าร่วม {volunteer.pk}" != volunteer.display_name


def test_a_shift_that_has_started_offers_no_sign_up_and_thanks_those_who_came(client, vol):
    from ruamkan.volunteering.models import Shift, Signup

    volunteer = vol["people"]["volunteer"]
    start = timezone.now() - dt.timedelta(days=3)
    past = Shift.objects.create(opportunity=vol["opportunity"], starts_at=start,
                                ends_at=start + dt.timedelta(hours=4), capacity=10)
    Signup.objects.create(shift=past, user=volunteer, status=Signup.Status.ATTENDED, hours=4)
    client.force_login(vol["people"]["second"])
    page = client.get(vol["opportunity"].get_absolute_url()).content.decode()
    assert f'id="signup-{past.pk}"' not in page and f'id="shift-past-{past.pk}"' in page
    assert f'id="signup-{vol["shift"].pk}"' in page  # the upcoming one still takes sign-ups
    assert "ช่วงเวลานี้ผ่านไปแล้ว" in page
    refused = client.post(f"/volunteering/shifts/{past.pk}/signup/")
    assert refused.status_code == 409 and not Signup.objects.filter(shift=past, user=vol["people"]["second"]).exists()
    client.force_login(volunteer)
    assert "คุณได้ร่วมกิจกรรมแล้ว (4" in client.get(vol["opportunity"].get_absolute_url()).content.decode()
