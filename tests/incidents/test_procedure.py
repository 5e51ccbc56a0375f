"""The written VIM procedure (LVVP duty 1): a page and a PDF per register, in the same words."""

import ast
import io
from pathlib import Path

import pypdf
from django.urls import reverse

from groups import services as group_services
from incidents import procedure, services
from project.models import AccessLogEntry

KEY_SENTENCES = [
    "VIM-procedure van de praktijk van Anna de Vries",
    "Het doel is uitdrukkelijk niet om na te gaan wie schuld heeft.",
    "bij voorkeur zelf als direct betrokken medewerker",
    "Registratie: registreer het (bijna-)incident, met plaats en datum.",
    "Analyse: onderzoek en analyseer hoe het (bijna-)incident kon gebeuren.",
    "Bespreking: bespreek het (bijna-)incident met collega's",
    "Maatregel: leg vast welke maatregel is getroffen",
    "De patiënt informeren (Wkkgz artikel 10)",
    "Calamiteiten (Wkkgz artikel 11)",
    "ten minste 5 jaar bewaard",
    "Intervisiegroep Utrecht",
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _setup(anna, bram, carla):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="reporter")
    services.register_member_add(
        actor=anna, register=anna.register, user=carla, role="investigator"
    )
    group_services.group_create(actor=anna, name="Intervisiegroep Utrecht", description="")


def test_the_page_describes_the_practice_from_the_register_settings(
    anna, bram, carla, client_for, file_incident
):
    _setup(anna, bram, carla)
    file_incident(anna, patient_names="Piet Pieters", description="Geheime beschrijving")
    response = client_for(bram).get(
        reverse("incidents:register_procedure", args=[anna.register.pk])
    )
    page = _flat(response.content.decode().replace("&#x27;", "'"))
    assert response.status_code == 200
    for sentence in KEY_SENTENCES:
        assert sentence in page, sentence
    assert f"{bram.full_name} (" in page and ", melder" in page
    assert f"{carla.full_name} (" in page and ", onderzoeker" in page
    assert "Piet Pieters" not in page and "Geheime beschrijving" not in page


def test_the_pdf_says_the_same_and_its_download_is_logged(
    anna, bram, carla, client_for, file_incident
):
    _setup(anna, bram, carla)
    file_incident(anna, patient_names="Piet Pieters")
    response = client_for(anna).get(
        reverse("incidents:register_procedure_pdf", args=[anna.register.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    for sentence in KEY_SENTENCES:
        assert sentence in text, sentence
    assert f"{carla.full_name} (" in text
    assert "Piet Pieters" not in text
    entry = AccessLogEntry.objects.get(action="register.procedure_downloaded")
    assert (entry.actor, entry.register) == (anna, anna.register)


def test_without_a_group_the_procedure_says_so(anna, client_for):
    response = client_for(anna).get(
        reverse("incidents:register_procedure", args=[anna.register.pk])
    )
    assert "nog geen lid van een incidentgroep" in response.content.decode()


def test_the_procedure_learns_the_groups_without_importing_them():
    tree = ast.parse(Path(procedure.__file__).read_text())
    nodes = list(ast.walk(tree))
    imported = {node.module for node in nodes if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in nodes if isinstance(node, ast.Import) for a in node.names}
    assert not any(name.split(".")[0] in ("groups", "meetings") for name in imported)
