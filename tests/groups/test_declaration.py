import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from groups import services
from groups.models import Signature, text_hash
from groups.permissions import is_chair, is_signed_member
from tests.groups.conftest import sign


def test_a_new_group_starts_with_the_default_declaration_from_seed_001(anna):
    group = services.group_create(actor=anna, name="Kring Zeist")
    text = group.current_declaration.text
    assert group.current_declaration.version == 1
    assert "geheimhouding" in text
    assert "schuldvraag" in text
    assert "verwijtbaarheid" in text
    assert "klachten" in text and "schade" in text
    assert "Inspectie" in text and "rechter" in text
    # The creator chairs, but sees nothing before signing.
    assert not is_signed_member(anna, group)
    assert not is_chair(anna, group)


def test_signing_keeps_version_hash_typed_name_and_time(world):
    signature = Signature.objects.get(user=world.signed, declaration__group=world.group)
    declaration = world.group.current_declaration
    assert signature.declaration == declaration
    assert signature.text_sha256 == text_hash(declaration.text)
    assert signature.typed_name == "Bram Jansen"
    assert signature.signed_at is not None


def test_signing_requires_the_full_name_and_agreement(world, client_for):
    url = reverse("groups:declaration", args=[world.group.pk])
    client = client_for(world.unsigned)
    wrong_name = client.post(url, {"version": "1", "typed_name": "Carla", "agreed": "on"})
    no_tick = client.post(url, {"version": "1", "typed_name": "Carla Bakker"})
    assert "Typ uw volledige naam" in wrong_name.content.decode()
    assert no_tick.status_code == 200
    assert not is_signed_member(world.unsigned, world.group)

    signed = client.post(url, {"version": "1", "typed_name": " carla  bakker ", "agreed": "on"})
    assert signed.status_code == 302
    assert signed.url == reverse("groups:detail", args=[world.group.pk])
    assert is_signed_member(world.unsigned, world.group)


def test_changing_the_text_makes_everyone_sign_again(world, client_for):
    detail = reverse("groups:detail", args=[world.group.pk])
    bram = client_for(world.signed)
    assert bram.get(detail).status_code == 200

    new = services.declaration_change(
        actor=world.chair, group=world.group, text="Versie twee: geheimhouding over alles."
    )

    assert new.version == 2
    for user in (world.chair, world.signed, world.extra):
        assert not is_signed_member(user, world.group)
    response = bram.get(detail)
    assert response.status_code == 302
    assert response.url == reverse("groups:declaration", args=[world.group.pk])
    page = bram.get(response.url).content.decode()
    assert "Versie twee" in page
    assert "Tekenen" in page

    signed = bram.post(response.url, {"version": "2", "typed_name": "Bram Jansen", "agreed": "on"})
    assert signed.url == detail
    assert bram.get(detail).status_code == 200
    versions = Signature.objects.filter(user=world.signed).values_list(
        "declaration__version", "text_sha256"
    )
    assert set(versions) == {
        (1, text_hash(world.group.declarations.get(version=1).text)),
        (2, text_hash("Versie twee: geheimhouding over alles.")),
    }
    # The chair who changed the text must sign too before acting as chair again.
    assert not is_chair(world.chair, world.group)
    sign(world.chair, world.group)
    assert is_chair(world.chair, world.group)


def test_signing_a_version_that_was_replaced_meanwhile_is_refused(world, client_for):
    services.declaration_change(actor=world.chair, group=world.group, text="Nieuwe tekst.")
    response = client_for(world.unsigned).post(
        reverse("groups:declaration", args=[world.group.pk]),
        {"version": "1", "typed_name": "Carla Bakker", "agreed": "on"},
    )
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    assert not is_signed_member(world.unsigned, world.group)


def test_an_unchanged_text_is_not_a_new_version(world):
    with pytest.raises(ValidationError):
        services.declaration_change(
            actor=world.chair, group=world.group, text=world.group.current_declaration.text
        )
    assert world.group.declarations.count() == 1
    assert is_signed_member(world.signed, world.group)


def test_a_plain_member_cannot_change_the_declaration(world):
    with pytest.raises(services.NotFound):
        services.declaration_change(actor=world.signed, group=world.group, text="Anders.")
    assert world.group.declarations.count() == 1


def test_the_chair_sees_signature_dates_and_members_do_not(world, client_for):
    url = reverse("groups:detail", args=[world.group.pk])

    def members_table(user):
        page = client_for(user).get(url).content.decode()
        return page.split("<table")[1].split("</table>")[0]

    chair_table, member_table = members_table(world.chair), members_table(world.signed)
    assert "Nog niet getekend" in chair_table  # carla
    assert chair_table.count('class="help"') == 3  # anna, bram, erik signed
    assert 'class="help"' not in member_table
    assert member_table.count("Getekend") == 3


def test_the_group_page_shows_the_rules_and_blame_free_wording(world, client_for):
    page = (
        client_for(world.signed)
        .get(reverse("groups:detail", args=[world.group.pk]))
        .content.decode()
    )
    assert "Wat de incidentgroep niet doet" in page
    assert "Onderzoek naar verwijtbaarheid van een incident." in page
    assert "we zoeken geen schuldige" in page
    assert "vraagt geen incidentenregisters op" in page
    assert "tenzij de rechter dat in uitzonderlijke situaties beveelt" in page
