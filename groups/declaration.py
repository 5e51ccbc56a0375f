"""The default secrecy declaration and the group rules, drawn from seed 001
("Incidentgroep op basis van vertrouwen en veiligheid", "Taken van de incidentgroep")."""

from django.utils.translation import gettext as _


def default_declaration_text() -> str:
    return _(
        "Geheimhoudingsverklaring\n"
        "\n"
        "Als deelnemer aan deze incidentgroep verklaar ik:\n"
        "\n"
        "1. Ik betracht geheimhouding over alles wat in de incidentgroep wordt besproken en "
        "gedeeld, ook nadat ik de groep heb verlaten. Ik deel niets daarvan met anderen buiten "
        "de groep.\n"
        "2. Het bespreken van incidenten leidt nooit tot het stellen van een schuldvraag. Het gaat "
        "uitsluitend om het zoeken naar hoe incidenten kunnen worden voorkomen en hoe de "
        "zorgverlening veiliger kan worden georganiseerd.\n"
        "3. Ik draag bij aan een veilige en vertrouwde omgeving waarin collega's hun "
        "(bijna-)incidenten open kunnen bespreken.\n"
        "4. Ik weet dat de incidentgroep geen onderzoek doet naar verwijtbaarheid of naar "
        "complicaties/calculated risks, geen klachten of schade afhandelt, en geen gegevens "
        "registreert of beschikbaar stelt voor juridische aansprakelijkheid, tuchtrechtelijke "
        "procedures, de Inspectie Gezondheidszorg en Jeugd of een rechter.\n"
        "5. Ik breng in de groep geen gegevens in waarmee een cliënt herkenbaar is."
    )
