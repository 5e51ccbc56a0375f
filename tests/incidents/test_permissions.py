"""The permission grid of the register, cell by cell (pretix-style): a new URL without a check
fails here. An incident someone may not see answers 404, never 403."""

import pytest
from django.urls import reverse

from incidents import services
from incidents.permissions import get_incident_for_user, incidents_visible_to
from project.errors import NotFound

# (url name, kind of object, method)
INCIDENT_URLS = [
    ("incidents:incident_detail", "incident", "get"),
    ("incidents:incident_edit", "incident", "get"),
    ("incidents:incident_edit", "incident", "post"),
    ("incidents:incident_print", "incident", "get"),
    ("incidents:incident_calamity", "incident", "post"),
    ("incidents:incident_igj_report", "incident", "post"),
    ("incidents:incident_discussion_skip", "incident", "post"),
    ("incidents:incident_withdraw", "incident", "post"),
    ("incidents:incident_log", "incident", "get"),
    ("incidents:incident_delete", "incident", "get"),
    ("incidents:incident_delete", "incident", "post"),
    ("incidents:incident_grant", "incident", "post"),
    ("incidents:incident_revoke", "incident+user", "post"),
    ("incidents:measure_add", "incident", "get"),
    ("incidents:measure_add", "incident", "post"),
    ("incidents:measure_update", "measure", "get"),
    ("incidents:measure_update", "measure", "post"),
    ("incidents:measure_complete", "measure", "post"),
]
REGISTER_URLS = [
    ("incidents:register_detail", "register", "get"),
    ("incidents:incident_create", "register", "get"),
    ("incidents:incident_create", "register", "post"),
    ("incidents:register_csv", "register", "get"),
    ("incidents:register_print", "register", "get"),
    ("incidents:register_log", "register", "get"),
    ("incidents:register_procedure", "register", "get"),
    ("incidents:register_procedure_pdf", "register", "get"),
    ("incidents:register_visitation", "register", "get"),
    ("incidents:register_import", "register", "get"),
    ("incidents:register_import", "register", "post"),
    ("incidents:register_import_map", "register", "get"),
    ("incidents:register_import_map", "register", "post"),
    ("incidents:register_members", "register", "get"),
    ("incidents:register_members", "register", "post"),
    ("incidents:register_member_remove", "register+user", "post"),
    ("incidents:register_successor", "register", "post"),
]
OWNER_ONLY = {
    "incidents:incident_calamity",
    "incidents:incident_igj_report",
    "incidents:incident_discussion_skip",
    "incidents:incident_withdraw",
    "incidents:incident_log",
    "incidents:incident_delete",
    "incidents:incident_grant",
    "incidents:incident_revoke",
    "incidents:register_log",
    "incidents:register_visitation",
    "incidents:register_import",
    "incidents:register_import_map",
    "incidents:register_members",
    "incidents:register_member_remove",
    "incidents:register_successor",
}


@pytest.fixture
def world(anna, bram, carla, dirk, file_incident):
    """anna owns the register; bram reports in it; carla had access to one incident, revoked."""
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="reporter")
    annas = file_incident(anna, patient_names="Piet Pieters")
    brams = file_incident(bram, register=anna.register)
    measure = services.measure_add(
        actor=anna,
        incident=annas,
        description="Checklist",
        owner_name="Anna",
        due_on=annas.reported_on,
    )
    services.incident_access_grant(actor=anna, incident=annas, user=carla)
    services.incident_access_revoke(actor=anna, incident=annas, user=carla)
    return {
        "anna": anna,
        "bram": bram,
        "carla": carla,
        "dirk": dirk,
        "annas": annas,
        "brams": brams,
        "measure": measure,
    }


def _url(name, kind, world):
    incident, measure, register = world["annas"], world["measure"], world["anna"].register
    args = {
        "incident": [incident.pk],
        "incident+user": [incident.pk, world["carla"].pk],
        "measure": [measure.pk],
        "register": [register.pk],
        "register+user": [register.pk, world["bram"].pk],
    }[kind]
    return reverse(name, args=args)


@pytest.mark.parametrize("persona", ["dirk", "bram", "carla"])
@pytest.mark.parametrize(("name", "kind", "method"), INCIDENT_URLS)
def test_outsider_reporter_and_revoked_get_404_for_every_incident_url(
    world, client_for, persona, name, kind, method
):
    client = client_for(world[persona])
    response = getattr(client, method)(_url(name, kind, world))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["dirk", "carla"])
@pytest.mark.parametrize(("name", "kind", "method"), REGISTER_URLS)
def test_outsider_and_revoked_get_404_for_every_register_url_and_export(
    world, client_for, persona, name, kind, method
):
    client = client_for(world[persona])
    assert getattr(client, method)(_url(name, kind, world)).status_code == 404


@pytest.mark.parametrize(("name", "kind", "method"), REGISTER_URLS)
def test_reporter_is_refused_only_the_owners_register_pages(world, client_for, name, kind, method):
    response = getattr(client_for(world["bram"]), method)(_url(name, kind, world))
    if name in OWNER_ONLY:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "kind", "method"), INCIDENT_URLS + REGISTER_URLS)
def test_owner_reaches_every_url(world, client_for, name, kind, method):
    response = getattr(client_for(world["anna"]), method)(_url(name, kind, world))
    assert response.status_code in (200, 302)


def test_reporters_export_holds_only_their_own_incidents(world, client_for):
    csv = client_for(world["bram"]).get(_url("incidents:register_csv", "register", world))
    body = csv.content.decode()
    assert world["brams"].number in body
    assert world["annas"].number not in body


def test_revoked_investigator_sees_the_incident_only_while_granted(world, client_for):
    carla, incident = world["carla"], world["annas"]
    url = reverse("incidents:incident_detail", args=[incident.pk])
    services.incident_access_grant(actor=world["anna"], incident=incident, user=carla)
    assert client_for(carla).get(url).status_code == 200
    assert list(incidents_visible_to(carla)) == [incident]
    services.incident_access_revoke(actor=world["anna"], incident=incident, user=carla)
    assert client_for(carla).get(url).status_code == 404
    assert not incidents_visible_to(carla).exists()


def test_granted_colleague_cannot_manage_the_incident(world, client_for):
    carla, incident = world["carla"], world["annas"]
    services.incident_access_grant(actor=world["anna"], incident=incident, user=carla)
    client = client_for(carla)
    assert client.get(reverse("incidents:incident_edit", args=[incident.pk])).status_code == 200
    for name in ("incidents:incident_log", "incidents:incident_delete"):
        assert client.get(reverse(name, args=[incident.pk])).status_code == 404
    for name in sorted(OWNER_ONLY):
        if name.startswith("incidents:incident_") and name != "incidents:incident_revoke":
            assert client.post(reverse(name, args=[incident.pk])).status_code == 404, name


def test_investigator_sees_and_edits_every_incident_but_not_the_log(world, client_for):
    dirk, anna = world["dirk"], world["anna"]
    services.register_member_add(actor=anna, register=anna.register, user=dirk, role="investigator")
    assert set(incidents_visible_to(dirk)) == {world["annas"], world["brams"]}
    client = client_for(dirk)
    edit = reverse("incidents:incident_edit", args=[world["annas"].pk])
    assert client.get(edit).status_code == 200
    assert client.get(reverse("incidents:register_log", args=[anna.register.pk])).status_code == 404
    services.register_member_remove(actor=anna, register=anna.register, user=dirk)
    assert client.get(edit).status_code == 404


def test_reporter_sees_own_incidents_only(world):
    assert list(incidents_visible_to(world["bram"])) == [world["brams"]]


def test_get_incident_for_user_accepts_pk_or_number_and_hides_others(world):
    anna, annas = world["anna"], world["annas"]
    assert get_incident_for_user(anna, annas.pk) == annas
    assert get_incident_for_user(anna, annas.number) == annas
    with pytest.raises(NotFound):
        get_incident_for_user(world["dirk"], annas.pk)
    with pytest.raises(NotFound):
        get_incident_for_user(world["bram"], annas.number)


def test_only_the_owner_may_grant_or_add_members(world):
    with pytest.raises(NotFound):
        services.incident_access_grant(
            actor=world["bram"], incident=world["brams"], user=world["dirk"]
        )
    with pytest.raises(NotFound):
        services.register_member_add(
            actor=world["dirk"],
            register=world["anna"].register,
            user=world["dirk"],
            role="reporter",
        )


def test_anonymous_visitor_is_sent_to_login(world, client):
    response = client.get(reverse("incidents:incident_detail", args=[world["annas"].pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Each practitioner's own register: no pk, so nothing of anyone else's can be asked for.
OWN_REGISTER_URLS = ["incidents:register"]


def test_every_incidents_url_is_in_the_grid():
    from incidents import urls

    names = {f"incidents:{pattern.name}" for pattern in urls.urlpatterns}
    assert names == {name for name, *_rest in INCIDENT_URLS + REGISTER_URLS} | set(
        OWN_REGISTER_URLS
    )


@pytest.mark.parametrize("persona", ["anna", "bram", "carla", "dirk"])
def test_the_own_register_page_shows_only_the_own_register(world, client_for, persona):
    response = client_for(world[persona]).get(reverse("incidents:register"))
    assert response.status_code == 200
    assert response.context["register"].owner == world[persona]
    if persona != "anna":
        assert world["annas"].number not in response.content.decode()
