"""The register as a practitioner uses it: the form, the detail page, edits and measures."""

import datetime

from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident
from tests.incidents.conftest import form_data

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def test_new_incident_form_is_prefilled_with_the_reporter_and_uses_the_vim_wording(
    anna, client_for
):
    response = client_for(anna).get(reverse("incidents:incident_create", args=[anna.register.pk]))
    html = response.content.decode()
    for label in [
        "Datum melding",
        "Datum gebeurtenis",
        "Betrokken medewerkers",
        "Beschrijving van het (bijna-)incident",
        "Handelen na de gebeurtenis",
        "(Mogelijke) gevolgen van de gebeurtenis",
        "Ingelicht over incident",
        "Wat gaat u doen om vergelijkbare situaties in de toekomst te voorkomen?",
    ]:
        assert label in html
    assert 'value="Anna de Vries"' in html
    assert "registreer bij voorkeur zonder naam" in html.lower()


def test_incident_form_carries_the_seed_guidance_on_who_reports_and_explaining_the_action(
    anna, client_for
):
    response = client_for(anna).get(reverse("incidents:incident_create", args=[anna.register.pk]))
    html = response.content.decode()
    staff = html.split("Betrokken medewerkers</legend>")[1].split("</fieldset>")[0]
    assert "bij voorkeur door de direct betrokken medewerker(s)" in staff
    assert "alleen met medeweten van de direct betrokkene" in staff
    action = html.split("Handelen na de gebeurtenis</legend>")[1].split("</fieldset>")[0]
    assert "Licht uw antwoord toe" in action


def test_filing_through_the_form_registers_a_numbered_incident(anna, client_for):
    client = client_for(anna)
    url = reverse("incidents:incident_create", args=[anna.register.pk])
    response = client.post(url, form_data(contributing_factors=["menselijk", "organisatorisch"]))
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert incident.number == f"{TODAY.year}-001"
    assert incident.created_by == anna
    assert incident.contributing_factors == ["menselijk", "organisatorisch"]
    detail = client.get(response["Location"]).content.decode()
    assert incident.number in detail and "Registratie" in detail


def test_art_10_errors_show_at_the_field_in_dutch(anna, client_for):
    url = reverse("incidents:incident_create", args=[anna.register.pk])
    response = client_for(anna).post(
        url, form_data(severity="merkbare-gevolgen", client_informed="ja")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "client_informed" not in form.errors
    assert form.errors["client_informed_by"] == ["Vul in door wie de patiënt is ingelicht."]
    assert form.errors["client_informed_how"] == ["Kies hoe de patiënt is ingelicht."]
    assert 'id="id_client_informed_by_error"' in response.content.decode()
    assert not Incident.objects.exists()


def test_art_10_missing_answer_reads_as_plain_dutch(anna, client_for):
    url = reverse("incidents:incident_create", args=[anna.register.pk])
    response = client_for(anna).post(
        url, form_data(severity="merkbare-gevolgen", client_informed="")
    )
    [message] = response.context["form"].errors["client_informed"]
    assert "is verplicht om" not in message
    assert message.startswith("Bij (mogelijk) merkbare gevolgen moet u vastleggen")


def test_calamity_page_insists_on_the_igj_report_until_recorded(anna, client_for, file_incident):
    incident = file_incident(
        anna,
        severity="overlijden",
        client_informed="ja",
        client_informed_on=YESTERDAY,
        client_informed_by="Anna",
        client_informed_how="schriftelijk",
        client_informed_noted="ja",
    )
    client = client_for(anna)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Nog niet beoordeeld" in page and "Vaststellen uiterlijk" in page
    assert 'name="reported_on"' not in page  # no report before the calamity is established
    client.post(
        reverse("incidents:incident_calamity", args=[incident.pk]),
        {"calamiteit-assessment": "vastgesteld", "calamiteit-established_on": TODAY.isoformat()},
    )
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Nog niet gemeld bij de IGJ" in page
    report_date_input = page.split('name="reported_on"')[1].split(">")[0]
    assert "value=" not in report_date_input  # never prefilled
    register = client.get(reverse("incidents:register")).content.decode()
    assert "IGJ-melding ontbreekt" in register and "Melden bij de IGJ uiterlijk" in register
    client.post(
        reverse("incidents:incident_igj_report", args=[incident.pk]),
        {"reported_on": TODAY.isoformat()},
    )
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Nog niet gemeld bij de IGJ" not in page and "Gemeld bij de IGJ op" in page


def test_second_tab_save_is_refused_with_who_changed_it_and_keeps_the_typing(
    anna, bram, client_for, file_incident
):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    incident = file_incident(anna)
    url = reverse("incidents:incident_edit", args=[incident.pk])
    first_tab, second_tab = client_for(bram), client_for(anna)
    loaded_version = incident.version

    saved = first_tab.post(url, form_data(incident, place="Wachtkamer"))
    assert saved.status_code == 302

    refused = second_tab.post(
        url,
        {
            **form_data(place="Spreekkamer 2", analysis="Mijn lange analyse"),
            "version": loaded_version,
        },
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Iemand anders heeft deze melding gewijzigd" in html
    assert "Bram Jansen" in html
    assert "Mijn lange analyse" in html and 'value="Spreekkamer 2"' in html
    assert Incident.objects.get(pk=incident.pk).place == "Wachtkamer"

    # Having seen the refusal, saving again is a deliberate overwrite.
    again = second_tab.post(url, refused.context["form"].data)
    assert again.status_code == 302
    assert Incident.objects.get(pk=incident.pk).analysis == "Mijn lange analyse"


def test_measures_are_added_edited_and_completed_from_the_incident_page(
    anna, client_for, file_incident
):
    incident = file_incident(anna)
    client = client_for(anna)
    client.post(
        reverse("incidents:measure_add", args=[incident.pk]),
        {
            "description": "Verwijzingen dubbel controleren",
            "owner_name": "Anna",
            "due_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    measure = incident.measures.get()
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Verwijzingen dubbel controleren" in page and "verlopen" in page
    client.post(
        reverse("incidents:measure_update", args=[measure.pk]),
        {
            "description": "Verwijzingen altijd dubbel controleren",
            "owner_name": "Bram",
            "due_on": TODAY.isoformat(),
        },
    )
    measure.refresh_from_db()
    assert measure.owner_name == "Bram"
    client.post(reverse("incidents:measure_complete", args=[measure.pk]))
    measure.refresh_from_db()
    assert measure.done_on == TODAY
    assert "Afgerond" in client.get(incident.get_absolute_url()).content.decode()


def test_invalid_measure_shows_its_errors(anna, client_for, file_incident):
    incident = file_incident(anna)
    response = client_for(anna).post(
        reverse("incidents:measure_add", args=[incident.pk]), {"description": ""}
    )
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert not incident.measures.exists()


def test_owner_adds_and_removes_members_by_email(anna, bram, client_for):
    client = client_for(anna)
    url = reverse("incidents:register_members", args=[anna.register.pk])
    client.post(url, {"email": "BRAM@demo.vim-kring.nl", "role": "reporter"})
    assert bram.has_perm("incidents.report_register", anna.register)
    unknown = client.post(url, {"email": "niemand@example.org", "role": "reporter"})
    assert "Er is geen actief account" in unknown.content.decode()
    client.post(reverse("incidents:register_member_remove", args=[anna.register.pk, bram.pk]))
    bram = type(bram).objects.get(pk=bram.pk)
    assert not bram.has_perm("incidents.report_register", anna.register)


def test_member_sees_the_register_they_belong_to(anna, bram, client_for, file_incident):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="reporter")
    own = client_for(bram).get(reverse("incidents:register")).content.decode()
    assert anna.register.get_absolute_url() in own


def test_owner_grants_and_revokes_one_incident(anna, carla, client_for, file_incident):
    incident = file_incident(anna)
    client = client_for(anna)
    client.post(reverse("incidents:incident_grant", args=[incident.pk]), {"email": carla.email})
    assert client_for(carla).get(incident.get_absolute_url()).status_code == 200
    client.post(reverse("incidents:incident_revoke", args=[incident.pk, carla.pk]))
    assert client_for(carla).get(incident.get_absolute_url()).status_code == 404


def test_register_filters_and_search(anna, client_for, file_incident):
    medication = file_incident(anna, category="medicatie", description="Verkeerde dosering")
    referral = file_incident(anna, category="verwijzing", analysis="Oorzaak gevonden")
    client = client_for(anna)
    url = reverse("incidents:register")

    def numbers(**params):
        return {i.number for i in client.get(url, params).context["page"]}

    assert numbers() == {medication.number, referral.number}
    assert numbers(category="medicatie") == {medication.number}
    # The current step is the first open one: without an analysis that is Analyse.
    assert numbers(step="analyse") == {medication.number}
    assert numbers(step="bespreking") == {referral.number}
    assert numbers(q="dosering") == {medication.number}
    Incident.objects.filter(pk=medication.pk).update(number_year=TODAY.year - 1)
    assert numbers(year=TODAY.year) == {referral.number}
    assert numbers(year=TODAY.year - 1) == {medication.number}
    assert numbers(year=1990, category="verwijzing") == {referral.number}
    assert numbers(calamity="on") == set()


def test_register_dashboard_counts_per_type(anna, client_for, file_incident):
    for _ in range(2):
        file_incident(anna, category="medicatie")
    file_incident(anna, category="privacy-datalek")
    dashboard = client_for(anna).get(reverse("incidents:register")).context["dashboard"]
    assert [(str(r["label"]), r["count"]) for r in dashboard["per_type"]] == [
        ("Medicatie", 2),
        ("Privacy/datalek", 1),
    ]
    assert sum(r["count"] for r in dashboard["per_month"]) == 3


def test_register_paginates(anna, client_for, file_incident):
    for _ in range(27):
        file_incident(anna)
    client = client_for(anna)
    first = client.get(reverse("incidents:register")).context["page"]
    second = client.get(reverse("incidents:register"), {"pagina": 2}).context["page"]
    assert len(first) == 25 and len(second) == 2


def test_the_incident_page_shows_its_dates_in_that_format(anna, client_for, file_incident):
    incident = file_incident(anna, occurred_on=datetime.date(2026, 3, 5))
    page = client_for(anna).get(incident.get_absolute_url()).content.decode()
    assert "5 maart 2026" in page
    assert "5-3-2026" not in page and "5 mrt 2026" not in page


def test_register_rows_show_a_short_description_to_owner_and_investigators_only(
    anna, bram, carla, client_for, file_incident
):
    long_text = "Verwijsbrief naar de verkeerde huisarts gestuurd. " * 5
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    services.register_member_add(actor=anna, register=anna.register, user=carla, role="reporter")
    file_incident(anna, description=long_text)
    own_by_carla = file_incident(carla, register=anna.register, description="Eigen melding.")
    url = anna.register.get_absolute_url()
    for user in (anna, bram):
        body = client_for(user).get(url).content.decode()
        assert 'class="row-description">Verwijsbrief naar de verkeerde huisarts' in body
        assert long_text.strip() not in body  # truncated
    body = client_for(carla).get(url).content.decode()
    assert own_by_carla.number in body
    assert "row-description" not in body
