"""Reads for the accounts app, scoped by who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ruamkan.accounts import roles
from ruamkan.accounts.models import DuplicateIdentityAttempt, Role, RoleAssignment, User
from ruamkan.areas.models import District, LocalGovernment, Province, Subdistrict


def local_government_ids_covering(subdistrict: Subdistrict | None) -> set[int]:
    """LGs serving this subdistrict: those with a coverage row, plus the PAO of its province
    (a PAO has no rows: it covers the whole province)."""
    if subdistrict is None:
        return set()
    ids = set(
        LocalGovernment.objects.filter(coverage__subdistrict=subdistrict).values_list(
            "pk", flat=True
        )
    )
    ids |= set(
        LocalGovernment.objects.filter(
            kind=LocalGovernment.Kind.PAO, province_id=subdistrict.province_id
        ).values_list("pk", flat=True)
    )
    return ids


def official_covers_subdistrict(official: Any, subdistrict: Subdistrict | None) -> bool:
    """Officials of an LG covering the subdistrict, its provincial coordinators, national admins."""
    if roles.is_national_admin(official):
        return True
    if subdistrict is None:
        return False
    if roles.coordinates_province(official, subdistrict.province_id):
        return True
    return bool(roles.local_government_ids(official) & local_government_ids_covering(subdistrict))


def duplicate_attempts_for_official(*, official: Any) -> QuerySet[DuplicateIdentityAttempt]:
    qs = DuplicateIdentityAttempt.objects.select_related(
        "user", "existing_user", "home_subdistrict__district", "existing_user__home_subdistrict",
        "reviewed_by",
    )
    if roles.is_national_admin(official):
        return qs
    provinces = roles.province_ids(official)
    lg_ids = roles.local_government_ids(official)
    if not provinces and not lg_ids:
        return qs.none()
    # Subdistricts covered by the official's LGs (PAOs cover their whole province).
    pao_provinces = set(
        LocalGovernment.objects.filter(pk__in=lg_ids, kind=LocalGovernment.Kind.PAO).values_list(
            "province_id", flat=True
        )
    )
    provinces = provinces | pao_provinces
    covered = Subdistrict.objects.filter(coverage__local_government_id__in=lg_ids).values("pk")
    return qs.filter(
        Q(home_subdistrict__province_id__in=provinces)
        | Q(existing_user__home_subdistrict__province_id__in=provinces)
        | Q(home_subdistrict__in=covered)
        | Q(existing_user__home_subdistrict__in=covered)
    ).distinct()


def duplicate_attempt_get_for_official(*, official: Any, pk: int) -> DuplicateIdentityAttempt:
    return duplicate_attempts_for_official(official=official).get(pk=pk)


def person_find_for_official(*, official: Any, login: str) -> User | None:
    """A person by e-mail or phone, only if the official may verify them in person."""
    from ruamkan.accounts.lib.phone import to_e164

    login = (login or "").strip()
    if not login:
        return None
    user = (
        User.objects.filter(Q(email__iexact=login) | Q(phone=to_e164(login)), is_erased=False)
        .select_related("home_subdistrict__district__province", "citizen_identity")
        .first()
    )
    if user is None or not official_covers_subdistrict(official, user.home_subdistrict):
        return None
    return user


def officers_of_local_government(*, local_government: LocalGovernment) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(
            local_government=local_government, role__in=[Role.LG_ADMIN, Role.LG_OFFICER]
        )
        .select_related("user", "granted_by")
        .order_by("role", "user__display_name", "pk")
    )


def local_governments_administered(*, user: Any) -> QuerySet[LocalGovernment]:
    """LGs whose officer list this person may manage."""
    if roles.is_national_admin(user):
        return LocalGovernment.objects.none()  # national admins use the admin site for these
    return LocalGovernment.objects.filter(
        Q(pk__in=roles.local_government_ids(user, admin_only=True))
        | Q(province_id__in=roles.province_ids(user))
    ).order_by("province_id", "kind", "name_th")


def role_assignments_for(*, user: Any) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related(
        "province", "local_government", "organisation"
    )


def area_choices(*, province: str = "", district: str = "") -> dict[str, Any]:
    """Provinces, then the districts of the chosen province, then its subdistricts."""
    result: dict[str, Any] = {
        "provinces": list(Province.objects.order_by("name_th")),
        "districts": [],
        "subdistricts": [],
    }
    if province:
        result["districts"] = list(District.objects.filter(province_id=province).order_by("name_th"))
    if district:
        result["subdistricts"] = list(
            Subdistrict.objects.filter(district_id=district).order_by("name_th")
        )
    return result


def unread_notification_count(*, user: Any) -> int:
    from ruamkan.spaces.models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user: Any, limit: int = 30) -> list[Any]:
    from ruamkan.spaces.models import Notification

    return list(Notification.objects.filter(user=user).order_by("-created_at")[:limit])
