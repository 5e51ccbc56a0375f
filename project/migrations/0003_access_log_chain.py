"""Make the access log tamper-evident: a hash chain over every entry, and database triggers
that refuse UPDATE and DELETE (PostgreSQL and SQLite).

Existing entries are chained in the order they were written (time, then id) before the
triggers go in. The links to actor, register and incident become plain ids (no cascade, no
SET NULL): the hash covers them, and a deleted user or incident must not rewrite the log.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chain_existing_entries(apps, schema_editor):
    from project.access_log import GENESIS_HASH, entry_digest

    entry_model = apps.get_model("project", "AccessLogEntry")
    previous = GENESIS_HASH
    for seq, entry in enumerate(entry_model.objects.order_by("at", "pk").iterator(), start=1):
        entry.seq = seq
        entry.prev_hash = previous
        entry.entry_hash = entry_digest(entry)
        entry_model.objects.filter(pk=entry.pk).update(
            seq=entry.seq, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
        )
        previous = entry.entry_hash


def install_triggers(apps, schema_editor):
    from project import access_log_db

    access_log_db.install(schema_editor.connection)


def uninstall_triggers(apps, schema_editor):
    from project import access_log_db

    access_log_db.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("project", "0002_accesslogentry"),
    ]

    operations = [
        *[
            migrations.AlterField(
                model_name="accesslogentry",
                name=name,
                field=models.ForeignKey(
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=target,
                    verbose_name=label,
                ),
            )
            for name, target, label in [
                ("actor", settings.AUTH_USER_MODEL, "wie"),
                ("register", "incidents.register", "register"),
                ("incident", "incidents.incident", "melding"),
            ]
        ],
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="vorige hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(
                editable=False, unique=True, verbose_name="volgnummer"
            ),
        ),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
