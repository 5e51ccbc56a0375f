"""The task engine (project/tasks.py on Celery): e-mail goes through tasks, retried with back-off,
a final failure is logged and never reaches the request; the beat schedule holds the purge and
the reminders."""

import logging
import socket
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from groups import services as group_services
from groups.models import Invitation
from project import tasks
from project.celery import app
from tests.groups.conftest import sign


class RefusingSmtpServer:
    """A real SMTP peer on a local socket that greets with 554 (service refused) and hangs up."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.sendall(b"554 5.3.2 Service not available\r\n")

    def close(self):
        self.sock.close()


@pytest.fixture
def refusing_smtp(settings):
    server = RefusingSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.close()


@pytest.fixture
def group(anna):
    group = group_services.group_create(actor=anna, name="Intervisiegroep Utrecht", description="")
    sign(anna, group)
    return group


def test_every_task_is_on_the_engine_with_retries_and_late_acks():
    tasks.autodiscover()
    for name in (
        "groups.invitation_send",
        "meetings.notice_send",
        "incidents.purge_expired",
        "reminders.send_due",
    ):
        engine_task = app.tasks[name]
        assert engine_task.max_retries == 5
        assert engine_task.autoretry_for == (Exception,)
        assert engine_task.retry_backoff and engine_task.acks_late


def test_a_failing_smtp_server_is_retried_then_logged_and_the_request_answers(
    anna, group, client_for, refusing_smtp, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="project.tasks")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(anna).post(
            reverse("groups:invite", args=[group.pk]), {"email": "nieuw@example.org"}
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="nieuw@example.org").exists()
    # The first attempt and five retries each reached the server.
    assert refusing_smtp.connections == 6
    retries = [r for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 5
    failures = [
        r for r in caplog.records if r.levelno == logging.ERROR and r.name == "project.tasks"
    ]
    assert len(failures) == 1
    message = failures[0].getMessage()
    assert "groups.invitation_send" in message and "after 5 retries" in message
    assert "SMTPConnectError" in message
    # No personal data in the log: not the address, not the group's name.
    assert "nieuw@example.org" not in caplog.text and "Utrecht" not in caplog.text


def test_the_invitation_mail_is_sent_once_even_when_the_task_is_delivered_twice(anna, group):
    invitation, token = group_services.invitation_create(
        actor=anna, group=group, email="nieuw@example.org", site_url="http://testserver/"
    )
    engine_task = app.tasks["groups.invitation_send"]
    engine_task.apply(args=(invitation.pk, token, "http://testserver/"), task_id="same-delivery")
    engine_task.apply(args=(invitation.pk, token, "http://testserver/"), task_id="same-delivery")
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body


def test_a_revoked_invitation_is_not_mailed_by_a_late_task(anna, group):
    invitation, token = group_services.invitation_create(
        actor=anna, group=group, email="nieuw@example.org", site_url="http://testserver/"
    )
    group_services.invitation_revoke(actor=anna, invitation=invitation)
    tasks.run("groups.invitation_send", invitation.pk, token, "http://testserver/")
    assert mail.outbox == []


def test_enqueuing_an_unknown_task_fails_in_the_caller(db):
    with pytest.raises(KeyError):
        tasks.enqueue_on_commit("groups.no_such_task", 1)


def test_the_beat_schedule_holds_the_purge_and_the_reminders():
    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks.autodiscover()
    by_task = {entry["task"]: entry["schedule"] for entry in schedule.values()}
    assert set(by_task) == {
        "incidents.purge_expired",
        "reminders.send_due",
        "insights.aggregate",
        "meetings.purge_closed_threads",
        "meetings.followups_propose_due",
    }
    for name in by_task:
        assert name in app.tasks
    assert by_task["incidents.purge_expired"].hour == {3}
    assert by_task["reminders.send_due"].hour == {7}
    # Follow-ups are proposed before the reminders ask their owners for a status.
    assert by_task["meetings.followups_propose_due"].hour == {6}


def test_the_scheduled_reminders_run_on_the_engine_and_send_nothing_when_nothing_is_due(db):
    tasks.engine_task("reminders.send_due").apply().get()
    assert mail.outbox == []


def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "full_name": "Eva de Vries",
            "profession": "gz-psycholoog",
        },
    )


def test_allauths_account_mails_go_out_by_task(client, db, settings, monkeypatch):
    settings.ACCOUNT_SIGNUP_OPEN = True
    sent = []
    real_enqueue = tasks.enqueue

    def spy(name, *args):
        sent.append(name)
        real_enqueue(name, *args)

    monkeypatch.setattr("project.adapters.enqueue", spy)
    response = _sign_up(client, "eva@example.org")
    assert response.status_code == 302
    assert sent == ["project.mail_send"]
    [message] = mail.outbox
    assert message.to == ["eva@example.org"]
    assert "/accounts/" in message.body


def test_a_failing_mail_server_does_not_fail_the_sign_up(client, db, settings, refusing_smtp):
    settings.ACCOUNT_SIGNUP_OPEN = True
    # Another address than above: allauth limits confirmation mails per address.
    response = _sign_up(client, "fenna@example.org")
    assert response.status_code == 302
    assert refusing_smtp.connections == 6  # the first try and five retries
