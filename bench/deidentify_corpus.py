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
    # --- Issue 14, second round: names Deduce misses in lower case, apposition, bare --------------
    # Lower case after a form of address, with particles, initials and a double surname.
    Case(
        "Gisteren heb ik mevrouw de vries gebeld over de gemiste afspraak.",
        (("name", "de vries"),),
    ),
    Case(
        "Bij meneer van der linden was de wondzorg niet overgedragen aan de avonddienst.",
        (("name", "van der linden"),),
    ),
    Case(
        "Mevrouw ten brink wachtte twee uur op de ambulance.",
        (("name", "ten brink"),),
    ),
    Case(
        "Mevr. j. de graaf kreeg de uitslag van een andere patiënt te zien.",
        (("name", "j. de graaf"),),
    ),
    Case(
        "De heer p. bakker heeft zijn klacht schriftelijk ingediend bij de praktijkmanager.",
        (("name", "p. bakker"),),
    ),
    Case(
        "Mw. de jong-van dijk had de verkeerde pijnstilling meegekregen.",
        (("name", "de jong-van dijk"),),
    ),
    # A role or relation word before the name, with or without commas.
    Case(
        "De cliënt, jansen, viel tijdens het douchen en bleef een uur liggen.",
        (("name", "jansen"),),
    ),
    Case(
        "Cliënte de vries (82) kreeg haar insuline twee uur te laat.",
        (("name", "de vries"),),
    ),
    Case(
        "Patiënt mulder werd zonder overdracht naar huis gestuurd.",
        (("name", "mulder"),),
    ),
    Case(
        "Bij cliënt van den heuvel ontbrak het actuele zorgplan.",
        (("name", "van den heuvel"),),
    ),
    Case(
        "Bewoner smits is afgelopen nacht twee keer gevallen.",
        (("name", "smits"),),
    ),
    Case(
        "Haar moeder, anna, was bij het gesprek aanwezig en maakte aantekeningen.",
        (("name", "anna"),),
    ),
    Case(
        "Zijn partner mark belde twee keer naar de praktijk om te klagen.",
        (("name", "mark"),),
    ),
    Case(
        "Zoon piet heeft als enige een sleutel van de woning.",
        (("name", "piet"),),
    ),
    Case(
        "De dochter, fatima, tolkte tijdens het consult voor haar vader.",
        (("name", "fatima"),),
    ),
    Case(
        "Echtgenoot hendriks wilde het volledige dossier inzien.",
        (("name", "hendriks"),),
    ),
    Case(
        "Collega van leeuwen had de overdracht niet gelezen.",
        (("name", "van leeuwen"),),
    ),
    Case(
        "De huisarts, de wit, belde pas na drie dagen terug.",
        (("name", "de wit"),),
    ),
    Case(
        "Stagiaire lotte heeft de bloeddruk in het verkeerde dossier genoteerd.",
        (("name", "lotte"),),
    ),
    Case(
        "Volgens buurman gerrit lag meneer al sinds de ochtend op de grond.",
        (("name", "gerrit"),),
    ),
    Case(
        "Patiënte yvonne bos kwam een uur te laat voor haar infuus.",
        (("name", "yvonne bos"),),
    ),
    # A bare first name in lower case.
    Case(
        "Ik sprak anna gisteren over haar slaapproblemen.",
        (("name", "anna"),),
    ),
    Case(
        "Samen met piet besproken hoe de overdracht beter kan.",
        (("name", "piet"),),
    ),
    Case(
        "Ik heb kees gevraagd de medicatielijst opnieuw na te lopen.",
        (("name", "kees"),),
    ),
    Case(
        "Vanochtend belde yasmina om de afspraak te verzetten.",
        (("name", "yasmina"),),
    ),
    Case(
        "Volgens ilse was de deur van de medicijnkast niet op slot.",
        (("name", "ilse"),),
    ),
    Case(
        "De sleutel van de kluis is aan mohammed meegegeven.",
        (("name", "mohammed"),),
    ),
    Case(
        "noor zat al een uur in de wachtkamer toen ze werd opgehaald.",
        (("name", "noor"),),
    ),
    Case(
        "Het verslag is door daan naar de verkeerde collega gestuurd.",
        (("name", "daan"),),
    ),
    Case(
        "ik heb het met ruud en esther besproken voordat de familie kwam.",
        (("name", "ruud"), ("name", "esther")),
    ),
    Case(
        "Aanwezig bij het overleg: joost, ingrid, ahmed en lisa.",
        (("name", "joost"), ("name", "ingrid"), ("name", "ahmed"), ("name", "lisa")),
    ),
    Case(
        "Bij de overdracht waren roos, anna en max aanwezig.",
        (("name", "roos"), ("name", "anna"), ("name", "max")),
    ),
    Case(
        "De fout in de toediening werd opgemerkt door sophie.",
        (("name", "sophie"),),
    ),
    Case(
        "We hebben afgesproken dat bram de familie vandaag nog belt.",
        (("name", "bram"),),
    ),
    Case(
        "Ik heb gisteren met willem over de valpartij gesproken.",
        (("name", "willem"),),
    ),
    # Initials before a surname in lower case.
    Case(
        "De brief was ondertekend door j. de vries, niet door de behandelaar.",
        (("name", "j. de vries"),),
    ),
    Case(
        "Volgens j.p. jansen klopte de dosering op de toedienlijst niet.",
        (("name", "j.p. jansen"),),
    ),
    Case(
        "De verwijzing van a. bakker kwam pas na de intake binnen.",
        (("name", "a. bakker"),),
    ),
    Case(
        "Het recept stond op naam van m. van den berg.",
        (("name", "m. van den berg"),),
    ),
    Case(
        "Behandelaar r. kaya was die dag afwezig en niemand nam het over.",
        (("name", "r. kaya"),),
    ),
    # A first name and a surname, both in lower case.
    Case(
        "Later op de dag belde kees bakker namens zijn vader.",
        (("name", "kees bakker"),),
    ),
    Case(
        "Het dossier van anna de jong lag open op de balie.",
        (("name", "anna de jong"),),
    ),
    Case(
        "ik heb pieter van dam teruggebeld over zijn klacht.",
        (("name", "pieter van dam"),),
    ),
    Case(
        "De melding kwam van thomas visser, de vaste invaller.",
        (("name", "thomas visser"),),
    ),
    # Capitalised, at the start or end of a sentence, in capitals, with "'t".
    Case(
        "Jansen viel gisteren opnieuw in de badkamer.",
        (("name", "Jansen"),),
    ),
    Case(
        "De medicatie werd verkeerd uitgezet door Bakker.",
        (("name", "Bakker"),),
    ),
    Case(
        "Hendriks belde om half negen met een klacht over de wachttijd.",
        (("name", "Hendriks"),),
    ),
    Case(
        "De afspraak is verzet op verzoek van Kees.",
        (("name", "Kees"),),
    ),
    Case(
        "Op het etiket stond VAN DIJK in plaats van de naam van de cliënt.",
        (("name", "VAN DIJK"),),
    ),
    Case(
        "Mevrouw Van 't Hof vroeg om een kopie van haar dossier.",
        (("name", "Van 't Hof"),),
    ),
    Case(
        "Ingrid en Joost hebben de nachtdienst samen gedraaid.",
        (("name", "Ingrid"), ("name", "Joost")),
    ),
    # Ages over 89 in other forms.
    Case(
        "Cliënte (94) viel vannacht uit bed.",
        (("age", "94"),),
    ),
    Case(
        "Mevrouw is 96 en woont nog zelfstandig.",
        (("age", "96"),),
    ),
    Case(
        "De bewoner, 93, kreeg de insuline van zijn buurman.",
        (("age", "93"),),
    ),
    Case(
        "Leeftijd 91, verwezen door de huisarts wegens vallen.",
        (("age", "91"),),
    ),
    Case(
        "Mw. de vries (92) kreeg een dubbele dosis.",
        (("name", "de vries"), ("age", "92")),
    ),
    Case(
        "In haar 95e levensjaar kreeg zij voor het eerst een delier.",
        (("age", "95"),),
    ),
    Case(
        "Meneer is onlangs 90 geworden en wilde geen bezoek.",
        (("age", "90"),),
    ),
    Case(
        "Geboren in 1931, woont met thuiszorg in een seniorenflat.",
        (("age", "1931"),),
    ),
    Case(
        "Een negenennegentigjarige cliënt kreeg de griepprik twee keer.",
        (("age", "negenennegentigjarige"),),
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
    # --- Issue 14, second round: look-alikes that must stay clean --------------------------------
    # Ordinary words that are also first names or surnames, in lower case.
    "De familie nam een bos bloemen mee en er lag een berg papierwerk op het bureau. De "
    "cliënt had last van roos en jeuk op de hoofdhuid. Tegen haar wil werd de sonde "
    "geplaatst; pas na overleg met de arts is dat besproken. De kok van de afdeling wist niet "
    "dat de cliënt een slikprobleem had en serveerde gewone kost.",
    "Haar vader was visser en later bakker, vertelde de cliënt tijdens de anamnese. Door de "
    "storm van afgelopen winter waren de wegen glad en kwam de thuiszorg te laat. In de zomer "
    "wil hij weer gaan wandelen. De post bleef dagen ongeopend liggen en de baas van de "
    "schoonmaakdienst had de sleutel niet teruggegeven.",
    "De cliënt pas na drie dagen teruggebeld: dat is te laat. Moeder natuur laat ons soms in "
    "de steek, zei de cliënt lachend. De partner gaf aan dat de zoon wil helpen met de "
    "boodschappen, maar dat hij zelf werkt. De patiënt bleek bij navraag de tabletten niet "
    "te slikken maar in een la te bewaren.",
    "Ik sprak af dat we volgende week opnieuw evalueren. De assistente belde terug en sprak "
    "met de dochter over de uitslag. De medicatie werd met spoed aangepast en met zorg "
    "uitgezet. Samen met collega's is besproken dat we de dubbele controle met twee personen "
    "doen, ook in het weekend.",
    "Volgens protocol moet de bloedsuiker voor het eten worden gemeten. Volgens afspraak belt "
    "de wijkverpleging bij afwijkende waarden. Door ziekte van twee collega's lag het werk "
    "stil en door tijdgebrek is de controle overgeslagen. Aan bod kwam ook de vraag wie de "
    "familie informeert.",
    "De cliënt at alleen appel, peer en yoghurt en dronk te weinig water. Met moeite kreeg "
    "zij de tabletten door; met koorts en hoofdpijn werd zij naar de huisarts verwezen. "
    "Met plezier deed zij mee aan de dagbesteding. Kip, vis en brood werden gemalen "
    "aangeboden.",
    # Capitalised words that are not names: days, months, feasts, drugs, titles, bodies.
    "Op Maandag werd de Haldol gestart en op Dinsdag verhoogd. In April en Mei is de "
    "Oxazepam afgebouwd. Rond Pasen en Koningsdag was er minder personeel. Na Kerst is "
    "Paracetamol vier keer daags gegeven en op Vrijdag werd Metoprolol toegevoegd.",
    "De Verpleegkundig Specialist en de GZ-psycholoog overlegden met de Physician Assistant. "
    "De Regiebehandelaar vroeg de Casemanager Dementie om een huisbezoek. De "
    "Doktersassistente en de Praktijkondersteuner Somatiek planden het vervolg in.",
    "Het Zorgkantoor, het CIZ en de Gemeente gaven elk een ander antwoord over de indicatie. "
    "De GGD deed een huisbezoek en Veilig Thuis werd geraadpleegd. Het UWV had geen "
    "bericht ontvangen en de Zorgverzekeraar vroeg om een machtiging. De Inspectie is niet "
    "ingelicht omdat er geen calamiteit was.",
    "Het Ambulante Team en het FACT-team namen de zorg samen op. Team Wonen regelde de "
    "begeleiding en het Wijkteam de administratie. De Huisartsenpraktijk en het Ziekenhuis "
    "wisselden de medicatieoverzichten uit via het Landelijk Schakelpunt.",
    "Eliquis en Xarelto werden door elkaar gehaald bij het uitzetten. De Acenocoumarol was "
    "al gestopt, maar stond nog op de toedienlijst. De Trombosedienst had de INR op "
    "Woensdag gemeten. Lorazepam en Quetiapine zijn daarna door de Apotheker nagekeken.",
    # Abbreviations that look like initials, and Latin anatomy.
    "I.v.m. pijn is z.n. paracetamol gegeven, d.w.z. maximaal vier keer per dag. N.a.v. de "
    "melding is o.b.v. het protocol i.o.m. de arts de dosering aangepast. T.a.v. de "
    "huisarts is een brief gestuurd, m.b.t. de medicatie en m.u.v. de nachtdienst. De "
    "injectie ging i.m. in de m. deltoideus; de a. radialis was goed voelbaar.",
    # Numbers near persons that are not ages over 89.
    "De saturatie was 94 procent en de score is 96 op de schaal. De bloeddruk was 95/60 en "
    "de pols 92 per minuut. De cliënt woog 91 kilo en kreeg 90 mg. Het pand is in 1931 "
    "gebouwd en kamer 93 ligt op de eerste verdieping. Een man van 45 en een vrouw van 62 "
    "zaten in de wachtkamer.",
    # Longer ordinary prose, as members write it.
    "Tijdens de avonddienst viel een bewoner in de huiskamer. De verzorgende vond hem naast "
    "zijn stoel en belde de dienstdoende arts. Er was geen zichtbaar letsel, maar omdat hij "
    "bloedverdunners gebruikt is besloten tot observatie. De familie is de volgende ochtend "
    "gebeld. In de evaluatie kwam naar voren dat de sensormat uit stond, omdat die bij het "
    "schoonmaken was losgekoppeld en niemand hem weer had aangesloten. We hebben een "
    "checklist gemaakt voor het einde van elke schoonmaakronde.",
    "Een cliënt met een depressie kreeg een nieuwe afspraak via het portaal, maar de melding "
    "kwam in de spam terecht. Hij miste twee afspraken en kreeg daarna een brief over "
    "no-show, wat hem erg van streek maakte. In het teamoverleg is afgesproken dat we bij "
    "een gemiste eerste afspraak altijd bellen. Ook passen we de tekst van de brief aan, "
    "zodat die minder beschuldigend klinkt.",
    "De wondverpleegkundige constateerde een decubitus graad twee op de stuit. In het "
    "dossier stond dat de cliënt elke drie uur werd gewisseld van houding, maar de lijst was "
    "sinds het weekend niet meer ingevuld. De matras bleek niet op de juiste stand te staan. "
    "We hebben de leverancier gevraagd de instructie op de pomp te plakken en het "
    "wisselschema in de overdracht opgenomen.",
    "Bij de huisartsenpost werd een kind met koorts te laat teruggebeld. De triagist had de "
    "urgentie laag ingeschat omdat de moeder aangaf dat het kind goed dronk. Later bleek dat "
    "het kind suf was. Er is geen blijvende schade, maar de ouders waren boos. De triage is "
    "besproken met de regiearts en we oefenen het doorvragen in de volgende scholing.",
    "Een patiënt kreeg na een val thuis een gipsspalk en zou binnen een week terugkomen "
    "voor controle. De afspraak werd niet ingepland omdat de verwijzing in een gedeelde "
    "mailbox bleef hangen. Na drie weken belde de patiënt zelf omdat de pijn toenam. De "
    "fractuur bleek verschoven. De gedeelde mailbox wordt nu elke ochtend door een vaste "
    "collega leeggemaakt.",
    "In de groepstherapie werd een opname van de sessie gemaakt voor supervisie, maar niet "
    "alle deelnemers hadden daar toestemming voor gegeven. Een deelnemer merkte de "
    "camera op en verliet boos de ruimte. De opname is direct verwijderd en het "
    "toestemmingsformulier is aangepast. Mijn vraag aan de groep: hoe vragen jullie "
    "toestemming als de samenstelling van een groep wisselt?",
    "De fysiotherapeut behandelde een patiënt na een beroerte en merkte dat de "
    "bloeddrukmeter een afwijkende waarde gaf. Bij navraag bleek het apparaat al maanden "
    "niet gekalibreerd. Er is een logboek voor onderhoud aangelegd en de meter is vervangen. "
    "Andere praktijken in het gebouw gebruiken hetzelfde type; we hebben hen gewaarschuwd.",
    "Een cliënte met een eetstoornis werd gewogen in een ruimte waar ook andere cliënten "
    "zaten. Zij schaamde zich en kwam de week daarna niet. We wegen voortaan in de "
    "behandelkamer met de deur dicht en bespreken vooraf of de cliënte haar gewicht wil "
    "weten. Het team vroeg zich af of blind wegen in alle gevallen verstandig is.",
    "Na de fusie van twee praktijken bleken dossiers dubbel te bestaan. Bij een patiënt "
    "stonden de allergieën alleen in het oude dossier, waardoor de nieuwe behandelaar een "
    "middel voorschreef waarvoor de patiënt allergisch was. De apotheek ving de fout op. De "
    "dossiers worden nu handmatig samengevoegd, te beginnen bij patiënten met allergieën of "
    "veel medicatie.",
    "De nachtdienst vond een bewoner met een lege insulinepen naast het bed. Niemand wist "
    "of hij zichzelf had geïnjecteerd. De bloedsuiker was laag en de arts gaf opdracht tot "
    "glucose. Sindsdien worden pennen in een afgesloten la bewaard en tekent de verzorgende "
    "af wanneer zij een pen afgeeft. Wij willen weten hoe andere teams zelfstandigheid en "
    "veiligheid tegen elkaar afwegen.",
    "Een tolk was niet besteld voor een gesprek over een slechtnieuwsbericht. De zoon "
    "vertaalde, maar liet volgens de verpleegkundige delen weg. De cliënt begreep daardoor "
    "niet dat de behandeling zou stoppen. Er is een tweede gesprek gepland met een "
    "professionele tolk en we nemen in de planning een vaste vraag op naar de voorkeurstaal.",
    # Role and relation words followed by ordinary words, and acronyms in capitals.
    "De cliënt zelf wilde niet dat zijn zoon werd gebeld. De moeder kwam pas 's avonds en de "
    "partner bleef thuis bij de kinderen. Haar dochter regelt de boodschappen en de buurman "
    "kijkt 's nachts even om. De huisarts gaf de cliënt de verwijzing mee; de collega van de "
    "avonddienst heeft de familie later gebeld. Volgens de behandelaar is de zus goed op de "
    "hoogte en heeft de mantelzorger tijd nodig om bij te komen.",
    "Het MDO met de SEH, de POH-GGZ en het ACT-team vond op dinsdag plaats. De WMO-aanvraag "
    "en de WLZ-indicatie liepen nog, en het CIZ vroeg om het SBAR-formulier. Bij een COPD-"
    "exacerbatie en ADHD-medicatie is extra controle nodig. De ANIOS overlegde met de AIOS "
    "en de SOEP-verslaglegging is aangevuld. Een PRISMA-analyse volgt na de VIM-melding.",
    "Tijdens de nacht was er storm en viel de stroom uit. De kok had de maaltijden klaargezet "
    "maar de koelcel stond open. Bij de bakker om de hoek werd brood gehaald. De baas van de "
    "technische dienst kwam pas na twee uur. In de winter gebeurt dit vaker; de post met de "
    "waarschuwing van de netbeheerder lag ongeopend in het kantoor.",
    "De patiënt is 78 en woont alleen. Hij werd 92 keer per minuut gemeten, wat hoger was dan "
    "bij de vorige controle. Zijn saturatie is 95 procent en zijn gewicht 90 kilo. De vrouw "
    "van 84 uit kamer 12 had een bloeddruk van 140/90. Het gebouw dateert van 1928 en kamer "
    "96 wordt in het voorjaar verbouwd.",
    "De cliënt gaf aan dat zijn kat en zijn hond bij de buren logeren. Met een bos sleutels "
    "en een berg was kwam de dochter langs. De huisarts en de apotheker bespraken de "
    "interactie; de apotheker belde de arts terug met een advies. Het lot van de woning is "
    "onzeker omdat de verhuurder wil verkopen.",
    "Op het whiteboard stond alleen: kamer 4 sonde, kamer 7 wondzorg, kamer 9 valrisico. De "
    "overdracht ging mondeling en de stagiaire schreef mee. Daarna bleek dat de verkeerde "
    "kamer bij het valrisico stond. Het team gebruikt voortaan de digitale overdrachtslijst "
    "en het whiteboard is weggehaald.",
    "Bij het bestellen van hulpmiddelen werd een rollator met de verkeerde hoogte geleverd. "
    "De ergotherapeut stelde de rollator bij, maar de handgrepen bleven te laag. De "
    "leverancier kwam de volgende week een nieuwe brengen. Intussen liep de cliënt met een "
    "stok, wat het valrisico verhoogde. We vragen de maat nu altijd schriftelijk op.",
    "Een vrijwilliger reed een cliënt naar de dagbesteding en merkte dat de gordel niet goed "
    "vastzat. De chauffeur van de taxi had de rolstoel niet vastgezet. De coördinator heeft "
    "de vervoerder gebeld en een instructie opgevraagd. Het vervoer wordt voortaan bij "
    "vertrek gecontroleerd door de begeleider die de cliënt overdraagt.",
)


def clean_word_count() -> int:
    return sum(len(text.split()) for text in CLEAN)
