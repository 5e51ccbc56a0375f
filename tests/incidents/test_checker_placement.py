"""Where the de-identification checker runs (incidents/checker.py): in the checker worker when
tasks go through a broker (web processes never load it), inline in the one process otherwise."""

import pytest
from django.core.cache import cache

from incidents import checker, deidentify


@pytest.fixture
def in_worker(settings, db):
    # db: without Redis (make test on a fresh machine) the cache is the database cache.
    settings.DEIDENTIFY_IN_WORKER = True
    cache.delete(checker.READY_KEY)
    yield
    cache.delete(checker.READY_KEY)


def test_a_web_process_never_starts_loading_the_checker_when_a_worker_holds_it(
    in_worker, monkeypatch
):
    started = []
    monkeypatch.setattr(deidentify.threading, "Thread", lambda *a, **k: started.append(k))
    monkeypatch.setattr(deidentify, "_thread", None)
    monkeypatch.setattr(deidentify, "_checker_process", False)
    checker.start_loading()
    deidentify.start_loading_in_background()  # the old entry point, still called by sharing
    assert started == []


def test_readiness_is_the_workers_ready_mark(in_worker, client, db):
    assert checker.is_ready() is False
    assert client.get("/healthz").json()["checker"] == "loading"
    with pytest.raises(deidentify.CheckerNotReady):
        checker.scan("Een tekst.", source=("incident", 1))
    cache.set(checker.READY_KEY, "checker@host", checker.READY_TTL)
    assert checker.is_ready() is True
    assert client.get("/healthz").json()["checker"] == "ready"


@pytest.fixture(scope="module")
def loaded():
    assert deidentify.wait_until_ready(timeout=600), "the checker did not load"


def test_inline_a_check_is_the_same_task_run_in_this_process(
    loaded, anna, file_incident, settings, client
):
    settings.DEIDENTIFY_IN_WORKER = False
    incident = file_incident(anna, patient_names="Henk Zwanenburg")
    text = "Bij de overdracht kreeg Henk Zwanenburg de verkeerde brief mee."
    findings = checker.scan(text, source=("incident", incident.pk))
    assert [(f.kind, f.text) for f in findings if f.kind == "known"] == [
        ("known", "Henk Zwanenburg")
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert client.get("/healthz").json()["checker"] == "ready"


def test_loading_freezes_the_checker_out_of_the_garbage_collector(loaded):
    import gc

    assert gc.get_freeze_count() > 1_000_000
