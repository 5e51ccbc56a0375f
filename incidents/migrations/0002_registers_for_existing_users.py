from django.db import migrations


def create_registers(apps, schema_editor):
    # Accounts made before this app existed get their register too (new ones via the signal).
    User = apps.get_model("project", "User")
    Register = apps.get_model("incidents", "Register")
    have = set(Register.objects.values_list("owner_id", flat=True))
    Register.objects.bulk_create(
        Register(owner_id=pk) for pk in User.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(create_registers, migrations.RunPython.noop)]
