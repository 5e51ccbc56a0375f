import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from incidents.models import Incident, Step
from project.management.commands.seed_demo import persona_email


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_gives_anna_bram_and_carla_incidents_across_steps_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    per_owner = {
        key: Incident.objects.filter(register__owner__email=persona_email(key)).count()
        for key in ("anna", "bram", "carla", "dirk")
    }
    # bram also gets the incident whose closed-meeting outcome waits for him to import.
    assert per_owner == {"anna": 3, "bram": 3, "carla": 2, "dirk": 0}
    steps = {incident.step for incident in Incident.objects.with_progress()}
    assert {Step.REGISTRATION, Step.MEASURE, Step.DONE} <= steps
    assert Incident.objects.exclude(patient_names="").exists()
    calamity = Incident.objects.calamities().get()
    # Reported 50 days ago and not yet assessed: the 6 weeks to establish it have passed.
    assert calamity.calamity_unassessed and calamity.calamity_overdue
