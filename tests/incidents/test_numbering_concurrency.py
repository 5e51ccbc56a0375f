"""Incidents created at the same moment in one register each get their own number."""

import threading

import pytest
from django.db import connection

from incidents import services
from incidents.models import Incident
from tests.incidents.conftest import vim_fields

WORKERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_hands_out_distinct_consecutive_numbers(postgresql, anna):
    barrier = threading.Barrier(WORKERS)
    numbers, errors = [], []

    def create():
        try:
            barrier.wait()
            incident = services.incident_create(
                actor=anna, register=anna.register, fields=vim_fields()
            )
            numbers.append(incident.number)
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    year = Incident.objects.first().number_year
    expected = [f"{year}-{seq:03d}" for seq in range(1, WORKERS + 1)]
    assert sorted(numbers) == expected
    assert sorted(Incident.objects.values_list("number", flat=True)) == expected
