"""The register's pages cost the same number of queries for 1 incident as for 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident, Measure
from tests.incidents.conftest import vim_fields

TODAY = timezone.localdate()


def _bulk_incidents(user, count):
    """Rows straight into the table (the numbering service is tested elsewhere)."""
    incidents = Incident.objects.bulk_create(
        Incident(
            register=user.register,
            number=f"{TODAY.year}-{seq:03d}",
            number_year=TODAY.year,
            number_seq=seq,
            created_by=user,
            **vim_fields(
                category=["medicatie", "verwijzing", "privacy-datalek"][seq % 3],
                analysis="Analyse" if seq % 2 else "",
                patient_names="Naam" if seq % 5 == 0 else "",
            ),
        )
        for seq in range(1, count + 1)
    )
    Measure.objects.bulk_create(
        Measure(
            incident=incident,
            description="Maatregel",
            owner_name="Anna",
            due_on=TODAY - datetime.timedelta(days=i % 3 - 1),
            done_on=TODAY if i % 4 == 0 else None,
        )
        for i, incident in enumerate(incidents)
    )


PAGES = [
    ("incidents:register", False, {}),
    ("incidents:register", False, {"step": "afgerond", "q": "Verwijsbrief"}),
    ("incidents:register_detail", True, {"pagina": 2}),
    ("incidents:register_csv", True, {}),
    ("incidents:register_print", True, {}),
]


@pytest.mark.parametrize(("name", "with_pk", "params"), PAGES)
def test_register_query_count_is_flat_from_1_to_500_incidents(
    anna, client_for, django_assert_max_num_queries, name, with_pk, params
):
    client = client_for(anna)
    url = reverse(name, args=[anna.register.pk] if with_pk else [])
    counts = []
    for total in (1, 500):
        Incident.objects.all().delete()
        _bulk_incidents(anna, total)
        # 17: the access-log entry costs three (chain lock, chain head, insert); the calamity
        # deadlines one.
        with django_assert_max_num_queries(17) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    print(f"{name} {params}: {counts[0]} queries at 1 incident, {counts[1]} at 500")
    assert counts[0] == counts[1]
