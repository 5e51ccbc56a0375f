"""Anonymous trends: opt-in, the aggregate job, the pages, and attacks on the suppression."""

import itertools
import random
from datetime import date

import pytest
from django.urls import reverse

from incidents import icps
from incidents import services as incident_services
from incidents.models import Category, Severity, Step
from insights import selectors, services, suppression
from insights.models import Dimension, TrendCell, TrendParticipation
from project import tasks
from project.errors import NotFound
from project.models import AccessLogEntry
from tests.incidents.conftest import vim_fields

K = 5


def test_suppress_hides_small_counts_and_a_complement():
    published = suppression.suppress({"a": 3, "b": 10, "c": 20, "d": 0}, K)
    assert published == {"a": None, "b": None, "c": 20, "d": 0}


def test_suppress_leaves_a_distribution_without_small_counts_alone():
    assert suppression.suppress({"a": 5, "b": 9}, K) == {"a": 5, "b": 9}


def test_two_small_cells_that_add_up_to_k_hide_each_other():
    assert suppression.suppress({"a": 2, "b": 3, "c": 40}, K) == {"a": None, "b": None, "c": 40}


def test_icps_cell_is_hidden_when_one_of_its_categories_is():
    coarse = suppression.coarsen({"x": None, "y": 7, "z": 6}, {"x": "B", "y": "B", "z": "M"})
    assert coarse == {"B": None, "M": 6}


# --- Attacks on the published figures ---------------------------------------------------------

PROFESSIONS = ["psycholoog", "huisarts", "fysiotherapeut"]
QUARTERS = [date(2025, 1, 10), date(2025, 4, 10), date(2025, 7, 10)]


OWNERS = (1, 2, 3, 4)  # register owners' ids, for the groups' figures


def _synthetic_rows(seed: int):
    """Many small cells: a register with a handful of incidents of a rare kind per quarter."""
    rng = random.Random(seed)
    rows = []
    for profession, day in itertools.product(PROFESSIONS, QUARTERS):
        for _ in range(rng.choice([0, 2, 4, 6, 9, 15, 30])):
            rows.append(
                (
                    profession,
                    day,
                    rng.choice([*Category.values[:4], rng.choice(Category.values)]),
                    rng.choice(Severity.values),
                    rng.choice(Step.values),
                    None,
                    OWNERS[len(rows) % len(OWNERS)],
                )
            )
    return rows


def _all_figures(group=None):
    filters = ["", *PROFESSIONS]
    quarters = ["", *selectors.quarters()]
    return {
        (profession, quarter): selectors.figures(
            group=group, profession=profession, quarter=quarter
        )
        for profession, quarter in itertools.product(filters, quarters)
    }


def _shown(figures):
    for dimension, rows in figures.dimensions.items():
        for row in rows:
            yield dimension, row.value, row.count


def _assert_safe(number, what):
    assert number == 0 or number >= K, f"{what} reveals {number}"


def assert_figures_safe(figures):
    """No figure, and no difference of two figures that differ by one filter value, reveals a
    count below k."""
    for key, figure in figures.items():
        _assert_safe(figure.total, f"total {key}")
        for dimension, value, count in _shown(figure):
            if count is None:
                continue
            _assert_safe(count, f"{key} {dimension}={value}")
            # The total minus one figure, and the total minus everything shown.
            _assert_safe(figure.total - count, f"total - {key} {dimension}={value}")
        for dimension, rows in figure.dimensions.items():
            shown = sum(row.count or 0 for row in rows)
            _assert_safe(figure.total - shown, f"hidden part of {key} {dimension}")
            if sum(row.count is None or row.incomplete for row in rows) == 1:
                pytest.fail(f"a single hidden cell in {key} {dimension} is computable")
    # Two figures that differ by one filter value ("all" against one profession or quarter).
    for (p1, q1), (p2, q2) in itertools.permutations(figures, 2):
        if not ((p1 == "" and p2 and q1 == q2) or (q1 == "" and q2 and p1 == p2)):
            continue
        wide, narrow = figures[(p1, q1)], figures[(p2, q2)]
        _assert_safe(wide.total - narrow.total, f"{(p1, q1)} - {(p2, q2)} total")
        wide_cells = {(d, v): c for d, v, c in _shown(wide)}
        for (dimension, value), count in wide_cells.items():
            narrow_count = {(d, v): c for d, v, c in _shown(narrow)}[(dimension, value)]
            if count is not None and narrow_count is not None:
                _assert_safe(count - narrow_count, f"{(p1, q1)} - {(p2, q2)} {dimension}={value}")


@pytest.mark.parametrize("seed", range(12))
def test_no_figure_and_no_difference_of_two_figures_reveals_a_count_below_k(db, monkeypatch, seed):
    monkeypatch.setattr(services, "_incident_rows", lambda: _synthetic_rows(seed))
    services.aggregate()
    assert not TrendCell.objects.filter(count__gt=0, count__lt=K).exists()
    assert_figures_safe(_all_figures())


@pytest.mark.parametrize("seed", range(6))
def test_icps_figures_cannot_be_set_against_the_categories(db, monkeypatch, seed):
    monkeypatch.setattr(services, "_incident_rows", lambda: _synthetic_rows(seed))
    services.aggregate()
    for figure in _all_figures().values():
        categories = {row.value: row for row in figure.dimensions[Dimension.CATEGORY]}
        for row in figure.dimensions[Dimension.ICPS]:
            if row.count is None or row.incomplete:
                continue
            parts = [categories[c] for c, t in icps.CATEGORY_TO_ICPS.items() if t == row.value]
            # A complete ICPS figure is exactly the sum of its shown categories: nothing new.
            assert all(p.count is not None and not p.incomplete for p in parts)
            assert row.count == sum(p.count for p in parts)


def test_a_crafted_rare_incident_stays_hidden_across_every_filter(db, monkeypatch):
    """Ten ordinary incidents per profession, plus three of a rare kind for one profession:
    neither the cell, nor "all" minus the others, nor the total minus the rest reveals 3."""
    rows = [
        (p, QUARTERS[0], "communicatie", "bijna-incident", "analyse", None, 1) for p in PROFESSIONS
    ]
    rows = rows * 10
    rows += [("huisarts", QUARTERS[0], "suicidaliteit", "overlijden", "registratie", None, 2)] * 3
    monkeypatch.setattr(services, "_incident_rows", lambda: rows)
    services.aggregate()
    for figure in _all_figures().values():
        for dimension, value, count in _shown(figure):
            assert count != 3, (dimension, value)
            if count is not None:
                assert figure.total - count != 3
        for rows_ in figure.dimensions.values():
            assert figure.total - sum(r.count or 0 for r in rows_) != 3


# --- The job, opt-in and opt-out ------------------------------------------------------------


def _file(user, n, **overrides):
    for _ in range(n):
        incident_services.incident_create(
            actor=user, register=user.register, fields=vim_fields(**overrides)
        )


def test_only_opted_in_registers_count_and_opting_out_removes_them(anna, bram):
    _file(anna, 6)
    _file(bram, 6)
    assert not TrendParticipation.objects.exists()  # off by default
    services.aggregate()
    assert not TrendCell.objects.exists()
    services.participation_set(actor=anna, register=anna.register, join=True)
    tasks.run("insights.aggregate")
    totals = TrendCell.objects.filter(dimension="total")
    assert [(c.profession, c.count) for c in totals] == [(anna.profession, 6)]
    assert TrendCell.objects.get(dimension="category", value="overdracht").count == 6
    assert TrendCell.objects.get(dimension="icps", value="clinical-administration").count == 6
    services.participation_set(actor=anna, register=anna.register, join=False)
    services.aggregate()
    assert not TrendCell.objects.exists()
    actions = AccessLogEntry.objects.filter(actor=anna).values_list("action", flat=True)
    assert {"register.trends_joined", "register.trends_left"} <= set(actions)


def test_a_quarter_with_fewer_than_k_incidents_is_not_published_at_all(anna):
    _file(anna, 4)
    services.participation_set(actor=anna, register=anna.register, join=True)
    services.aggregate()
    assert not TrendCell.objects.exists()


def test_only_the_owner_sets_participation(anna, bram):
    with pytest.raises(NotFound):
        services.participation_set(actor=bram, register=anna.register, join=True)


def test_first_measure_buckets():
    assert services._first_measure_bucket(date(2025, 1, 1), None) == "geen"


# --- Pages ------------------------------------------------------------------------------------


def test_trends_page_reads_the_aggregate_table_and_hides_small_counts(anna, client_for):
    TrendCell.objects.bulk_create(
        [
            TrendCell(profession="psycholoog", quarter="2025-K1", dimension="total", count=12),
            TrendCell(
                profession="psycholoog",
                quarter="2025-K1",
                dimension="category",
                value="medicatie",
                count=None,
            ),
            TrendCell(
                profession="psycholoog",
                quarter="2025-K1",
                dimension="category",
                value="overdracht",
                count=9,
            ),
        ]
    )
    response = client_for(anna).get(reverse("insights:trends"), {"kwartaal": "2025-K1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Meldingen in deze selectie: 12" in body
    assert "verborgen" in body
    assert "<script" not in body.split("<main")[-1].split("</main>")[0]


def test_chart_is_an_svg_without_script(anna, client_for):
    TrendCell.objects.create(
        profession="psycholoog",
        quarter="2025-K1",
        dimension="severity",
        value="bijna-incident",
        count=8,
    )
    response = client_for(anna).get(reverse("insights:trends_chart", args=["severity"]))
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg and "<script" not in svg and "<title" in svg
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert client_for(anna).get("/trends/grafiek/onzin.svg").status_code == 404


def test_owner_opts_in_and_out_from_the_trends_page(anna, client_for):
    client = client_for(anna)
    client.post(reverse("insights:participation"), {"deelnemen": "ja"})
    assert TrendParticipation.objects.filter(register=anna.register).exists()
    assert "Stoppen met meedoen" in client.get(reverse("insights:trends")).content.decode()
    client.post(reverse("insights:participation"), {"deelnemen": "nee"})
    assert not TrendParticipation.objects.exists()


def test_trends_need_a_login(client):
    assert client.get(reverse("insights:trends")).status_code == 302
