import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


def test_home_page_invites_anonymous_visitors_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


def test_login_page_is_dutch_and_uses_the_app_layout(client, db):
    response = client.get(reverse("account_login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="nl"' in body
    assert "VIM-kring" in body
    assert "Wachtwoord" in body


def test_logged_in_home_leads_to_register_groups_and_account(client_for, anna):
    body = client_for(anna).get("/").content.decode()
    for url in (reverse("incidents:register"), reverse("groups:list"), reverse("account")):
        assert f'href="{url}"' in body


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "img-src 'self' data:" in policy


@pytest.mark.parametrize("url", ["/register/", "/groepen/", "/account/"])
def test_private_pages_send_anonymous_visitors_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_browser_asking_for_english_still_gets_dutch(client, db):
    response = client.get(reverse("account_login"), headers={"accept-language": "en-US,en;q=0.9"})
    body = response.content.decode()
    assert re.search(r"<button[^>]*>\s*Inloggen\s*</button>", body)
    assert "Sign In" not in body


def test_every_page_links_a_favicon_that_exists(client, db):
    body = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in body
    assert finders.find("favicon.svg") is not None
    assert client.get("/static/favicon.svg").status_code == 200
