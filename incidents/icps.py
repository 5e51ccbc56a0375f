"""Comparable categories: the VIM form's categories mapped to the WHO ICPS incident types.

Source: World Health Organization, "Conceptual Framework for the International Classification
for Patient Safety", version 1.1, final technical report, January 2009 (WHO/IER/PSP/2010.2),
chapter 3 and appendix: the 13 incident types of the class "Incident Type". The type names below
are the framework's own English terms (what makes figures comparable across registers and
countries); the Dutch labels are for people.

The mapping is this one table. Where the form's category has no ICPS type of its own, the nearest
type is chosen and the reason given. ICPS treats communication as a contributing factor rather
than an incident type, and has no "other"; those map to the nearest type or stay unclassified.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Category

SOURCE = (
    "WHO, Conceptual Framework for the International Classification for Patient Safety, "
    "v1.1, 2009 (WHO/IER/PSP/2010.2), incident types"
)


class IcpsType(models.TextChoices):
    """The ICPS incident types (codes stable, values the framework's English names)."""

    CLINICAL_ADMINISTRATION = "clinical-administration", _("Klinische administratie")
    CLINICAL_PROCESS = "clinical-process", _("Klinisch proces/procedure")
    DOCUMENTATION = "documentation", _("Documentatie")
    HEALTHCARE_INFECTION = "healthcare-associated-infection", _("Zorginfectie")
    MEDICATION = "medication", _("Medicatie/infuusvloeistoffen")
    BLOOD = "blood", _("Bloed/bloedproducten")
    NUTRITION = "nutrition", _("Voeding")
    OXYGEN_GAS = "oxygen-gas-vapour", _("Zuurstof/gas/damp")
    MEDICAL_DEVICE = "medical-device", _("Medisch hulpmiddel/apparatuur")
    BEHAVIOUR = "behaviour", _("Gedrag")
    PATIENT_ACCIDENT = "patient-accident", _("Ongeval van de patiënt")
    INFRASTRUCTURE = "infrastructure", _("Infrastructuur/gebouw/inrichting")
    RESOURCES = "resources-organisation", _("Middelen/organisatiemanagement")
    UNCLASSIFIED = "unclassified", _("Niet ingedeeld")


ICPS_NAMES = {
    IcpsType.CLINICAL_ADMINISTRATION: "Clinical administration",
    IcpsType.CLINICAL_PROCESS: "Clinical process/procedure",
    IcpsType.DOCUMENTATION: "Documentation",
    IcpsType.HEALTHCARE_INFECTION: "Healthcare-associated infection",
    IcpsType.MEDICATION: "Medication/IV fluids",
    IcpsType.BLOOD: "Blood/blood products",
    IcpsType.NUTRITION: "Nutrition",
    IcpsType.OXYGEN_GAS: "Oxygen/gas/vapour",
    IcpsType.MEDICAL_DEVICE: "Medical device/equipment",
    IcpsType.BEHAVIOUR: "Behaviour",
    IcpsType.PATIENT_ACCIDENT: "Patient accidents",
    IcpsType.INFRASTRUCTURE: "Infrastructure/building/fixtures",
    IcpsType.RESOURCES: "Resources/organisational management",
    IcpsType.UNCLASSIFIED: "Not classified",
}

CATEGORY_TO_ICPS = {
    # ICPS "Clinical administration" covers referral/consultation and handover.
    Category.REFERRAL: IcpsType.CLINICAL_ADMINISTRATION,
    Category.HANDOVER: IcpsType.CLINICAL_ADMINISTRATION,
    Category.MEDICATION: IcpsType.MEDICATION,
    # ICPS "Behaviour" covers aggression/assault, self-harm/suicide and sexual assault or
    # harassment (of patient or staff).
    Category.THREAT_AGGRESSION: IcpsType.BEHAVIOUR,
    Category.SUICIDALITY: IcpsType.BEHAVIOUR,
    Category.BOUNDARY_VIOLATION: IcpsType.BEHAVIOUR,
    # Records disclosed or sent to the wrong person: ICPS "Documentation" (records, letters).
    Category.PRIVACY_DATA_BREACH: IcpsType.DOCUMENTATION,
    # Communication is an ICPS contributing factor; what goes wrong in a practice is mostly an
    # appointment, instruction or handover: clinical administration.
    Category.COMMUNICATION: IcpsType.CLINICAL_ADMINISTRATION,
    Category.DIAGNOSIS_TREATMENT: IcpsType.CLINICAL_PROCESS,
    Category.RECORD_KEEPING: IcpsType.DOCUMENTATION,
    Category.PRACTICE_ORGANISATION: IcpsType.RESOURCES,
    Category.OTHER: IcpsType.UNCLASSIFIED,
}


def icps_type(category: str) -> IcpsType:
    return CATEGORY_TO_ICPS.get(category, IcpsType.UNCLASSIFIED)


def icps_name(category: str) -> str:
    """The ICPS incident type of a category, in the framework's own (English) term."""
    return ICPS_NAMES[icps_type(category)]
