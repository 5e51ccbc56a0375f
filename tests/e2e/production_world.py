"""Seeds the production smoke test's database through the app's own services, in the production
settings (run as `python -m tests.e2e.production_world` in the built tree, with its environment).

Prints one JSON line: the personas' e-mail, password and TOTP secret, and the meeting's id.
"""

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django

    django.setup()

    from groups import services
    from tests.conftest import enrol_totp, make_practitioner, password_of
    from tests.groups.conftest import join, sign
    from tests.meetings.conftest import make_item, make_meeting

    anna, bram = make_practitioner("anna"), make_practitioner("bram")
    group = services.group_create(actor=anna, name="Intervisiegroep Utrecht", description="")
    sign(anna, group)
    join(anna, group, bram)
    # A pending invitation: its e-mail goes to the task worker through Redis.
    services.invitation_create(
        actor=anna, group=group, email="nieuw@example.org", site_url="http://127.0.0.1/"
    )
    meeting = make_meeting(group, anna, days=1)
    make_item(meeting, bram, title="Medicatie verwisseld", status="accepted")
    from django.urls import reverse

    from incidents.services import incident_create
    from tests.incidents.conftest import vim_fields

    incident = incident_create(
        actor=anna,
        register=anna.register,
        fields=vim_fields(patient_names="Henk Zwanenburg", patient_birth_dates="12-03-1950"),
    )
    people = {
        key: {"email": user.email, "password": password_of(user), "totp": enrol_totp(user)}
        for key, user in (("anna", anna), ("bram", bram))
    }
    live = reverse("meetings:live", kwargs={"pk": meeting.pk})
    world = {
        "people": people,
        "live": live,
        "incident": incident.pk,
        "incident_url": incident.get_absolute_url(),
    }
    print(json.dumps(world))


if __name__ == "__main__":
    main()
