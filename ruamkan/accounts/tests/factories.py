import factory

from ruamkan.accounts.models import Role, RoleAssignment, User, VerificationLevel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"ผู้ใช้ {n}")
    name_is_public = True  # as if they ticked "show this name" (tests of the default sign up)
    verification_level = VerificationLevel.CONTACT
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.LG_OFFICER


def valid_citizen_id(n: int, *, first: str = "3") -> str:
    """A valid 13-digit ID (correct check digit) for test number n."""
    from ruamkan.accounts.lib.citizen_id import with_check_digit

    return with_check_digit(f"{first}{9601:04d}{n:07d}"[:12])
