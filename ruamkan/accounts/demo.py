"""Demo people for Narathiwat: one account per role, all with settings.RUAMKAN_DEMO_PASSWORD.

The citizen's national ID is generated with a valid check digit under office code 9999, which no
province uses, so it cannot be a real person's number.
"""

from __future__ import annotations

from django.conf import settings

from ruamkan.accounts.lib.citizen_id import with_check_digit
from ruamkan.accounts.models import (
    CitizenIdentity,
    ConsentRecord,
    Role,
    RoleAssignment,
    User,
    VerificationLevel,
)

ORDER = 20

DEMO_CITIZEN_ID = with_check_digit("199990000100")

PEOPLE = [
    # key, e-mail, display name, role label (Thai)
    ("admin", "admin@demo.ruamkan.th", "ผู้ดูแลระบบระดับประเทศ", "ผู้ดูแลระบบระดับประเทศ"),
    ("coordinator", "coordinator@demo.ruamkan.th", "อับดุลเลาะ สาและ", "ผู้ประสานงานจังหวัดนราธิวาส"),
    ("lgadmin", "lgadmin@demo.ruamkan.th", "สุภาพร แก้วมณี", "ผู้ดูแล อปท."),
    ("officer", "officer@demo.ruamkan.th", "มูฮำหมัด ดอเลาะ", "เจ้าหน้าที่ อปท."),
    ("cso", "cso@demo.ruamkan.th", "นูรีฮัน มะแซ", "สมาชิกองค์กรภาคประชาสังคม"),
    ("citizen", "citizen@demo.ruamkan.th", "ซูไฮมี เจ๊ะมะ", "ประชาชน (ยืนยันถิ่นที่อยู่แล้ว)"),
    ("newcomer", "newcomer@demo.ruamkan.th", "ฮาลีเมาะ ยูโซะ", "ผู้ใช้ใหม่ (ยังไม่ยืนยันตัวตน)"),
]


def _person(email: str, name: str, *, verified_email: bool) -> User:
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "email_digest": False}
    )
    if created:
        user.set_password(settings.RUAMKAN_DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # The demo people ticked "show this name" when they signed up.
        for purpose in (ConsentRecord.Purpose.TERMS, ConsentRecord.Purpose.PUBLIC_NAME):
            ConsentRecord.objects.create(
                user=user, purpose=purpose, notice_version=_notice_version(), channel="demo",
            )
        user.name_is_public = True
        user.save(update_fields=["name_is_public"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": verified_email, "primary": True}
    )
    if verified_email and user.verification_level < VerificationLevel.CONTACT:
        user.verification_level = VerificationLevel.CONTACT
        user.save(update_fields=["verification_level"])
    return user


def _notice_version() -> str:
    from ruamkan.accounts.pdpa import NOTICE_VERSION

    return NOTICE_VERSION


def _role(user: User, role: str, **scope) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, **scope)


def load(ctx) -> None:
    from ruamkan.accounts.lib.citizen_id import keyed_hash, mask
    from ruamkan.areas.models import LocalGovernment, Province, Subdistrict
    from ruamkan.organisations.models import Organisation

    province = ctx.objects.get("narathiwat") or Province.objects.filter(code="96").first()
    town = ctx.objects.get("lg_narathiwat_town") or (
        LocalGovernment.objects.filter(province_id="96").exclude(kind="pao").order_by("code").first()
        or LocalGovernment.objects.filter(province_id="96").order_by("code").first()
    )
    people = {
        key: _person(email, name, verified_email=(key != "newcomer"))
        for key, email, name, _label in PEOPLE
    }

    admin = people["admin"]
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    _role(admin, Role.NATIONAL_ADMIN)
    if province is not None:
        _role(people["coordinator"], Role.PROVINCIAL_COORDINATOR, province=province)
    if town is not None:
        _role(people["lgadmin"], Role.LG_ADMIN, local_government=town)
        _role(people["officer"], Role.LG_OFFICER, local_government=town)

    organisation, _created = Organisation.objects.get_or_create(
        slug="narathiwat-women-network",
        defaults={
            "name_th": "เครือข่ายสตรีนราธิวาส",
            "name_en": "Narathiwat Women's Network",
            "kind": Organisation.Kind.NETWORK,
            "province": province,
            "description": "เครือข่ายกลุ่มสตรีในชุมชนของจังหวัดนราธิวาส ทำงานด้านสันติภาพ "
                           "อาชีพ และการมีส่วนร่วมในการพัฒนาท้องถิ่น",
            "is_verified": True,
        },
    )
    _role(people["cso"], Role.CSO_MEMBER, organisation=organisation)

    citizen = people["citizen"]
    home = None
    if town is not None:
        home = Subdistrict.objects.filter(coverage__local_government=town).order_by("code").first()
    if home is None:
        home = Subdistrict.objects.filter(province_id="96").order_by("code").first()
    if home is not None and not CitizenIdentity.objects.filter(user=citizen).exists():
        CitizenIdentity.objects.get_or_create(
            user=citizen,
            defaults={
                "id_hmac": keyed_hash(DEMO_CITIZEN_ID, settings.CITIZEN_ID_HMAC_KEY),
                "masked": mask(DEMO_CITIZEN_ID),
            },
        )
        citizen.home_subdistrict = home
        citizen.village = "หมู่ 3"
        citizen.verification_level = VerificationLevel.RESIDENT
        citizen.save(update_fields=["home_subdistrict", "village", "verification_level"])

    ctx.objects["demo_users"] = people
    ctx.objects["cso_narathiwat_women"] = organisation
    password = settings.RUAMKAN_DEMO_PASSWORD
    for _key, email, _name, label in PEOPLE:
        ctx.logins.append((label, email, password))
    if town is None:
        ctx.log("accounts demo: no local government in Narathiwat yet; LG roles skipped\n")
