import pytest
from django.urls import reverse

from groups.models import IncidentGroup, Membership, Role, SecrecyDeclaration
from groups.selectors import groups_for_user


def _many_groups(user, n):
    groups = IncidentGroup.objects.bulk_create(
        IncidentGroup(name=f"Groep {i:03}", created_by=user) for i in range(n)
    )
    declarations = SecrecyDeclaration.objects.bulk_create(
        SecrecyDeclaration(group=group, version=1, text="Tekst") for group in groups
    )
    for group, declaration in zip(groups, declarations, strict=True):
        group.current_declaration = declaration
    IncidentGroup.objects.bulk_update(groups, ["current_declaration"])
    Membership.objects.bulk_create(
        Membership(
            group=group,
            user=user,
            role=Role.CHAIR if i % 2 else Role.MEMBER,
            signed_declaration=declaration if i % 3 else None,
        )
        for i, (group, declaration) in enumerate(zip(groups, declarations, strict=True))
    )


def test_groups_for_user_is_one_query_with_role_signature_and_size(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = list(groups_for_user(world.unsigned))
    assert [(g.name, g.my_role, g.my_signed_current, g.member_count) for g in rows] == [
        ("Intervisiegroep Utrecht", "member", False, 4)
    ]
    assert list(groups_for_user(world.outsider)) == []


@pytest.mark.parametrize("rows", [1, 500])
def test_my_groups_page_needs_the_same_queries_at_1_and_500_groups(
    dirk, client_for, django_assert_max_num_queries, rows
):
    _many_groups(dirk, rows)
    client = client_for(dirk)
    # session, user, the one groups query, and the session save (savepoint, update, release).
    with django_assert_max_num_queries(6):
        response = client.get(reverse("groups:list"))
    assert response.status_code == 200
    assert response.content.decode().count("Verklaring nog tekenen") == len(
        [i for i in range(rows) if i % 3 == 0]
    )


def test_the_group_page_query_count_does_not_grow_with_members(
    world, client_for, practitioner_factory, django_assert_max_num_queries
):
    from tests.groups.conftest import join

    url = reverse("groups:detail", args=[world.group.pk])
    client = client_for(world.chair)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(10):
        join(world.chair, world.group, practitioner_factory(f"lid{i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Verwijder ") >= 13
