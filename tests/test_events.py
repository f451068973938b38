"""Event stage: triggers, roles from the parse and from word order, modality, dates, evidence."""
import pytest

from dyadwatch.coder import Coder


def events(text, lang, date="2024-10-15", model=None):
    coder = Coder(lang=lang, date=date, models={lang: model} if model else None)
    return coder.analyze(text).events


def dyads(evs):
    """(type, source countries, target countries, modality); a mutual event holds both ways."""
    out = set()
    for e in evs:
        sides = tuple(a.country for a in e.source), tuple(a.country for a in e.target)
        out.add((e.type, *sides, e.modality))
        if e.mutual:
            out.add((e.type, *reversed(sides), e.modality))
    return out


@pytest.mark.parametrize("lang,text", [
    ("en", "The Kenyan president met his Ugandan counterpart in Nairobi on Monday."),
    ("fr", "Le président kényan a rencontré son homologue ougandais à Nairobi lundi."),
])
def test_meeting_is_coded_once_holding_both_ways_with_date_and_place(lang, text):
    evs = events(text, lang)
    assert len(evs) == 1 and evs[0].mutual
    assert dyads(evs) == {("CONSULT", ("KEN",), ("UGA",), "asserted"), ("CONSULT", ("UGA",), ("KEN",), "asserted")}
    assert all(e.date == "2024-10-14" and e.date_precision == "day" for e in evs)
    assert all(e.location and e.location.name == "Nairobi" for e in evs)


@pytest.mark.parametrize("lang,text", [
    ("en", "Polish troops were attacked by rebels near the border."),
    ("fr", "Des soldats polonais ont été attaqués par des rebelles près de la frontière."),
])
def test_passive_swaps_source_and_target(lang, text):
    [e] = events(text, lang)
    assert e.type == "ASSAULT" and e.source[0].sector == "REB" and e.target[0].code == "POLMIL"


@pytest.mark.parametrize("lang,text", [
    ("en", "Germany did not sign the agreement with Brazil."),
    ("fr", "L'Allemagne n'a pas signé l'accord avec le Brésil."),
])
def test_negation(lang, text):
    assert {e.modality for e in events(text, lang)} == {"negated"}


@pytest.mark.parametrize("lang,text", [
    ("en", "Japan will host Indian Prime Minister Narendra Modi next week."),
    ("fr", "Le Japon accueillera le Premier ministre indien Narendra Modi la semaine prochaine."),
])
def test_stated_intent_to_host_is_an_agree_intent(lang, text):
    """CAMEO codes "X will host Y" as X expressing intent to meet (036), not as a visit."""
    [e] = events(text, lang)
    assert (e.type, e.cameo, e.modality) == ("AGREE", "036", "asserted")
    assert e.date == "2024-W43" and e.date_precision == "week" and "intent" in e.coder
    assert e.source[0].country == "JPN" and e.target[0].name == "Narendra Modi"


@pytest.mark.parametrize("lang,text", [
    ("en", "The planned visit of the Indian prime minister to Tokyo next week was confirmed."),
    ("fr", "La visite prévue du Premier ministre indien à Tokyo la semaine prochaine a été confirmée."),
])
def test_planned_visit_noun_stays_a_planned_visit(lang, text):
    [e] = events(text, lang)
    assert (e.type, e.mode, e.modality) == ("CONSULT", "visit", "planned")
    assert e.source[0].code == "INDGOV" and e.target[0].country == "JPN"


@pytest.mark.parametrize("lang,text", [
    ("en", "Egypt urged Israel to withdraw its troops from Gaza."),
    ("fr", "L'Égypte a exhorté Israël à retirer ses troupes de Gaza."),
])
def test_complement_event_is_absorbed_by_the_request(lang, text):
    assert dyads(events(text, lang)) == {("REQUEST", ("EGY",), ("ISR",), "asserted")}


@pytest.mark.parametrize("lang,text", [
    ("en", "If Syria attacked Lebanon, the region would suffer."),
    ("fr", "Si la Syrie attaquait le Liban, la région en souffrirait."),
])
def test_hypothetical(lang, text):
    assert {e.modality for e in events(text, lang)} == {"hypothetical"}


@pytest.mark.parametrize("lang,text", [
    ("en", "Venezuela accused Colombia of attacking its border posts, according to state media."),
    ("fr", "Le Venezuela a accusé la Colombie d'avoir attaqué ses postes frontières, selon les médias d'État."),
])
def test_accusation_is_reported_and_its_content_is_not_an_event(lang, text):
    assert dyads(events(text, lang)) == {("ACCUSE", ("VEN",), ("COL",), "reported")}


def test_subject_can_be_the_target_of_the_lexicon_entry():
    [e] = events("La Corée du Nord subit de lourdes sanctions depuis des années.", "fr")
    assert e.target[0].country == "PRK" and not e.source


def test_coordinated_subjects_and_ontology_fields():
    evs = events("Chile and Peru held talks in Lima.", "en")
    e = evs[0]
    assert e.cameo == "040" and e.cameo_name and e.quad_class == 1 and e.goldstein is not None
    assert dyads(evs) == {("CONSULT", ("CHL",), ("PER",), "asserted"), ("CONSULT", ("PER",), ("CHL",), "asserted")}


def test_evidence_offsets_point_into_the_text():
    text = "Hier, le Maroc a expulsé deux diplomates algériens."
    a = Coder(lang="fr", date="2024-10-15").analyze(text)
    [e] = a.events
    ev = e.evidence
    assert a.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    for span in ev.source_spans + ev.target_spans:
        assert a.text[span.start:span.end] == span.text
    assert e.date == "2024-10-14" and ev.date_span.text.lower() == "hier"
    assert e.coder.startswith("fr.") and 0 < e.confidence <= 1


def test_event_ids_are_stable():
    text = "Le Chili a condamné l'attaque contre l'ambassade du Pérou."
    assert [e.event_id for e in events(text, "fr")] == [e.event_id for e in events(text, "fr")]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Chile and Peru held talks in Lima.", {("CHL",), ("PER",)}),
    ("fr", "Le Chili et le Pérou ont tenu des pourparlers à Lima.", {("CHL",), ("PER",)}),
])
def test_blank_pipeline_uses_word_order(lang, text, expected):
    evs = events(text, lang, model="blank")
    assert evs and all(e.coder.endswith("[order]") for e in evs)
    assert {sources for _, sources, _, _ in dyads(evs)} == expected


def test_sentence_without_political_event_gives_nothing():
    assert events("The weather in Oslo was mild and the markets were calm.", "en") == []
    assert events("Le temps était doux à Lyon et les marchés sont restés calmes.", "fr") == []


@pytest.mark.parametrize("lang,text", [
    ("en", "Japan said on Tuesday it had halted economic aid to Serbia."),
    ("fr", "Le Japon a annoncé qu'il suspendait son aide économique à la Serbie."),
])
def test_pronoun_subject_of_a_reported_clause_is_the_reporter(lang, text):
    [e] = events(text, lang)
    assert (e.type, e.source[0].country, e.target[0].country) == ("SANCTION", "JPN", "SRB")


@pytest.mark.parametrize("lang,text,code", [
    ("en", "The Kurdish party said it would boycott the elections in Turkey.", "133"),
    ("en", "Argentina will send food aid to Bolivia.", "033"),
])
def test_statements_of_intent(lang, text, code):
    assert [e.cameo for e in events(text, lang)] == [code]


def test_unattributed_violence_is_coded_to_unidentified_forces_of_the_place():
    [e] = events("A roadside bomb near the town of Samarra killed two Kenyan soldiers.", "en")
    assert e.source[0].code == "IRQUAF" and e.target[0].code == "KENMIL" and "unattributed" in e.coder


def test_agent_located_in_a_city_and_dates_stay_in_their_clause():
    evs = events("Police in Osaka arrested three protesters who had blocked the entrance of a naval base last week.", "en")
    arrest = next(e for e in evs if e.type == "COERCE")
    assert arrest.source[0].code == "JPNCOP" and arrest.date == "2024-10-15"
    blockade = next(e for e in evs if e.type == "PROTEST")
    assert blockade.date == "2024-W41"


def test_an_agreement_to_supply_patrol_boats_is_not_a_threat():
    evs = events("Norway agreed on Friday to supply three navy patrol boats to Ghana.", "en")
    assert {e.type for e in evs} == {"AGREE"}
    assert not [e for e in events("Norway vowed to attack the rebels.", "en") if e.type != "THREATEN"]


@pytest.mark.parametrize("text,expected", [
    ("Polen hat die russische Regierung scharf kritisiert.", ("POL", "RUS")),      # perfect: subject, object, verb
    ("Am Freitag hat Polen die russische Regierung kritisiert.", ("POL", "RUS")),  # inversion after a time phrase
    ("Kiew wurde in der Nacht von Russland angegriffen.", ("RUS", "UKR")),          # passive with "von"
])
def test_german_verb_final_clauses_without_a_parser(text, expected):
    evs = events(text, "de")
    assert any((e.source[0].country if e.source else None, e.target[0].country if e.target else None) == expected
               for e in evs), [(e.type, e.source, e.target) for e in evs]


@pytest.mark.parametrize("lang,text", [
    ("en", "The Ethiopian government accused the rebels of attacking a food convoy."),
    ("fr", "Le gouvernement éthiopien a accusé les rebelles d'avoir attaqué un convoi humanitaire."),
])
def test_countryless_agents_take_the_home_country_of_the_other_side(lang, text):
    assert dyads(events(text, lang)) == {("ACCUSE", ("ETH",), ("ETH",), "asserted")}
    # a body of the other side's kind is not its own: no government of Kenya accusing Kenya
    [e] = events("The government accused Kenya of harbouring armed groups.", "en")
    assert e.source[0].country is None and e.target[0].country == "KEN"


def test_french_verbs_with_etre_and_reflexives_are_not_passives():
    evs = events("La Serbie et la Hongrie sont convenues de construire un oléoduc commun.", "fr")
    assert dyads(evs) == {("AGREE", ("SRB",), ("HUN",), "asserted"), ("AGREE", ("HUN",), ("SRB",), "asserted")}


def test_parties_meeting_take_no_party_from_the_occasion_or_topic():
    evs = events("The Chilean and Peruvian foreign ministers met on the sidelines of the UN General Assembly.", "en")
    assert dyads(evs) == {("CONSULT", ("CHL",), ("PER",), "asserted"), ("CONSULT", ("PER",), ("CHL",), "asserted")}


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Armenia placed its troops on high alert along the border with Azerbaijan.", ("MOBILIZE", "ARM", "AZE")),
    ("en", "Brazil promised to invest two billion dollars in Angola's oil sector.", ("AGREE", "BRA", "AGO")),
    ("en", "Iran threatened Iraq with strikes on its bases in response to any attack on Iranian soil.",
     ("THREATEN", "IRN", "IRQ")),
])
def test_parse_roles_fall_back_on_the_clause_for_an_open_target(lang, text, expected):
    assert any((e.type, e.source[0].country, e.target[0].country if e.target else None) == expected
               for e in events(text, lang)), [(e.type, e.source, e.target) for e in events(text, lang)]


@pytest.mark.parametrize("text,expected", [
    ("Estland hat am Freitag zwei russische Diplomaten ausgewiesen.", (("EST",), ("RUS",))),
    ("Ecuador hat nach dem Vorbild Perus die diplomatischen Beziehungen zu Mexiko abgebrochen.", (("ECU",), ("MEX",))),
    ("Russland hat Bürgern aus Kuba, Laos und Vietnam die visumfreie Einreise gewährt.", (("RUS",), ("CUB", "LAO", "VNM"))),
])
def test_german_pattern_slot_and_listed_countries_without_a_parser(text, expected):
    [e] = events(text, "de")
    assert (tuple(a.country for a in e.source), tuple(sorted(a.country for a in e.target))) == expected


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "The Ecuadorian president dismissed his entire cabinet on Monday.", ("CONCEDE", "ECU", "ECU")),
    ("de", "Die ägyptische Regierung hat das Verbot der Oppositionspartei aufgehoben.", ("CONCEDE", "EGY", "EGY")),
])
def test_a_domestic_concession_is_made_to_the_own_country(lang, text, expected):
    assert dyads(events(text, lang)) == {(*expected[:1], (expected[1],), (expected[2],), "asserted")}


@pytest.mark.parametrize("lang,text,expected", [
    # the parser hangs the object elsewhere; it sits in the gap of the pattern
    ("fr", "Le Rwanda a menacé samedi le Burundi de représailles militaires.", ("THREATEN", "RWA", "BDI")),
    # the pattern ends on the actor's head word ("a las autoridades")
    ("es", "Francia entregó el lunes a las autoridades belgas a un sospechoso de terrorismo.", ("COOPERATE", "FRA", "BEL")),
    # an oblique with no preposition is the object ("tuant au moins 12 civils")
    ("fr", "Des soldats russes ont attaqué un village, tuant au moins 12 civils ukrainiens.", ("ASSAULT", "RUS", "UKR")),
    # "au Mali" on the noun the pattern names is the recipient, not a place
    ("fr", "Le Japon a exprimé son soutien au Mali.", ("SUPPORT", "JPN", "MLI")),
    ("fr", "L'Union européenne va envoyer une aide humanitaire au Soudan.", ("AGREE", "IGO", "SDN")),
    # "à" before a bare city name is where the meeting is
    ("fr", "Le président kényan a reçu à Nairobi son homologue tanzanien.", ("CONSULT", "KEN", "TZA")),
    # the agent of a participle set off by commas is not the subject
    ("es", "El Gobierno etíope, dirigido por el Ejército, acusó a Eritrea de atacar la frontera.", ("ACCUSE", "ETH", "ERI")),
])
def test_roles_from_pattern_gaps_recipients_and_inserts(lang, text, expected):
    assert (expected[0], (expected[1],), (expected[2],), "asserted") in dyads(events(text, lang))


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "Le gouvernement intérimaire du Niger a accusé la France d'ingérence.", ("NER", "FRA")),
    ("fr", "Les autorités militaires maliennes ont accusé la France d'espionnage.", ("MLI", "FRA")),
    ("en", "Sudan's army-led government accused Chad of arming rebels.", ("SDN", "TCD")),
])
def test_a_countryless_body_takes_the_country_of_its_owner(lang, text, expected):
    assert dyads(events(text, lang)) == {("ACCUSE", (expected[0],), (expected[1],), "asserted")}


def test_coordinated_nationalities_inside_one_phrase_are_two_parties():
    evs = events("Les ministres chilien et péruvien se sont rencontrés à Lima.", "fr")
    assert dyads(evs) == {("CONSULT", ("CHL",), ("PER",), "asserted"), ("CONSULT", ("PER",), ("CHL",), "asserted")}


@pytest.mark.parametrize("lang,text,expected", [
    # the place of the sentence beats the other side's country, and a region names its country
    ("fr", "L'aviation turque a frappé des militants kurdes dans le nord de l'Irak.", ("ASSAULT", "TUR", "IRQ")),
    ("de", "Die Türkei hat kurdische Kämpfer im Norden Syriens angegriffen.", ("ASSAULT", "TUR", "SYR")),
    ("de", "Die Afrikanische Union hat die Kriegsparteien im Tschad zur Waffenruhe aufgerufen.", ("REQUEST", "IGO", "TCD")),
    # a rebel group named by a role and an unknown name belongs to the other side's country
    ("fr", "Le gouvernement philippin a conclu une trêve avec le groupe rebelle Abu Sayyaf Nord.", ("RETREAT", "PHL", "PHL")),
])
def test_countryless_agents_take_the_country_of_the_place(lang, text, expected):
    assert (expected[0], (expected[1],), (expected[2],), "asserted") in dyads(events(text, lang))


@pytest.mark.parametrize("text,expected", [
    # a trigger noun's own complement beats the middle field
    ("Die EU hat am Dienstag wegen Waffenlieferungen an Russland Sanktionen gegen Nordkorea verhängt.",
     ("COERCE", "IGO", "PRK")),
    # in the middle field, another country beats the subject's own
    ("Serbien hat nach einem Streit um Flüchtlinge in Belgrad mit dem Abbruch der Beziehungen zu Kroatien gedroht.",
     ("THREATEN", "SRB", "HRV")),
    # an insert set off by commas does not hide the auxiliary
    ("Russische Soldaten haben am Montag, kurz nach der Wahl, zwei Journalisten aus Litauen festgenommen.",
     ("COERCE", "RUS", "LTU")),
    # "sich bei X entschuldigen": X is the addressee even in the form of a place
    ("Deutschland hat sich am Dienstag bei Namibia offiziell für den Völkermord entschuldigt.", ("SUPPORT", "DEU", "NAM")),
])
def test_german_middle_field_without_a_parser(text, expected):
    assert (expected[0], (expected[1],), (expected[2],), "asserted") in dyads(events(text, "de"))


def test_coordinated_actors_with_appositions_meet_without_the_occasion_as_a_party():
    evs = events("El canciller chileno, Alberto van Klaveren, y el canciller peruano, Javier González-Olaechea, "
                 "se reunieron en Lima al margen de la cumbre de la OEA.", "es")
    assert dyads(evs) == {("CONSULT", ("CHL",), ("PER",), "asserted"), ("CONSULT", ("PER",), ("CHL",), "asserted")}


@pytest.mark.parametrize("text,assault", [
    # an apposition between commas does not count toward the long gap of "griff … an"
    ("Am Montag griff Russland die ukrainische Hafenstadt Odessa, das wichtigste Tor für Getreideexporte, "
     "erneut mit Raketen an.", True),
    ("Am Montag griffen russische Truppen die ukrainische Stadt Charkiw erneut mit Raketen und Drohnen an.", True),
    # "und" or a comma before a second verb opens another clause: its "an" is not the trigger's particle
    ("Die Regierung Polens griff zu harten Maßnahmen und kündigte neue Sanktionen gegen Russland an.", False),
    ("Der russische Botschafter griff zum Telefon, rief den ukrainischen Außenminister jedoch nicht an.", False),
    # "an" as a preposition does not close the clause
    ("Der polnische Präsident griff in seiner Rede die Kritik aus Deutschland an der Reform auf.", False),
])
def test_german_long_gap_passes_inserts_and_stays_in_its_clause(text, assault):
    found = {d for d in dyads(events(text, "de")) if d[0] == "ASSAULT"}
    assert found == ({("ASSAULT", ("RUS",), ("UKR",), "asserted")} if assault else set())


@pytest.mark.parametrize("lang,text,expected", [
    # a comparative before a verb restates a known position ("como exige la oposición")
    ("es", "Colombia pidió a Venezuela que libere a los presos políticos, como exige la oposición.",
     {("REQUEST", ("COL",), ("VEN",), "asserted")}),
    ("de", "Wie gefordert lieferte Deutschland weitere Panzer an die Ukraine.", {("AID", ("DEU",), ("UKR",), "asserted")}),
    # a reason before a verb gives the cause of another event
    ("es", "Venezuela expulsó a los diplomáticos de Argentina por cuestionar el resultado de las elecciones.",
     {("SANCTION", ("VEN",), ("ARG",), "asserted")}),
    ("es", "Venezuela expulsó a los diplomáticos de Argentina por haber criticado al Gobierno de Maduro.",
     {("SANCTION", ("VEN",), ("ARG",), "asserted")}),
    ("fr", "Le Niger a expulsé les diplomates français pour avoir critiqué la junte.",
     {("SANCTION", ("NER",), ("FRA",), "asserted")}),
    ("en", "Niger expelled French diplomats for criticizing the junta.", {("SANCTION", ("NER",), ("FRA",), "asserted")}),
    # "por" before a noun is no reason clause; "for" before a noun no gerund; "así como" coordinates two main verbs
    ("es", "Chile criticó a Bolivia por el ataque contra un puesto fronterizo.", {("ACCUSE", ("CHL",), ("BOL",), "asserted")}),
    ("en", "Ukraine appealed for aid from Germany.", {("REQUEST", ("UKR",), ("DEU",), "asserted")}),
])
def test_comparative_and_reason_clauses_code_no_event_of_their_own(lang, text, expected):
    assert dyads(events(text, lang)) == expected


def test_coordinated_main_verb_after_asi_como_is_still_coded():
    evs = events("Argentina retiró a su embajador en Managua así como exigió a Nicaragua la liberación de los presos.", "es")
    assert "REQUEST" in {e.type for e in evs}


def test_a_protester_noun_as_the_subject_of_a_protest_verb_is_one_event():
    evs = events("Los manifestantes marcharon hasta la embajada de Rusia en Madrid.", "es")
    assert [e.type for e in evs] == ["PROTEST"]
