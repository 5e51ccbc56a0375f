"""The register's written VIM procedure (LVVP duty 1): one text for the page and the PDF.

`procedure_for` builds the text from the register's own settings (owner, members and their roles,
the groups the owner discusses in: the view learns those from the sharing app through
project/pages.py, since incidents knows nothing of groups); `templates/incidents/procedure.html`
and `procedure_pdf` both render these sections, so the page and the PDF never say different
things. The text holds no patient data: it names the practice's people and groups, never
an incident.

Sources: LVVP, "De veilige incidentmelding (vim) stapsgewijs", Bijlage 1 (the four steps) and
Bijlage 2 (the form); SCAG on the Wkkgz, articles 10 and 11 (shared/seeds).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from incidents.models import Register
from incidents.selectors import register_members


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Procedure:
    title: str
    subtitle: str
    sections: list[Section]


def _person(user) -> str:
    profession = user.get_profession_display() if user.profession else ""
    return f"{user} ({profession})" if profession else str(user)


def procedure_for(register: Register, *, today: date, groups: list[str]) -> Procedure:
    """The procedure of `register`; `groups` names the incident groups its owner discusses in."""
    owner = register.owner
    members = register_members(register)
    reporters = [_person(m["user"]) for m in members if m["role"] == "reporter"]
    investigators = [_person(m["user"]) for m in members if m["role"] == "investigator"]

    who_reports = [
        _("%(owner)s, praktijkhouder en eigenaar van het register") % {"owner": _person(owner)}
    ]
    who_reports += [_("%(name)s, melder") % {"name": name} for name in reporters]
    who_reports += [_("%(name)s, onderzoeker") % {"name": name} for name in investigators]
    who_investigates = [_person(owner), *investigators]

    if groups:
        discussed = [
            _(
                "De praktijk bespreekt (bijna-)incidenten geanonimiseerd met collega's in de "
                "volgende incidentgroep(en) in VIM-kring:"
            )
        ]
    else:
        discussed = [
            _(
                "De praktijk is in VIM-kring nog geen lid van een incidentgroep. (Bijna-)"
                "incidenten worden geanonimiseerd besproken met collega's, bijvoorbeeld in "
                "intervisieverband of met ketenpartners."
            )
        ]
    discussed.append(
        _(
            "In de groep worden nooit gegevens besproken die tot een patiënt te herleiden zijn. "
            "Alle deelnemers hebben een geheimhoudingsverklaring getekend."
        )
    )

    sections = [
        Section(
            _("Doel"),
            [
                _(
                    "Deze praktijk meldt, registreert en onderzoekt (bijna-)incidenten om ervan "
                    "te leren en ze in de toekomst zoveel mogelijk te voorkomen, zoals de Wet "
                    "kwaliteit, klachten en geschillen zorg (Wkkgz) vraagt (Veilig Incident "
                    "Melden, VIM)."
                ),
                _(
                    "Het doel is uitdrukkelijk niet om na te gaan wie schuld heeft. Melden, "
                    "onderzoeken en bespreken leidt nooit tot het stellen van een schuldvraag: het "
                    "gaat er alleen om hoe incidenten kunnen worden voorkomen en hoe de zorg "
                    "veiliger kan worden georganiseerd."
                ),
            ],
        ),
        Section(
            _("Wat wordt gemeld"),
            [
                _(
                    "Een incident is elke onverwachte of onbedoelde gebeurtenis waardoor een "
                    "patiënt schade heeft geleden, kan lijden of had kunnen lijden. Bij een "
                    "bijna-incident is door tijdig opmerken voorkomen dat de patiënt schade leed. "
                    "Ook bijna-incidenten worden gemeld."
                )
            ],
        ),
        Section(
            _("Wie meldt en hoe"),
            [
                _(
                    "Wie bij een (bijna-)incident betrokken is, meldt het zo snel mogelijk, bij "
                    "voorkeur zelf als direct betrokken medewerker. Een andere medewerker meldt "
                    "alleen als de direct betrokkene dat ten onrechte niet doet, en alleen met "
                    "diens medeweten."
                ),
                _(
                    "Melden gebeurt met het VIM-formulier in het VIM-register van %(owner)s in "
                    "VIM-kring, apart van het patiëntdossier. Registreer zo mogelijk zonder naam "
                    "van de patiënt. De volgende personen kunnen in dit register melden:"
                )
                % {"owner": owner},
            ],
            who_reports,
        ),
        Section(
            _("Wie onderzoekt"),
            [
                _(
                    "De meldingen worden onderzocht en geanalyseerd door de volgende personen. "
                    "Alleen zij, en wie voor één melding bij het onderzoek wordt betrokken, kunnen "
                    "de meldingen inzien. Een melder ziet alleen de eigen meldingen."
                )
            ],
            who_investigates,
        ),
        Section(
            _("De vier stappen"),
            [_("Elke melding doorloopt de vier stappen van de LVVP-procedure:")],
            [
                _("Registratie: registreer het (bijna-)incident, met plaats en datum."),
                _("Analyse: onderzoek en analyseer hoe het (bijna-)incident kon gebeuren."),
                _(
                    "Bespreking: bespreek het (bijna-)incident met collega's, bijvoorbeeld in "
                    "intervisieverband of met ketenpartners."
                ),
                _(
                    "Maatregel: leg vast welke maatregel is getroffen om een dergelijk "
                    "(bijna-)incident in de toekomst te voorkomen."
                ),
            ],
        ),
        Section(_("Bespreking met collega's"), discussed, groups),
        Section(
            _("De patiënt informeren (Wkkgz artikel 10)"),
            [
                _(
                    "Een incident dat merkbare gevolgen voor de patiënt heeft of in de toekomst "
                    "kan hebben, wordt aan de patiënt gemeld. Daarvan wordt aantekening gemaakt in "
                    "het cliëntendossier, met de datum waarop de patiënt is ingelicht."
                )
            ],
        ),
        Section(
            _("Calamiteiten (Wkkgz artikel 11)"),
            [
                _(
                    "Een incident dat heeft geleid tot de dood van of een ernstig schadelijk "
                    "gevolg voor een patiënt is een calamiteit. De praktijk meldt een calamiteit "
                    "onverwijld bij de Inspectie Gezondheidszorg en Jeugd (IGJ) en legt de datum "
                    "van de melding vast in het register."
                )
            ],
        ),
        Section(
            _("Bewaren en vertrouwelijkheid"),
            [
                _(
                    "De registratie wordt apart van het patiëntdossier bijgehouden en ten minste "
                    "%(years)s jaar bewaard. Elke inzage, wijziging en export wordt vastgelegd in "
                    "een logboek dat niemand kan wijzigen."
                )
                % {"years": settings.RETENTION_YEARS},
                _(
                    "De gegevens zijn alleen toegankelijk voor wie bij het onderzoek betrokken is "
                    "en worden niet gebruikt als bewijs in gerechtelijke procedures of voor "
                    "maatregelen tegen zorgverleners, tenzij het gaat om een calamiteit of geweld "
                    "in de zorgrelatie. De IGJ vraagt geen incidentenregisters op; het Openbaar "
                    "Ministerie heeft alleen inzage als de rechter dat in uitzonderlijke situaties "
                    "beveelt."
                ),
            ],
        ),
    ]
    return Procedure(
        title=_("VIM-procedure van de praktijk van %(owner)s") % {"owner": owner},
        subtitle=_(
            "Veilig Incident Melden: hoe deze praktijk (bijna-)incidenten meldt, registreert, "
            "onderzoekt en bespreekt. Opgesteld uit het register in VIM-kring op %(date)s."
        )
        % {"date": formats.date_format(today)},
        sections=sections,
    )


# --- PDF --------------------------------------------------------------------------------------

# fpdf2's built-in Helvetica, so no font file is needed: Windows-1252 covers Dutch (ë, ï, é)
# and typographic dashes and quotes; anything else becomes "?".
_ENCODING = "windows-1252"


def _pdf_text(text: str) -> str:
    return text.encode(_ENCODING, "replace").decode(_ENCODING)


def new_pdf(title: str) -> FPDF:
    """An empty A4 document in the house style (the procedure's and the visitation report's)."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = _ENCODING
    pdf.set_title(_pdf_text(title))
    pdf.set_creator("VIM-kring")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 18, 20)
    return pdf


def write_document(pdf: FPDF, document: Procedure) -> None:
    """Write `document` (title, subtitle, sections) on a new page of `pdf`."""
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _pdf_text(document.title), align="L")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _pdf_text(document.subtitle), align="L")
    for section in document.sections:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 6, _pdf_text(section.heading), align="L")
        pdf.set_font("Helvetica", "", 10)
        for paragraph in section.paragraphs:
            pdf.ln(1)
            pdf.multi_cell(0, 5, _pdf_text(paragraph), align="L")
        for item in section.items:
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 5, _pdf_text(f"- {item}"), align="L")


def procedure_pdf(procedure: Procedure) -> bytes:
    """The procedure as an A4 PDF, in the same words as the page."""
    pdf = new_pdf(procedure.title)
    write_document(pdf, procedure)
    return bytes(pdf.output())
