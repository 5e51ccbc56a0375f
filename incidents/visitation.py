"""The visitation report: what an accreditation visit (LVVP, NIP, KNGF, …) asks to see of VIM.

Per register and period (incidents by Datum melding): incidents per category (with the WHO ICPS
type) and severity, the steps reached, measures agreed and completed on time or late, the dates
of discussions with colleagues, calamities reported within the IGJ's deadline, and the written
procedure attached. Only counts, codes and dates: no patient data and no free text (not even
"Anders, namelijk" or where an incident was discussed), so the report can be handed to a visitor.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.utils import formats
from django.utils.translation import gettext as _

from incidents import calamity, icps, procedure
from incidents.models import (
    CalamityAssessment,
    Category,
    Incident,
    Measure,
    Register,
    Severity,
    Step,
    YesNo,
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __str__(self):
        return _("%(start)s tot en met %(end)s") % {
            "start": formats.date_format(self.start),
            "end": formats.date_format(self.end),
        }


def _counted(label: str, n: int) -> str:
    return f"{label}: {n}"


def _in_period(register: Register, period: Period):
    return Incident.objects.active().filter(
        register=register, reported_on__gte=period.start, reported_on__lte=period.end
    )


def _measure_items(incidents, today: date) -> list[str]:
    on_time = late = open_ = overdue = 0
    for done_on, due_on in Measure.objects.filter(incident__in=incidents).values_list(
        "done_on", "due_on"
    ):
        if done_on is None:
            open_ += 1
            overdue += due_on < today
        elif done_on <= due_on:
            on_time += 1
        else:
            late += 1
    return [
        _counted(_("Afgesproken"), on_time + late + open_),
        _counted(_("Uitgevoerd op tijd"), on_time),
        _counted(_("Uitgevoerd na de uiterste datum"), late),
        _counted(_("Nog open"), open_),
        _counted(_("Waarvan de uiterste datum verstreken is"), overdue),
    ]


def _calamity_items(incidents) -> list[str]:
    on_time = late = missing = 0
    rows = incidents.filter(calamity_assessment=CalamityAssessment.ESTABLISHED).values_list(
        "calamity_established_on", "igj_reported_on"
    )
    for established_on, reported_on in rows:
        if reported_on is None:
            missing += 1
        elif established_on and reported_on <= calamity.report_due(established_on):
            on_time += 1
        else:
            late += 1
    return [
        _counted(_("Vastgestelde calamiteiten"), on_time + late + missing),
        _counted(_("Binnen de termijn gemeld bij de IGJ"), on_time),
        _counted(_("Na de termijn gemeld bij de IGJ"), late),
        _counted(_("Nog niet gemeld bij de IGJ"), missing),
    ]


def visitation_report(register: Register, *, period: Period, today: date) -> procedure.Procedure:
    """The report's sections: counts and dates only."""
    incidents = _in_period(register, period)
    total = incidents.count()
    categories = Counter(dict(incidents.values_list("category").annotate(n=Count("pk"))))
    severities = Counter(dict(incidents.values_list("severity").annotate(n=Count("pk"))))
    steps = Counter(
        dict(incidents.with_progress(today).values_list("step_code").annotate(n=Count("pk")))
    )
    discussed_on = sorted(
        incidents.filter(discussed=YesNo.YES, discussed_on__isnull=False)
        .values_list("discussed_on", flat=True)
        .distinct()
    )
    undated = incidents.filter(discussed=YesNo.YES, discussed_on__isnull=True).count()
    discussions = [formats.date_format(day) for day in discussed_on]
    if undated:
        discussions.append(_counted(_("Besproken zonder datum"), undated))
    sections = [
        procedure.Section(
            _("Meldingen"),
            [
                _counted(_("Aantal (bijna-)incidenten in de periode"), total),
                _("Ingetrokken meldingen (dubbel of test) tellen niet mee."),
            ],
        ),
        procedure.Section(
            _("Per type melding"),
            [_("Met het incidenttype van de WHO (ICPS): %(source)s.") % {"source": icps.SOURCE}],
            [
                f"{label} ({icps.icps_name(code)}): {categories[code]}"
                for code, label in Category.choices
            ],
        ),
        procedure.Section(
            _("Per ernst (gevolgen)"),
            items=[_counted(label, severities[code]) for code, label in Severity.choices],
        ),
        procedure.Section(
            _("Bereikte stap"),
            [_("De stap waarin elke melding nu staat (Afgerond: alle stappen gedaan).")],
            [_counted(label, steps[code]) for code, label in Step.choices],
        ),
        procedure.Section(_("Maatregelen"), items=_measure_items(incidents, today)),
        procedure.Section(
            _("Besprekingen met collega's"),
            [
                _("Data waarop meldingen zijn besproken (zonder inhoud):")
                if discussions
                else _("In deze periode zijn geen meldingen besproken.")
            ],
            discussions,
        ),
        procedure.Section(
            _("Calamiteiten (Wkkgz artikel 11)"),
            [
                _(
                    "Een vastgestelde calamiteit wordt uiterlijk %(days)s werkdagen na het "
                    "vaststellen gemeld bij de IGJ."
                )
                % {"days": settings.CALAMITY_REPORT_WORKING_DAYS}
            ],
            _calamity_items(incidents),
        ),
    ]
    return procedure.Procedure(
        title=_("Visitatierapport VIM van de praktijk van %(owner)s") % {"owner": register.owner},
        subtitle=_(
            "Periode: %(period)s (op datum melding). Opgesteld uit het register in VIM-kring op "
            "%(date)s. Alleen aantallen en data: geen patiëntgegevens en geen vrije tekst. De "
            "schriftelijke VIM-procedure is bijgevoegd."
        )
        % {"period": period, "date": formats.date_format(today)},
        sections=sections,
    )


def visitation_pdf(report: procedure.Procedure, written_procedure: procedure.Procedure) -> bytes:
    """The report, then the written procedure on its own pages, as one A4 PDF."""
    pdf = procedure.new_pdf(report.title)
    procedure.write_document(pdf, report)
    procedure.write_document(pdf, written_procedure)
    return bytes(pdf.output())
