"""The test corpus of the de-identification checker, shared by tests and the recall benchmark.

Every ``Case`` is a realistic sentence from an incident description of a Dutch psychology, GP or
physiotherapy practice with identifiers planted in it: ``planted`` lists ``(kind, substring)``
pairs, each substring occurring in the text (its first occurrence counts); for an age the
planted part is the number, which is what identifies. All names, numbers
and addresses are invented; BSNs and IBANs pass their check digits.

``CLEAN`` is ordinary clinical prose with no identifiers, to count false findings.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = (
    "known",
    "name",
    "date",
    "bsn",
    "phone",
    "email",
    "postcode",
    "address",
    "iban",
    "url",
    "age",
)


@dataclass(frozen=True)
class Case:
    text: str
    planted: tuple[tuple[str, str], ...]
    known: tuple[str, ...] = ()
    patient_first_names: tuple[str, ...] = ()
    patient_surname: str = ""

    def spans(self) -> list[tuple[str, int, int]]:
        """(kind, start, end) of each planted identifier."""
        result = []
        for kind, substring in self.planted:
            start = self.text.index(substring)
            result.append((kind, start, start + len(substring)))
        return result


_SANNE = {
    "known": ("Sanne de Groot", "14-02-1986", "Marieke Ter Horst"),
    "patient_first_names": ("Sanne",),
    "patient_surname": "de Groot",
}
_JOZEF = {
    "known": ("Jozef Çelik", "1952-11-03", "Hélène Dubois"),
    "patient_first_names": ("Jozef",),
    "patient_surname": "Çelik",
}
_ANOUK = {
    "known": ("Anouk van den Berg-Smit", "7 juli 2001"),
    "patient_first_names": ("Anouk",),
    "patient_surname": "van den Berg-Smit",
}

CASES: tuple[Case, ...] = (
    # --- Known names and birth dates, in every variant ---------------------------------------
    Case(
        "Tijdens de intake vertelde Sanne de Groot dat zij sinds de verhuizing slecht slaapt.",
        (("known", "Sanne de Groot"),),
        **_SANNE,
    ),
    Case(
        "Mevrouw De Groot kreeg per abuis het verslag van een andere cliënt mee naar huis.",
        (("known", "Groot"),),
        **_SANNE,
    ),
    Case(
        "SANNE belde later terug en was erg boos over de gang van zaken.",
        (("known", "SANNE"),),
        **_SANNE,
    ),
    Case(
        "De geboortedatum 14 februari 1986 stond verkeerd in de verwijsbrief.",
        (("known", "14 februari 1986"),),
        **_SANNE,
    ),
    Case(
        "In het dossier stond 14/2/1986 in plaats van de juiste datum.",
        (("known", "14/2/1986"),),
        **_SANNE,
    ),
    Case(
        "Het labformulier vermeldde 1986-02-14 en een verkeerde naam.",
        (("known", "1986-02-14"),),
        **_SANNE,
    ),
    Case(
        "Collega ter horst merkte de verwisseling pas na het weekend op.",
        (("known", "ter horst"),),
        **_SANNE,
    ),
    Case(
        "Marieke heeft de praktijkmanager direct ingelicht.",
        (("known", "Marieke"),),
        **_SANNE,
    ),
    Case(
        "Meneer Celik viel in de oefenzaal toen hij van de loopband stapte.",
        (("known", "Celik"),),
        **_JOZEF,
    ),
    Case(
        "Jozef gaf aan dat hij geen pijn had, maar later bleek de pols gebroken.",
        (("known", "Jozef"),),
        **_JOZEF,
    ),
    Case(
        "Fysiotherapeut Helene Dubois zag de val gebeuren en bood eerste hulp.",
        (("known", "Helene Dubois"),),
        **_JOZEF,
    ),
    Case(
        "Op de uitdraai stond als geboortedatum 3-11-1952, wat klopte.",
        (("known", "3-11-1952"),),
        **_JOZEF,
    ),
    Case(
        "Zijn geboortedatum (03.11.1952) werd hardop in de wachtkamer genoemd.",
        (("known", "03.11.1952"),),
        **_JOZEF,
    ),
    Case(
        "De assistente noemde hem bij naam: ÇELIK, en dat hoorden andere patiënten.",
        (("known", "ÇELIK"),),
        **_JOZEF,
    ),
    Case(
        "Anouk werd door de verkeerde behandelaar opgehaald uit de wachtkamer.",
        (("known", "Anouk"),),
        **_ANOUK,
    ),
    Case(
        "In de brief stond Smit als achternaam, zonder de eerste naam.",
        (("known", "Smit"),),
        **_ANOUK,
    ),
    Case(
        "Het recept voor mevrouw Van den Berg werd aan haar moeder meegegeven.",
        (("known", "Berg"),),
        **_ANOUK,
    ),
    Case(
        "De geboortedatum 07-07-2001 werd gebruikt om het dossier op te zoeken.",
        (("known", "07-07-2001"),),
        **_ANOUK,
    ),
    Case(
        "Op het formulier stond 2001-07-07, het juiste dossier werd wel geopend.",
        (("known", "2001-07-07"),),
        **_ANOUK,
    ),
    # --- Other people's names -------------------------------------------------------------------
    Case(
        "Mevrouw Jansen belde de praktijk omdat haar zoon de verkeerde medicatie had gekregen.",
        (("name", "Jansen"),),
    ),
    Case(
        "Dhr. Bakker was niet op de hoogte gebracht van de uitslag van het bloedonderzoek.",
        (("name", "Bakker"),),
    ),
    Case(
        "Na overleg met mw. Van der Linden is besloten de behandeling te pauzeren.",
        (("name", "Van der Linden"),),
    ),
    Case(
        "De heer De Jong vertelde dat hij de oefeningen thuis niet meer kon uitvoeren.",
        (("name", "De Jong"),),
    ),
    Case(
        "Ik heb meneer Visser gevraagd of hij de vragenlijst opnieuw wilde invullen.",
        (("name", "Visser"),),
    ),
    Case(
        "Pieter Hendriks kwam zonder afspraak naar de praktijk en was erg onrustig.",
        (("name", "Pieter Hendriks"),),
    ),
    Case(
        "Haar partner, Mohammed el Amrani, wilde bij het gesprek aanwezig zijn.",
        (("name", "Mohammed el Amrani"),),
    ),
    Case(
        "Collega Femke van Dijk nam de telefoon op en gaf de uitslag door aan de buurvrouw.",
        (("name", "Femke van Dijk"),),
    ),
    Case(
        "De waarneemster, dr. Ter Beek, had de allergie niet in het systeem gezien.",
        (("name", "Ter Beek"),),
    ),
    Case(
        "Zijn dochter Lotte heeft de afspraak afgezegd via de assistente.",
        (("name", "Lotte"),),
    ),
    Case(
        "De brief was gericht aan J.P. de Wit en kwam bij een andere patiënt terecht.",
        (("name", "J.P. de Wit"),),
    ),
    # --- Dates ------------------------------------------------------------------------------------
    Case(
        "Op 12 maart 2024 werd de cliënt zonder overdracht ontslagen.",
        (("date", "12 maart 2024"),),
    ),
    Case(
        "Het incident vond plaats op 05-09-2023 rond het middaguur.",
        (("date", "05-09-2023"),),
    ),
    Case(
        "De verwijzing is op 3/10/2022 verstuurd maar nooit aangekomen.",
        (("date", "3/10/2022"),),
    ),
    Case(
        "Volgens het logboek is de koelkast op 2023-06-18 uitgevallen.",
        (("date", "2023-06-18"),),
    ),
    Case(
        "De vaccinatie van 1 okt. 2023 is niet geregistreerd.",
        (("date", "1 okt. 2023"),),
    ),
    Case(
        "Hij werd op 28.02.2024 voor het laatst gezien door de praktijkondersteuner.",
        (("date", "28.02.2024"),),
    ),
    # --- BSN, phone, e-mail, IBAN, URL ------------------------------------------------------------
    Case(
        "Op de verwijsbrief stond BSN 945807302 van een andere patiënt.",
        (("bsn", "945807302"),),
    ),
    Case(
        "Het burgerservicenummer 229 262 193 werd in de e-mail aan de apotheek genoemd.",
        (("bsn", "229 262 193"),),
    ),
    Case(
        "In het declaratiebestand stond 4652.28.173 bij de verkeerde cliënt.",
        (("bsn", "4652.28.173"),),
    ),
    Case(
        "De moeder is bereikbaar op 06-12345678, maar dat nummer stond niet in het dossier.",
        (("phone", "06-12345678"),),
    ),
    Case(
        "Er werd teruggebeld naar +31 6 2345 6789, het nummer van de buurman.",
        (("phone", "+31 6 2345 6789"),),
    ),
    Case(
        "Het oude nummer 0031 30 123 4567 stond nog in het systeem.",
        (("phone", "0031 30 123 4567"),),
    ),
    Case(
        "De huisartsenpost (020) 555 12 34 werd niet bereikt.",
        (("phone", "(020) 555 12 34"),),
    ),
    Case(
        "De uitslag werd gemaild naar j.devries1978@hotmail.com in plaats van naar de cliënt.",
        (("email", "j.devries1978@hotmail.com"),),
    ),
    Case(
        "Een cliënt stuurde zijn dagboek naar info@praktijk-zuid.nl zonder beveiliging.",
        (("email", "info@praktijk-zuid.nl"),),
    ),
    Case(
        "De factuur werd betaald vanaf NL91 ABNA 0417 1643 00 van de ex-partner.",
        (("iban", "NL91 ABNA 0417 1643 00"),),
    ),
    Case(
        "Restitutie ging per abuis naar rekening NL44RABO0123456789.",
        (("iban", "NL44RABO0123456789"),),
    ),
    Case(
        "De cliënt had zijn verhaal gedeeld op https://www.facebook.com/groups/lotgenoten123 .",
        (("url", "https://www.facebook.com/groups/lotgenoten123"),),
    ),
    Case(
        "Via www.mijndossier-online.nl/inzage/8812 kon een derde het verslag inzien.",
        (("url", "www.mijndossier-online.nl/inzage/8812"),),
    ),
    # --- Postcodes, addresses, ages ---------------------------------------------------------------
    Case(
        "De ambulance ging naar Kerkstraat 12 terwijl de cliënt op een ander adres woonde.",
        (("address", "Kerkstraat 12"),),
    ),
    Case(
        "Het huisbezoek was gepland op de Prinses Irenelaan 45b in de verkeerde wijk.",
        (("address", "Prinses Irenelaan 45b"),),
    ),
    Case(
        "De post werd verstuurd naar 3511 AB in plaats van 3512 CD.",
        (("postcode", "3511 AB"), ("postcode", "3512 CD")),
    ),
    Case(
        "Zij woont op de Oudegracht 231, 3511NK en heeft geen vervoer.",
        (("address", "Oudegracht 231"), ("postcode", "3511NK")),
    ),
    Case(
        "Een 93-jarige cliënte viel in de badkamer van de praktijk.",
        (("age", "93"),),
    ),
    Case(
        "De patiënt, 101 jaar, kreeg de dubbele dosis toegediend.",
        (("age", "101"),),
    ),
    Case(
        "Bij de intake werd de leeftijd van 96 jaar niet meegewogen in het valrisico.",
        (("age", "96"),),
    ),
    # --- Names in lower case after a form of address, ages over 89 as "van 9x" ----------------
    Case(
        "Ik sprak mevrouw jansen op de gang over de uitslag.",
        (("name", "jansen"),),
    ),
    Case(
        "Volgens meneer bakker was de afspraak verzet zonder bericht.",
        (("name", "bakker"),),
    ),
    Case(
        "Dhr. mulder had de verkeerde brief meegekregen van de balie.",
        (("name", "mulder"),),
    ),
    Case(
        "De assistente belde mw. visser terug, maar kreeg geen gehoor.",
        (("name", "visser"),),
    ),
    Case(
        "Na de val van mevr. smit is het valprotocol opnieuw doorgenomen.",
        (("name", "smit"),),
    ),
    Case(
        "De heer dekker kreeg twee keer dezelfde oproep voor de controle.",
        (("name", "dekker"),),
    ),
    Case(
        "Het ging om een vrouw van 92 die alleen woont.",
        (("age", "92"),),
    ),
    Case(
        "Een man van 95 met hartfalen werd te laat teruggebeld.",
        (("age", "95"),),
    ),
    Case(
        "Leeftijd: 93. Reden van aanmelding: vergeetachtigheid.",
        (("age", "93"),),
    ),
    # --- Several kinds in one description ---------------------------------------------------------
    Case(
        "Mw. Kramer (BSN 100233077, tel. 06 87 65 43 21) kreeg op 14-11-2023 de brief van "
        "dhr. Van Leeuwen, wonend Dorpsstraat 7, 1234 AB, mail r.vanleeuwen@gmail.com.",
        (
            ("name", "Kramer"),
            ("bsn", "100233077"),
            ("phone", "06 87 65 43 21"),
            ("date", "14-11-2023"),
            ("name", "Van Leeuwen"),
            ("address", "Dorpsstraat 7"),
            ("postcode", "1234 AB"),
            ("email", "r.vanleeuwen@gmail.com"),
        ),
    ),
    Case(
        "Sanne vertelde dat Ahmed Yilmaz (91 jaar) haar op 2 januari 2024 belde via "
        "0612345678 over de rekening NL69INGB0123456789.",
        (
            ("known", "Sanne"),
            ("name", "Ahmed Yilmaz"),
            ("age", "91"),
            ("date", "2 januari 2024"),
            ("phone", "0612345678"),
            ("iban", "NL69INGB0123456789"),
        ),
        **_SANNE,
    ),
)


CLEAN: tuple[str, ...] = (
    "Het Team Ouderenzorg overlegde met de Wijkverpleging en de Huisartsenpost over de "
    "overdracht. Volgens de Richtlijn Medicatieoverdracht hoort de Apotheek het actuele "
    "overzicht te krijgen. Mevrouw is na het gesprek gerustgesteld naar huis gegaan.",
    "Meneer was verward en wist niet meer welke tabletten hij al had ingenomen. De "
    "Praktijkondersteuner GGZ heeft met het Sociaal Wijkteam afgesproken wie voortaan de "
    "medicatie controleert. Het Crisisteam was die avond niet bereikbaar.",
    "Op de Spoedeisende Hulp werd de Verpleegkundig Specialist gebeld. Daarna volgde een "
    "Multidisciplinair Overleg met de Ergotherapeut, de Diëtist en de Specialist "
    "Ouderengeneeskunde. Het Zorgplan is aangepast en met de familie besproken.",
    "De cliënt meldde zich met toenemende somberheid en slaapproblemen. Tijdens het gesprek "
    "werd duidelijk dat de klachten al enkele maanden bestaan en dat werk en thuissituatie "
    "zwaar drukken. We hebben afgesproken om wekelijks te starten met cognitieve gedragstherapie "
    "en na zes sessies te evalueren.",
    "Bij het klaarzetten van de medicatie is een verkeerde sterkte gepakt. De fout werd door de "
    "assistente opgemerkt voordat de patiënt de tabletten had ingenomen. Er is geen schade "
    "ontstaan. Wel bleek dat de verpakkingen van beide sterktes sterk op elkaar lijken en naast "
    "elkaar in de kast staan.",
    "Tijdens de oefentherapie verloor de patiënt zijn evenwicht op de balansplank en viel op "
    "de mat. Hij had geen zichtbaar letsel en gaf aan zich goed te voelen. Achteraf is "
    "besproken dat de plank te dicht bij de muur stond en dat begeleiding bij deze oefening "
    "nodig is.",
    "De verwijsbrief van de huisarts was onvolledig: de voorgeschiedenis en de huidige "
    "medicatie ontbraken. Hierdoor werd de intake uitgesteld en moest de cliënt twee weken "
    "langer wachten. We willen bespreken hoe we ontbrekende informatie sneller kunnen opvragen.",
    "Na de behandeling bleek dat het dossier van de vorige cliënt nog openstond op het scherm "
    "in de behandelkamer. De volgende cliënt kon de naam en de diagnose lezen. Het scherm "
    "wordt voortaan vergrendeld bij het verlaten van de kamer.",
    "Een patiënt met diabetes kreeg bij de controle geen voetonderzoek, hoewel dat gepland "
    "stond. De praktijkondersteuner was ziek en de vervanger kende het protocol niet. Er is "
    "een nieuwe afspraak gemaakt en het protocol is opnieuw gedeeld met alle collega's.",
    "De cliënte gaf tijdens de sessie aan dat zij gedachten over de dood heeft. Er was op dat "
    "moment geen collega beschikbaar voor overleg. Ik heb het veiligheidsplan samen met haar "
    "ingevuld en de volgende dag contact gehad met de crisisdienst. Mijn vraag aan de groep is "
    "hoe jullie omgaan met zo'n situatie aan het einde van de dag.",
    "De uitslag van het bloedonderzoek werd pas na drie weken bekeken omdat de melding in het "
    "systeem was weggevallen. De waarde was licht verhoogd en de behandeling is alsnog "
    "aangepast. We onderzoeken waarom meldingen soms verdwijnen.",
    "Bij het aanmeten van de brace werd de verkeerde maat besteld. De patiënt liep daardoor "
    "een week met klachten rond. De leverancier heeft de juiste maat snel nagestuurd en we "
    "controleren voortaan de maat met twee personen.",
    "Tijdens de groepstraining vertelde een deelnemer over de problemen van een andere "
    "deelnemer buiten de groep. De sfeer werd daardoor gespannen en twee deelnemers stopten "
    "met de training. Ik wil graag bespreken hoe ik geheimhouding in groepen beter kan "
    "bewaken.",
    "Een oudere patiënt met geheugenklachten nam de verkeerde dosering omdat de "
    "baxterrol niet was aangepast na het laatste consult. De apotheek en de praktijk gingen "
    "ervan uit dat de ander de wijziging had doorgegeven. De afspraken over de overdracht zijn "
    "aangescherpt.",
    "In de wachtkamer werd hardop gesproken over de reden van het bezoek van een patiënt. "
    "Andere wachtenden konden alles horen. We hebben de balie verplaatst en een tweede ruimte "
    "ingericht voor gesprekken die privé moeten blijven.",
    "Een patiënt met de ziekte van Parkinson en beginnende Alzheimer kreeg op maandag om 14:30 "
    "de verkeerde tabletten: 500 mg in plaats van 250 mg, drie keer per dag. De PHQ-9 score was "
    "14 en in 2023 was die nog 9. Na 2 weken is de dosering teruggebracht naar 1 tablet per dag.",
    "In week 12 van het traject werd de EMDR-sessie afgebroken omdat de cliënt dissocieerde. "
    "Volgens de richtlijn had een stabilisatiefase van 4 tot 6 sessies vooraf moeten gaan. "
    "Bij de evaluatie in het MDO is afgesproken dat de regiebehandelaar dit voortaan toetst.",
    "De fysiotherapeut gaf na een knieoperatie te vroeg belastende oefeningen. De patiënt "
    "had in de eerste 6 weken maximaal 50 procent mogen belasten. Er ontstond zwelling en de "
    "orthopeed is ingeschakeld. Het nazorgprotocol van het ziekenhuis lag niet in de praktijk.",
)


def clean_word_count() -> int:
    return sum(len(text.split()) for text in CLEAN)
