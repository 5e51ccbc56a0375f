"""Trends within an incident group: its signed members' opted-in registers, the same minimum cell
size, no count below k from setting a group figure against the all-registers one, and access for
the group's signed members only."""

import random

import pytest
from django.urls import reverse

from groups import services as group_services
from groups.models import IncidentGroup
from insights import selectors, services, suppression
from insights.models import TrendCell
from tests.groups.conftest import join, sign
from tests.insights.test_trends import (
    OWNERS,
    QUARTERS,
    _all_figures,
    _assert_safe,
    _file,
    _shown,
    _synthetic_rows,
    assert_figures_safe,
)

K = 5


def _two_atoms(part, whole, published_whole):
    """A group beside all registers: the atoms are the group and the rest."""
    rest = {value: n - part.get(value, 0) for value, n in whole.items()}
    hidden = suppression.common_hidden([part, rest], published_whole, K)
    return {value: None if value in hidden else part.get(value, 0) for value in whole}


def test_a_group_cell_whose_rest_is_small_is_hidden_with_a_complement():
    whole = {"a": 12, "b": 30, "c": 20}
    published = _two_atoms({"a": 9, "b": 15, "c": 20}, whole, whole)
    # a: the rest is 3. Hiding a alone would leave the hidden rest computable, so b goes too.
    assert published == {"a": None, "b": None, "c": 20}


def test_a_cell_hidden_for_everyone_is_hidden_in_the_group_and_zeros_are_shown():
    whole = {"a": 3, "b": 10, "c": 20, "d": 6}
    published_whole = suppression.suppress(whole, K)
    assert published_whole == {"a": None, "b": 10, "c": 20, "d": None}
    published = _two_atoms({"b": 10, "c": 15}, whole, published_whole)
    # a and d are hidden for everyone, so for the group too (it has none of them: 0).
    assert published == {"a": None, "b": 10, "c": 15, "d": None}


def test_a_group_is_admitted_only_when_it_and_the_rest_are_safe():
    def admitted(group: int, rest: int) -> bool:
        return bool(suppression.admitted_scopes({1: group, 2: rest}, {"g": {1}}, K))

    assert admitted(10, 0)
    assert admitted(10, 5)
    assert not admitted(10, 3)
    assert not admitted(4, 20)


def test_atoms_split_registers_by_the_groups_they_are_in():
    scopes = {"kring": {1, 2}, "regio": {1, 2, 3}, "netwerk": {3, 4}}
    assert suppression.atoms([1, 2, 3, 4, 5], scopes) == {
        frozenset({"kring", "regio"}): frozenset({1, 2}),
        frozenset({"regio", "netwerk"}): frozenset({3}),
        frozenset({"netwerk"}): frozenset({4}),
        frozenset(): frozenset({5}),
    }


def test_a_group_that_would_split_off_a_small_atom_is_not_admitted():
    totals = {1: 10, 2: 10, 3: 3, 4: 10, 5: 10}
    # regio differs from kring by register 3 (3 incidents): regio is left out, kring stays.
    # pair {3, 4} holds 13, but 3 without register 4's 10: left out too.
    scopes = {
        "kring": {1, 2},
        "regio": {1, 2, 3},
        "twin": {1, 2},
        "rest": {3, 4, 5},
        "pair": {3, 4},
    }
    assert suppression.admitted_scopes(totals, scopes, K) == ["kring", "twin", "rest"]


def test_common_hidden_protects_every_atom_and_ends_with_everything_if_needed():
    atoms = [{"a": 6, "b": 2, "c": 0}, {"a": 0, "b": 0, "c": 9}, {"a": 5, "b": 5, "c": 5}]
    published_whole = {"a": 11, "b": 7, "c": 14}
    hidden = suppression.common_hidden(atoms, published_whole, K)
    # b: the first atom holds 2; then a (its only other value) to bring its hidden part to 8.
    assert hidden == {"a", "b"}
    for counts in atoms:
        assert sum(counts[v] for v in hidden) in (0, *range(K, 100))


# --- Attacks: a group's figures against each other and against the all-registers figures ------


def _groups_for(monkeypatch, members_of: dict[str, tuple[int, ...]]) -> dict[str, IncidentGroup]:
    groups = {name: IncidentGroup.objects.create(name=name) for name in members_of}
    of_member = {
        owner: {groups[name].pk for name, members in members_of.items() if owner in members}
        for owner in OWNERS
    }
    monkeypatch.setattr(services, "_groups_of_members", lambda: of_member)
    return groups


def _assert_group_beside_everyone_safe(group_figures, everyone):
    for key, group_figure in group_figures.items():
        wide = everyone[key]
        _assert_safe(wide.total - group_figure.total, f"all - group total {key}")
        group_cells = {(d, v): c for d, v, c in _shown(group_figure)}
        for dimension, rows in wide.dimensions.items():
            complete = {r.value: r.count for r in rows if r.count is not None and not r.incomplete}
            rest_of_shown = 0
            for row in group_figure.dimensions[dimension]:
                count = group_cells[(dimension, row.value)]
                if row.incomplete or count is None or row.value not in complete:
                    continue
                rest = complete[row.value] - count
                _assert_safe(rest, f"all - group {key} {dimension}={row.value}")
                rest_of_shown += rest
            # The rest of everything the group does not show, worked out from the totals.
            hidden_rest = wide.total - group_figure.total - rest_of_shown
            _assert_safe(hidden_rest, f"hidden rest {key} {dimension}")


@pytest.mark.parametrize("seed", range(10))
def test_no_group_figure_nor_its_difference_with_everyone_reveals_a_count_below_k(
    db, monkeypatch, seed
):
    rng = random.Random(seed)
    members_of = {
        "kring": tuple(rng.sample(OWNERS, 2)),
        "regio": tuple(rng.sample(OWNERS, 3)),
    }
    monkeypatch.setattr(services, "_incident_rows", lambda: _synthetic_rows(seed))
    groups = _groups_for(monkeypatch, members_of)
    services.aggregate()
    assert not TrendCell.objects.filter(count__gt=0, count__lt=K).exists()
    everyone = _all_figures()
    for group in groups.values():
        figures = _all_figures(group)
        assert_figures_safe(figures)
        _assert_group_beside_everyone_safe(figures, everyone)


def test_a_rare_incident_of_one_outsider_stays_hidden_beside_the_group(db, monkeypatch):
    """The group (owners 1 and 2) files 10 ordinary incidents; an outsider (owner 3) files the
    same 10 plus 3 rare ones. Neither the group's figures nor all minus the group reveals 3."""
    ordinary = ("huisarts", QUARTERS[0], "communicatie", "bijna-incident", "analyse")
    rows = [(*ordinary, None, 1)] * 5 + [(*ordinary, None, 2)] * 5 + [(*ordinary, None, 3)] * 10
    rows += [("huisarts", ordinary[1], "suicidaliteit", "overlijden", "registratie", None, 3)] * 3
    monkeypatch.setattr(services, "_incident_rows", lambda: rows)
    groups = _groups_for(monkeypatch, {"kring": (1, 2)})
    services.aggregate()
    everyone, group_figures = _all_figures(), _all_figures(groups["kring"])
    assert group_figures[("", "")].total == 10
    for key, figure in group_figures.items():
        wide = everyone[key]
        assert wide.total - figure.total != 3
        for dimension, value, count in _shown(figure):
            wide_count = {(d, v): c for d, v, c in _shown(wide)}[(dimension, value)]
            assert count != 3
            if count is not None and wide_count is not None:
                assert wide_count - count != 3, (dimension, value)
        for rows_ in figure.dimensions.values():
            assert figure.total - sum(r.count or 0 for r in rows_) != 3


def test_a_group_whose_rest_is_below_k_publishes_nothing(db, monkeypatch):
    day = QUARTERS[0]
    rows = [("huisarts", day, "communicatie", "bijna-incident", "analyse", None, 1)] * 8
    rows += [("huisarts", day, "communicatie", "bijna-incident", "analyse", None, 2)] * 8
    rows += [("huisarts", day, "communicatie", "bijna-incident", "analyse", None, 3)] * 2
    monkeypatch.setattr(services, "_incident_rows", lambda: rows)
    groups = _groups_for(monkeypatch, {"kring": (1, 2)})
    services.aggregate()
    assert TrendCell.objects.filter(group=None, dimension="total").get().count == 18
    assert not TrendCell.objects.filter(group=groups["kring"]).exists()


# --- The real job, opt-out, and the pages ----------------------------------------------------


@pytest.fixture
def kring(anna, bram, carla, practitioner_factory):
    """anna chairs and signed, bram signed, carla joined without signing; all opted in, with
    six incidents each; piet (same profession as nobody in the group) is an outsider."""
    group = group_services.group_create(actor=anna, name="Kring Utrecht", description="")
    sign(anna, group)
    join(anna, group, bram)
    join(anna, group, carla, signed=False)
    piet = practitioner_factory("piet")
    for user in (anna, bram, carla, piet):
        _file(user, 6)
        services.participation_set(actor=user, register=user.register, join=True)
    group.outsider = piet
    return group


def _group_totals(group) -> dict[str, int]:
    cells = TrendCell.objects.filter(group=group, dimension="total")
    return {cell.profession: cell.count for cell in cells}


def test_group_figures_count_signed_members_only_and_opting_out_removes_a_register(
    kring, anna, bram
):
    services.aggregate()
    expected = {}
    for user in (anna, bram):
        expected[user.profession] = expected.get(user.profession, 0) + 6
    assert _group_totals(kring) == expected
    assert TrendCell.objects.filter(group=None, dimension="total").count() >= len(expected)
    services.participation_set(actor=bram, register=bram.register, join=False)
    assert _group_totals(kring) == expected  # unchanged until the next aggregate
    services.aggregate()
    assert bram.profession not in _group_totals(kring) or anna.profession == bram.profession
    assert sum(_group_totals(kring).values()) == 6


def test_a_signed_member_sees_the_group_figures_and_a_link_to_them(kring, anna, client_for):
    services.aggregate()
    client = client_for(anna)
    page = client.get(reverse("insights:trends")).content.decode()
    url = reverse("insights:group_trends", args=[kring.pk])
    assert url in page
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kring Utrecht" in body
    assert f"Meldingen in deze selectie: {sum(_group_totals(kring).values())}" in body
    assert "Stoppen met meedoen" not in body  # the opt-in lives on the all-registers page
    chart = client.get(reverse("insights:group_trends_chart", args=[kring.pk, "severity"]))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert "<script" not in chart.content.decode()


@pytest.mark.parametrize("who", ["unsigned", "outsider"])
def test_an_outsider_or_unsigned_member_gets_404(kring, carla, client_for, who):
    services.aggregate()
    user = carla if who == "unsigned" else kring.outsider
    client = client_for(user)
    assert client.get(reverse("insights:group_trends", args=[kring.pk])).status_code == 404
    chart = reverse("insights:group_trends_chart", args=[kring.pk, "severity"])
    assert client.get(chart).status_code == 404
    link = reverse("insights:group_trends", args=[kring.pk])
    assert link not in client.get(reverse("insights:trends")).content.decode()


def test_the_all_registers_page_ignores_group_rows(kring, anna, client_for):
    services.aggregate()
    everyone = selectors.figures()
    assert everyone.total == 24
    assert selectors.figures(group=kring).total == 12
    assert selectors.quarters(kring) == selectors.quarters()
