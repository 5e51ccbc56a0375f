"""Demo incidents for `manage.py seed_demo`: a few realistic ones per persona, across types and
steps. Idempotent: a register that already has incidents is left alone."""

import datetime

from django.utils import timezone

from incidents import selectors, services
from incidents.models import Incident
from project.management.commands.seed_demo import counted

INFORMED = {
    "client_informed": "ja",
    "client_informed_by": "de behandelaar",
    "client_informed_how": "mondeling",
    "client_informed_noted": "ja",
}

# (days ago, fields, discussion, measures as (description, due in days from today, done));
# the discussion is (where, result), or a reason why it does not apply; a negative due date
# makes an overdue measure.
DEMO = {
    "anna": [
        (
            40,
            {
                "category": "verwijzing",
                "place": "Praktijk, spreekkamer 1",
                "description": "Gegevens van een cliënt op verzoek doorgestuurd naar de "
                "crisisdienst; de psychiater ontdekte op tijd dat het de gegevens van een "
                "andere cliënt met dezelfde achternaam waren.",
                "severity": "bijna-incident",
                "action_taken": "Juiste gegevens direct nagestuurd, verkeerde laten vernietigen.",
                "analysis": "Zoeken op achternaam in het dossiersysteem; geboortedatum niet "
                "gecontroleerd.",
                "contributing_factors": ["menselijk", "technisch"],
                "prevention": "Bij elke verzending naam én geboortedatum controleren.",
                "patient_names": "M. de Boer",
            },
            ("Intervisiegroep Utrecht", "Dubbele controle afgesproken voor alle verzendingen."),
            [("Controlestap opnemen in het verzendprotocol", 14, True)],
        ),
        (
            12,
            {
                "category": "bedreiging-agressie",
                "place": "Praktijk, spreekkamer 2",
                "description": "Cliënt met agressieregulatieproblemen draaide de deur van de "
                "spreekkamer op slot en stak de sleutel in zijn zak. De situatie is na een "
                "kwartier gesprek opgelost.",
                "severity": "merkbare-gevolgen",
                "consequences": "Cliënt was na afloop rustig; behandelaar geschrokken.",
                "action_warned_others": "Collega's in het pand ingelicht.",
                **INFORMED,
                "analysis": "Sleutel zat aan de binnenkant in het slot.",
                "contributing_factors": ["organisatorisch", "client"],
            },
            None,
            [("Slot vervangen door een exemplaar zonder sleutel aan de binnenkant", -3, False)],
        ),
        (
            3,
            {
                "category": "privacy-datalek",
                "place": "Thuiswerkplek",
                "description": "E-mail met een verslag naar een verkeerd adres gestuurd "
                "(autocomplete).",
                "severity": "geen-merkbare-gevolgen",
            },
            None,
            [],
        ),
    ],
    "bram": [
        (
            60,
            {
                "category": "medicatie",
                "place": "Praktijk",
                "description": "Cliënt meldde dat de huisarts een ander middel voorschreef dan "
                "in de overdracht stond.",
                "severity": "merkbare-gevolgen",
                **INFORMED,
                "analysis": "Overdracht mondeling, niet schriftelijk bevestigd.",
                "contributing_factors": ["organisatorisch"],
            },
            ("Incidentgroep Noord", "Overdrachten altijd schriftelijk bevestigen."),
            [("Sjabloon schriftelijke overdracht maken", 10, True)],
        ),
        (
            50,  # a possible calamity whose 6 weeks to establish it have passed
            {
                "category": "suicidaliteit",
                "place": "Praktijk",
                "description": "Signalen van suïcidaliteit pas na twee sessies in het dossier "
                "vastgelegd.",
                "severity": "ernstige-gevolgen",
                **INFORMED,
                "patient_names": "J. Vermeulen",
                "patient_birth_dates": "1991",
            },
            None,
            [],
        ),
    ],
    "carla": [
        (
            30,
            {
                "category": "communicatie",
                "place": "Online sessie",
                "description": "Videoverbinding viel weg tijdens een crisisgesprek; cliënt kon "
                "niet direct worden teruggebeld.",
                "severity": "geen-merkbare-gevolgen",
                "analysis": "Geen terugbelnummer afgesproken vóór de sessie.",
                "contributing_factors": ["technisch", "organisatorisch"],
                "prevention": "Voor elke online sessie een terugbelnummer afspreken.",
            },
            "Technische oorzaak met een duidelijke oplossing; de werkafspraak volstaat.",
            [("Werkafspraak online sessies op papier zetten", 21, False)],
        ),
        (
            5,
            {
                "category": "dossiervoering",
                "place": "Praktijk",
                "description": "Aantekening in het verkeerde dossier gezet; dezelfde dag hersteld.",
                "severity": "bijna-incident",
            },
            None,
            [],
        ),
    ],
}


def seed(users, stdout):
    today = timezone.localdate()
    for key, incidents in DEMO.items():
        user = users[key]
        if Incident.objects.filter(register=user.register).exists():
            continue
        for days_ago, fields, discussion, measures in incidents:
            when = today - datetime.timedelta(days=days_ago)
            incident = services.incident_create(
                actor=user,
                register=user.register,
                fields={
                    "reported_on": when,
                    "occurred_on": when,
                    "reporter_name": user.full_name,
                    "reporter_role": user.get_profession_display(),
                    **({"client_informed_on": when} if fields.get("client_informed") else {}),
                    **fields,
                },
            )
            if isinstance(discussion, str):
                services.incident_discussion_skip(actor=user, incident=incident, reason=discussion)
            elif discussion:
                services.incident_discussion_record(
                    actor=user,
                    incident=incident,
                    discussed_on=when + datetime.timedelta(days=7),
                    discussed_in=discussion[0],
                    result=discussion[1],
                )
            for description, due_in, done in measures:
                services.measure_add(
                    actor=user,
                    incident=incident,
                    description=description,
                    owner_name=user.full_name,
                    due_on=today + datetime.timedelta(days=due_in),
                    done_on=today if done else None,
                )
        stdout.write(f"VIM-register van {user.full_name} gevuld.")


def summary(users) -> list[str]:
    """Each persona's register page (its incidents) and dashboard (measures due within a week or
    overdue), as the pages read them."""
    today = timezone.localdate()
    lines = []
    for user in users.values():
        incidents = selectors.register_incidents(user, user.register).count()
        due = len(selectors.measures_due_for(user, today))
        lines.append(
            f"VIM-register van {user.full_name}: {counted(incidents, 'melding', 'meldingen')}; "
            f"op het Overzicht {counted(due, 'maatregel', 'maatregelen')} binnen 7 dagen of "
            "verlopen"
        )
    return lines
