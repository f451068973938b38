from dyadwatch.ontology import load_ontology


def test_visit_maps_to_consult_visit():
    c = load_ontology().coding("042")
    assert (c.type, c.mode, c.quad_class) == ("CONSULT", "visit", 1)
    assert c.goldstein == 1.9 and c.cameo_name == "Make a visit"


def test_four_digit_code_inherits_and_keeps_context():
    c = load_ontology().coding("0312")
    assert c.type == "AGREE" and "military" in c.context


def test_official_table_quirks_are_followed():
    ont = load_ontology()
    assert ont.coding("163").type == "COERCE"          # sanctions are COERCE/restrict in the 2021 table
    assert ont.coding("1712").type == "ASSAULT"
    assert ont.coding("0811").context == ("pro_democracy",)   # "democracy" in the table
    assert ont.coding("175").mode is None                     # a context sits in the mode column there


def test_appeals_have_no_plover_type_unless_overridden():
    ont = load_ontology()
    assert ont.coding("020").type is None
    c = ont.coding("020", type_override="REQUEST")
    assert c.type == "REQUEST" and c.quad_class == 3 and c.goldstein == 3.0
