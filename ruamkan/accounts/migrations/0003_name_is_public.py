from django.db import migrations, models


def from_consents(apps, schema_editor):
    """People who already gave the "show my name publicly" consent keep their name shown."""
    User = apps.get_model("accounts", "User")
    ConsentRecord = apps.get_model("accounts", "ConsentRecord")
    consenting = ConsentRecord.objects.filter(purpose="public_name", withdrawn_at__isnull=True)
    User.objects.filter(pk__in=consenting.values("user_id")).update(name_is_public=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_identity_source_and_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="name_is_public",
            field=models.BooleanField(default=False, verbose_name="show my name publicly"),
        ),
        migrations.RunPython(from_consents, migrations.RunPython.noop),
    ]
