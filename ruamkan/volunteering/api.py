"""Volunteer opportunities as JSON under /api/v1/volunteering/."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.security import django_auth

from ruamkan.volunteering import selectors, services
from ruamkan.volunteering.models import Opportunity, Shift
from ruamkan.volunteering.schemas import ErrorOut, OpportunityOut, ShiftOut, SignupOut

PREFIX = "/volunteering/"
router = Router(tags=["volunteering"])


def _out(o: Opportunity) -> OpportunityOut:
    return OpportunityOut(
        id=o.pk, title=o.title, description=o.description, owner=o.owner_name, place=o.place,
        skills=o.skill_list, url=o.get_absolute_url(),
        shifts=[ShiftOut(id=s.pk, title=s.title, starts_at=s.starts_at, ends_at=s.ends_at,
                         capacity=s.capacity, places_left=s.places_left)
                for s in o.shifts.all()],
    )


@router.get("", response=list[OpportunityOut], summary="Open volunteer opportunities")
def list_opportunities(request: HttpRequest) -> list[OpportunityOut]:
    return [_out(o) for o in selectors.opportunity_list_open()[:100]]


@router.post("/shifts/{shift_id}/signup", auth=django_auth,
             response={201: SignupOut, 404: ErrorOut, 409: ErrorOut},
             summary="Take a place on a shift")
def signup(request: HttpRequest, shift_id: int) -> Status:
    shift = get_object_or_404(Shift.objects.select_related("opportunity"), pk=shift_id,
                              opportunity__is_published=True)
    try:
        row = services.signup_create(user=request.user, shift=shift)
    except ValidationError as exc:
        return Status(409, ErrorOut(detail=" ".join(exc.messages)))
    return Status(201, SignupOut(id=row.pk, shift=shift.pk, status=row.status))
