"""PDPA (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562): the notice version and the data-subject rights
registry.

Each app contributes what it holds about a person from its own `pdpa.py`, found by
`autodiscover_modules("pdpa")` in AccountsConfig.ready:

    from ruamkan.accounts.pdpa import register_eraser, register_exporter

    register_exporter("comments", lambda user: [...])   # s.30/31: access and portability
    register_eraser(anonymise_my_rows)                   # s.33: erasure keeping the counts

Erasers run inside the account-erasure transaction, before the account itself is anonymised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Bump when the privacy notice text changes; consent records keep the version they were given for.
NOTICE_VERSION = "2569-1"

Exporter = Callable[[Any], "dict[str, Any] | list[Any]"]
Eraser = Callable[[Any], None]


class PdpaRegistry:
    def __init__(self) -> None:
        # autodiscover_modules copies and restores `_registry` if an app's pdpa.py fails.
        self._registry: dict[str, dict[str, Callable[..., Any]]] = {"export": {}, "erase": {}}

    def register_exporter(self, name: str, fn: Exporter) -> Exporter:
        self._registry = {**self._registry, "export": {**self._registry["export"], name: fn}}
        return fn

    def register_eraser(self, fn: Eraser) -> Eraser:
        key = f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}"
        self._registry = {**self._registry, "erase": {**self._registry["erase"], key: fn}}
        return fn

    @property
    def exporters(self) -> dict[str, Exporter]:
        return dict(self._registry["export"])

    @property
    def erasers(self) -> list[Eraser]:
        return list(self._registry["erase"].values())

    def export(self, user: Any) -> dict[str, Any]:
        return {name: fn(user) for name, fn in sorted(self._registry["export"].items())}

    def erase(self, user: Any) -> None:
        for fn in self.erasers:
            fn(user)


registry = PdpaRegistry()


def register_exporter(name: str, fn: Exporter) -> Exporter:
    return registry.register_exporter(name, fn)


def register_eraser(fn: Eraser) -> Eraser:
    return registry.register_eraser(fn)


# Built-in handlers: what the accounts app itself holds -------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_account(user: Any) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    from ruamkan.accounts.models import CitizenIdentity, DuplicateIdentityAttempt

    identity = CitizenIdentity.objects.filter(user=user).first()
    home = user.home_subdistrict
    return {
        "profile": {
            "email": user.email,
            "phone": user.phone,
            "phone_verified": user.phone_verified,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "email_digest": user.email_digest,
            "name_is_public": user.name_is_public,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "home_subdistrict": (
                {"code": home.code, "name_th": home.name_th, "name_en": home.name_en}
                if home else None
            ),
            "village": user.village,
        },
        "verification": {
            "level": user.verification_level,
            "level_label": str(user.get_verification_level_display()),
            # Only the masked form exists: the number itself was never stored.
            "citizen_id_masked": identity.masked if identity else None,
            "citizen_id_checked_through": identity.source if identity else None,
            "verified_at": _iso(identity.verified_at) if identity else None,
            "verified_in_person": bool(identity and identity.verified_by_id),
        },
        "duplicate_id_attempts": [
            {"masked": a.masked, "attempted_at": _iso(a.attempted_at), "reviewed": a.reviewed}
            for a in DuplicateIdentityAttempt.objects.filter(user=user).order_by("pk")
        ],
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "linked_accounts": [
            {"provider": a.provider, "date_joined": _iso(a.date_joined)}
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "roles": [
            {
                "role": a.role,
                "province": a.province_id,
                "local_government": a.local_government.code if a.local_government else None,
                "organisation": a.organisation.slug if a.organisation else None,
                "since": _iso(a.created_at),
            }
            for a in user.roles.select_related("local_government", "organisation").order_by("pk")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "notice_version": c.notice_version,
                "channel": c.channel,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in user.consents.order_by("given_at", "pk")
        ],
    }


register_exporter("account", export_account)
