"""The access log is tamper-evident (NEN 7513): the database refuses changes and deletions, and a
hash chain shows any entry changed or removed behind the trigger's back."""

import itertools
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from project import access_log, access_log_db
from project.models import AccessLogEntry


@pytest.fixture
def entries(anna, bram):
    return [
        access_log.record(actor=anna, action="register.viewed", register=anna.register),
        access_log.record(actor=bram, action="register.viewed", register=bram.register),
        access_log.record(actor=anna, action="register.exported", register=anna.register),
        access_log.record(actor=anna, action="register.printed", register=anna.register),
    ]


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _verify_output():
    try:
        call_command("verify_access_log")
    except CommandError as error:
        return str(error)
    return None


def test_raw_sql_update_is_refused_by_the_database(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw(
            "UPDATE project_accesslogentry SET action = 'incident.hidden' WHERE id = %s",
            [entries[0].pk],
        )
    assert AccessLogEntry.objects.get(pk=entries[0].pk).action == "register.viewed"


def test_raw_sql_delete_is_refused_by_the_database(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("DELETE FROM project_accesslogentry")
    assert AccessLogEntry.objects.count() == len(entries)


def test_deleting_a_user_or_an_incident_leaves_the_log_untouched(anna, bram, entries):
    bram_entry = entries[1]
    bram.register.delete()
    bram.delete()
    assert AccessLogEntry.objects.get(pk=bram_entry.pk).actor_id == bram_entry.actor_id
    assert _verify_output() is None


def test_entries_form_one_chain_from_the_genesis_hash(entries):
    assert [entry.seq for entry in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == access_log.GENESIS_HASH
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.entry_hash
    assert access_log.verify() == (4, None)


def test_verify_reports_success(entries, capsys):
    call_command("verify_access_log")
    assert "4 logregels gecontroleerd" in capsys.readouterr().out


def test_verify_finds_an_entry_changed_with_the_trigger_disabled(entries):
    with transaction.atomic(), access_log_db.unlocked(connection):
        _raw("UPDATE project_accesslogentry SET actor_label = 'iemand@anders.nl' WHERE seq = 2")
    message = _verify_output()
    assert message is not None
    assert "Logregel 2 is gewijzigd" in message


def test_verify_finds_an_entry_rehashed_but_not_relinked(entries):
    changed = AccessLogEntry.objects.get(seq=2)
    changed.action = "register.exported"
    new_hash = access_log.entry_digest(changed)
    with transaction.atomic(), access_log_db.unlocked(connection):
        _raw(
            "UPDATE project_accesslogentry SET action = %s, entry_hash = %s WHERE seq = 2",
            ["register.exported", new_hash],
        )
    assert "Logregel 3 sluit niet aan" in _verify_output()


def test_verify_finds_a_deleted_entry(entries):
    with transaction.atomic(), access_log_db.unlocked(connection):
        _raw("DELETE FROM project_accesslogentry WHERE seq = 3")
    assert "Logregel 3 ontbreekt" in _verify_output()


def test_verify_finds_the_first_entries_deleted(entries):
    with transaction.atomic(), access_log_db.unlocked(connection):
        _raw("DELETE FROM project_accesslogentry WHERE seq <= 2")
    assert "Logregel 1 ontbreekt" in _verify_output()


def test_the_trigger_is_back_after_an_unlocked_transaction(entries):
    with transaction.atomic(), access_log_db.unlocked(connection):
        pass
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("DELETE FROM project_accesslogentry")


def _age(seqs, days):
    # Backdate entries as if written long ago (rehashed and relinked, as the writer would have).
    with transaction.atomic(), access_log_db.unlocked(connection):
        previous = access_log.GENESIS_HASH
        for entry in AccessLogEntry.objects.order_by("seq"):
            if entry.seq in seqs:
                entry.at = timezone.now() - timedelta(days=days)
            entry.prev_hash = previous
            entry.entry_hash = access_log.entry_digest(entry)
            _raw(
                "UPDATE project_accesslogentry SET at = %s, prev_hash = %s, entry_hash = %s "
                "WHERE id = %s",
                [entry.at, entry.prev_hash, entry.entry_hash, entry.pk],
            )
            previous = entry.entry_hash


def test_the_purge_removes_old_entries_records_it_and_the_chain_still_verifies(entries):
    _age({1, 2}, days=6 * 366)
    assert access_log.verify() == (4, None)
    purged = access_log.purge(before=timezone.now() - timedelta(days=5 * 366))
    assert purged.action == "log.purged"
    assert purged.detail.startswith("count=2;first_kept=3;carried=")
    assert purged.detail.endswith(AccessLogEntry.objects.get(seq=3).prev_hash)
    assert list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True)) == [3, 4, 5]
    assert access_log.verify() == (3, None)
    assert _verify_output() is None
    # The trigger is back in force after the purge.
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("DELETE FROM project_accesslogentry")


def test_deleting_the_purge_record_is_detected(entries):
    _age({1, 2}, days=6 * 366)
    access_log.purge(before=timezone.now() - timedelta(days=5 * 366))
    with transaction.atomic(), access_log_db.unlocked(connection):
        _raw("DELETE FROM project_accesslogentry WHERE action = 'log.purged'")
    assert "Logregel 1 ontbreekt" in _verify_output()


def test_the_purge_command_is_a_dry_run_by_default(entries, capsys):
    _age({1}, days=6 * 366)
    cutoff = (timezone.now() - timedelta(days=5 * 366)).date().isoformat()
    call_command("purge_access_log", "--before", cutoff)
    assert "1 logregels" in capsys.readouterr().out
    assert AccessLogEntry.objects.count() == 4
    call_command("purge_access_log", "--before", cutoff, "--apply")
    assert AccessLogEntry.objects.filter(seq=1).count() == 0
    assert AccessLogEntry.objects.filter(action="log.purged").count() == 1
    assert _verify_output() is None


def test_nothing_to_purge_records_nothing(entries):
    assert access_log.purge(before=timezone.now() - timedelta(days=365)) is None
    assert AccessLogEntry.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(anna, postgresql):
    def write(n):
        try:
            for _ in range(n):
                access_log.record(actor=anna, action="register.viewed", register=anna.register)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(10,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked, problem = access_log.verify()
    assert problem is None
    assert checked == AccessLogEntry.objects.count() >= 40
