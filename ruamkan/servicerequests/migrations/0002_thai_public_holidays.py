"""Thai public holidays 2568–2570 B.E., so service-level clocks are right from the first day."""

from django.db import migrations


def load(apps, schema_editor):
    from ruamkan.servicerequests.lib.holidays_th import HOLIDAYS

    Holiday = apps.get_model("servicerequests", "Holiday")
    for date, name_th, name_en in HOLIDAYS:
        Holiday.objects.get_or_create(date=date, defaults={"name_th": name_th, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("servicerequests", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
