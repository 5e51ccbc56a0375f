"""Dutch error pages in the app's layout, also in the demo (DEBUG on) for unknown URLs."""

from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.views.defaults import permission_denied, server_error


def test_unknown_url_answers_the_dutch_404_page(client, db):
    response = client.get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in body and "VIM-kring" in body
    assert "Page not found" not in body


@override_settings(DEBUG=True)
def test_unknown_url_answers_the_dutch_404_page_in_the_demo_too(client, db):
    response = client.get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in body
    assert "Page not found" not in body and "URLconf" not in body


@override_settings(DEBUG=True)
def test_a_hidden_register_answers_the_dutch_404_page_in_the_demo(anna, dirk, client_for):
    response = client_for(dirk).get(f"/register/{anna.register.pk}/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@override_settings(DEBUG=True)
def test_the_demo_still_redirects_a_missing_trailing_slash(client, db):
    response = client.get("/register")
    assert response.status_code == 301 and response["Location"] == "/register/"


def test_server_error_page_is_dutch_and_needs_no_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body and "VIM-kring" in body


def test_forbidden_page_is_dutch(client, db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionError())
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_an_expired_form_answers_in_dutch(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
