"""Every group URL by every persona, cell by cell (pretix style). A URL added to groups/urls.py
without a row here fails test_every_group_url_is_in_the_matrix."""

import pytest
from django.urls import reverse

from groups import urls as group_urls

PERSONAS = ["outsider", "invited", "unsigned", "signed", "chair"]
DECLARATION = "declaration"  # expected: a redirect to the group's declaration page
LIST = "list"  # expected: a redirect to "Mijn groepen"
OK_DONE = "done"  # expected: a redirect back into the group (the action succeeded)


def _args(name, world):
    group = world.group.pk
    membership = world.group.memberships.get(user=world.extra).pk
    return {
        "list": [],
        "create": [],
        "invitation": [world.token],
        "detail": [group],
        "edit": [group],
        "archive": [group],
        "declaration": [group],
        "declaration_edit": [group],
        "invite": [group],
        "invitation_revoke": [group, world.invitation.pk],
        "invitation_resend": [group, world.invitation.pk],
        "chair_handover": [group, membership],
        "member_role": [group, membership],
        "member_remove": [group, membership],
        "leave": [group],
    }[name]


POST_DATA = {
    "edit": {"name": "Intervisiegroep Utrecht-Oost", "description": "Elke maand."},
    "declaration_edit": {"text": "Een nieuwe tekst van de verklaring."},
    "invite": {"email": "nieuw@example.org"},
    "member_role": {"role": "chair"},
    "create": {"name": "Nieuwe groep", "description": "", "region": "", "profession": ""},
    "declaration": {"version": "1", "typed_name": "x", "agreed": "on"},
}

# (url name, method): expected per persona, in the order of PERSONAS.
MATRIX = {
    ("list", "get"): [200, 200, 200, 200, 200],
    ("create", "get"): [200, 200, 200, 200, 200],
    ("create", "post"): [302, 302, 302, 302, 302],
    # The invitation is dirk's: others are told it is for another account or already joined.
    ("invitation", "get"): [403, 200, 409, 409, 409],
    ("invitation", "post"): [403, DECLARATION, 409, 409, 409],
    ("detail", "get"): [404, 404, DECLARATION, 200, 200],
    ("edit", "get"): [404, 404, DECLARATION, 404, 200],
    ("edit", "post"): [404, 404, DECLARATION, 404, OK_DONE],
    ("archive", "get"): [404, 404, DECLARATION, 404, 200],
    ("archive", "post"): [404, 404, DECLARATION, 404, OK_DONE],
    ("declaration", "get"): [404, 404, 200, 200, 200],
    # A wrong typed name re-renders the form for an unsigned member; signed ones see the page.
    ("declaration", "post"): [404, 404, 200, 200, 200],
    ("declaration_edit", "get"): [404, 404, DECLARATION, 404, 200],
    ("declaration_edit", "post"): [404, 404, DECLARATION, 404, DECLARATION],
    ("invite", "get"): [404, 404, DECLARATION, 404, 200],
    ("invite", "post"): [404, 404, DECLARATION, 404, 302],
    ("invitation_revoke", "post"): [404, 404, DECLARATION, 404, 302],
    ("invitation_resend", "post"): [404, 404, DECLARATION, 404, 302],
    ("chair_handover", "post"): [404, 404, DECLARATION, 404, OK_DONE],
    ("member_role", "post"): [404, 404, DECLARATION, 404, OK_DONE],
    ("member_remove", "post"): [404, 404, DECLARATION, 404, OK_DONE],
    # Unsigned members may leave (leaving shows nothing); the last chair is refused (200 + why).
    ("leave", "get"): [404, 404, 200, 200, 200],
    ("leave", "post"): [404, 404, LIST, LIST, 200],
}

CELLS = [
    pytest.param(name, method, persona, expected[i], id=f"{name}-{method}-{persona}")
    for (name, method), expected in MATRIX.items()
    for i, persona in enumerate(PERSONAS)
]


def test_every_group_url_is_in_the_matrix():
    names = {pattern.name for pattern in group_urls.urlpatterns}
    assert names == {name for name, _method in MATRIX}


@pytest.mark.parametrize(("name", "method", "persona", "expected"), CELLS)
def test_permission_matrix(world, client_for, name, method, persona, expected):
    url = reverse(f"groups:{name}", args=_args(name, world))
    client = client_for(world.persona(persona))
    response = client.get(url) if method == "get" else client.post(url, POST_DATA.get(name, {}))
    group_url = reverse("groups:detail", args=[world.group.pk])
    if expected == DECLARATION:
        assert response.status_code == 302
        assert response.url == reverse("groups:declaration", args=[world.group.pk])
    elif expected == LIST:
        assert response.status_code == 302
        assert response.url == reverse("groups:list")
    elif expected == OK_DONE:
        assert response.status_code == 302
        assert response.url == group_url
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("name", "method"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_login_or_to_the_invitation(world, client, name, method):
    url = reverse(f"groups:{name}", args=_args(name, world))
    response = client.get(url) if method == "get" else client.post(url, POST_DATA.get(name, {}))
    if name == "invitation" and method == "get":
        assert response.status_code == 200
        assert "Inloggen" in response.content.decode()
    elif name == "invitation":
        assert response.status_code == 200  # POST without login only shows the login choice
        assert world.group.memberships.count() == 4
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_a_plain_member_sees_no_chair_controls(world, client_for):
    body = client_for(world.signed).get(reverse("groups:detail", args=[world.group.pk]))
    html = body.content.decode()
    assert reverse("groups:invite", args=[world.group.pk]) not in html
    assert "Verwijder" not in html
    assert "Anna de Vries" in html


def test_content_is_invisible_to_an_unsigned_member_even_on_the_declaration_page(world, client_for):
    html = (
        client_for(world.unsigned)
        .get(reverse("groups:declaration", args=[world.group.pk]))
        .content.decode()
    )
    assert "Bram Jansen" not in html
    assert "Tekenen" in html
