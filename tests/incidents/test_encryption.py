"""Patient names and birth dates are Fernet tokens at rest, under keys apart from SECRET_KEY."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from incidents.models import Incident

NAME = "Johanna Zwart-Verbeek"
BIRTH = "17-03-1984"
OLD_KEY = "b2xkLXRlc3QtZmllbGQta2V5LXZpbS1rcmluZy0wMDE="
NEW_KEY = Fernet.generate_key().decode()


def _raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM incidents_incident WHERE id = %s", [pk])
        return cursor.fetchone()


def _raw_patient_fields(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT patient_names, patient_birth_dates FROM incidents_incident WHERE id = %s", [pk]
        )
        return cursor.fetchone()


def test_raw_database_holds_no_patient_name_or_birth_date(anna, file_incident):
    incident = file_incident(anna, patient_names=NAME, patient_birth_dates=BIRTH)
    raw = " ".join(str(value) for value in _raw_row(incident.pk))
    assert NAME not in raw and "Johanna" not in raw and BIRTH not in raw
    assert Incident.objects.get(pk=incident.pk).patient_names == NAME


def test_patient_fields_do_not_depend_on_secret_key(anna, file_incident):
    incident = file_incident(anna, patient_names=NAME)
    with override_settings(SECRET_KEY="a-completely-different-secret-key-after-rotation-0123456"):
        assert Incident.objects.get(pk=incident.pk).patient_names == NAME


def test_rotate_field_keys_reencrypts_with_the_newest_key(anna, file_incident):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        incident = file_incident(anna, patient_names=NAME, patient_birth_dates=BIRTH)
        file_incident(anna)  # without patient data: left alone
    old_token = _raw_patient_fields(incident.pk)[0]
    assert Fernet(OLD_KEY).decrypt(old_token.encode()).decode() == NAME

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
    assert "1 incident(s)" in out.getvalue()

    names, births = _raw_patient_fields(incident.pk)
    assert Fernet(NEW_KEY).decrypt(names.encode()).decode() == NAME
    assert Fernet(NEW_KEY).decrypt(births.encode()).decode() == BIRTH
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY).decrypt(names.encode())
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert Incident.objects.get(pk=incident.pk).patient_birth_dates == BIRTH


def test_patient_fields_stay_out_of_the_register_list_and_print(anna, client_for, file_incident):
    incident = file_incident(anna, patient_names=NAME, patient_birth_dates=BIRTH)
    client = client_for(anna)
    for url in [
        "/register/",
        f"/register/{anna.register.pk}/afdrukken/",
        f"/register/melding/{incident.pk}/afdrukken/",
        f"/register/{anna.register.pk}/logboek/",
    ]:
        assert NAME not in client.get(url).content.decode(), url
    assert NAME in client.get(incident.get_absolute_url()).content.decode()
