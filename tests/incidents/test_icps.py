"""Comparable categories: every category of the VIM form has a WHO ICPS incident type."""

import csv
import io

from django.urls import reverse

from incidents import icps
from incidents.models import Category


def test_every_category_maps_to_an_icps_incident_type():
    assert set(icps.CATEGORY_TO_ICPS) == set(Category)
    assert all(value in icps.IcpsType for value in icps.CATEGORY_TO_ICPS.values())


def test_every_icps_type_has_its_framework_name_and_the_source_is_cited():
    assert set(icps.ICPS_NAMES) == set(icps.IcpsType)
    assert "Conceptual Framework for the International Classification for Patient Safety" in (
        icps.SOURCE
    )


def test_mapping_follows_the_framework():
    assert icps.icps_name("medicatie") == "Medication/IV fluids"
    assert icps.icps_name("suicidaliteit") == "Behaviour"
    assert icps.icps_name("verwijzing") == "Clinical administration"
    assert icps.icps_name("no-such-code") == "Not classified"


def test_csv_export_shows_the_icps_type_next_to_the_dutch_label(anna, client_for, file_incident):
    file_incident(anna, category="bedreiging-agressie")
    response = client_for(anna).get(reverse("incidents:register_csv", args=[anna.register.pk]))
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert row[header.index("Type melding")] == "Bedreiging/agressie"
    assert row[header.index("WHO-ICPS incidenttype")] == "Behaviour"
