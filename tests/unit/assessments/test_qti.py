"""A university's question bank comes in and goes out as QTI 3.0, all of it or none.

What an author notices: a bank exported here reads back the same; items written by another
tool (pretty-printed, with stems, mappings and feedback) become the right questions; a
package with bad items imports nothing and names each bad item; and a hostile file (XXE,
a ZIP bomb, names climbing out of the package) is refused without being unpacked.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.assessments import qti, quiz
from microcred_market.platform import i18n
from microcred_market.platform.errors import InvalidInput, TooLarge
from tests.unit.assessments.questions import questions

pytestmark = pytest.mark.assessments

NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
RP = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates"


def _package(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _manifest(*hrefs: str, kind: str = "imsqti_item_xmlv3p0") -> str:
    resources = "".join(
        f'<resource identifier="res{i}" type="{kind}" href="{href}"><file href="{href}"/></resource>'
        for i, href in enumerate(hrefs)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m">'
        f"<resources>{resources}</resources></manifest>"
    )


def _choice_item(
    ident: str, correct: str = "A", interaction: str = "qti-choice-interaction"
) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="{ident}" title="t" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>{correct}</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <{interaction} response-identifier="RESPONSE" max-choices="1">
      <qti-prompt>Pick A.</qti-prompt>
      <qti-simple-choice identifier="A">A</qti-simple-choice>
      <qti-simple-choice identifier="B">B</qti-simple-choice>
    </{interaction}>
  </qti-item-body>
  <qti-response-processing template="{RP}/match_correct.xml"/>
</qti-assessment-item>"""


# ---------------------------------------------------------------- round trip

banks = st.lists(questions, min_size=1, max_size=6, unique_by=lambda q: q["id"])


@settings(max_examples=40, deadline=None)
@given(bank=banks)
def test_an_exported_bank_imports_back_to_the_same_questions(bank: list[dict[str, Any]]) -> None:
    data = qti.export_package(bank)
    report = qti.import_package(data)
    assert report.problems == []
    assert report.questions == bank
    assert qti.export_package(bank) == data  # same questions, same bytes


@settings(max_examples=20, deadline=None)
@given(q=questions)
def test_one_exported_item_imports_on_its_own(q: dict[str, Any]) -> None:
    assert qti.import_package(qti.export_item(q)).questions == [q]


def test_export_refuses_a_question_that_is_not_valid() -> None:
    with pytest.raises(InvalidInput):
        qti.export_package([{"id": "q1", "kind": "single"}])


def test_export_speaks_qti_3() -> None:
    q = {
        "id": "q1",
        "kind": "multiple",
        "prompt": "Which?",
        "points": 3,
        "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
        "key": {"correct": ["a", "b"], "partial": True},
    }
    xml = qti.export_item(q).decode()
    assert f'<qti-assessment-item xmlns="{NS}"' in xml
    assert f'template="{RP}/map_response.xml"' in xml
    assert '<qti-mapping lower-bound="0" upper-bound="3" default-value="-1.5">' in xml
    assert (
        '<qti-choice-interaction response-identifier="RESPONSE" shuffle="true" max-choices="0">'
        in xml
    )
    manifest = zipfile.ZipFile(io.BytesIO(qti.export_package([q]))).read("imsmanifest.xml").decode()
    assert 'type="imsqti_item_xmlv3p0"' in manifest


# ---------------------------------------------------------------- items written elsewhere

FOREIGN = {
    "capital.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="capital" title="Capital" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response>
      <qti-value>W</qti-value>
    </qti-correct-response>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" normal-maximum="2"/>
  <qti-item-body>
    <p>Poland's capital moved in 1596.</p>
    <qti-choice-interaction response-identifier="RESPONSE" shuffle="true" max-choices="1">
      <qti-prompt>Which city is
         the capital now?</qti-prompt>
      <qti-simple-choice identifier="W">
        Warszawa
        <qti-feedback-inline outcome-identifier="FEEDBACK" identifier="W" show-hide="show">Right!</qti-feedback-inline>
      </qti-simple-choice>
      <qti-simple-choice identifier="K"><p>Kraków</p></qti-simple-choice>
    </qti-choice-interaction>
    <qti-feedback-block outcome-identifier="FEEDBACK" identifier="W" show-hide="show"><p>The answer is W.</p></qti-feedback-block>
  </qti-item-body>
  <qti-response-processing template="https://www.imsglobal.org/question/qti_v3p0/rptemplates/match_correct.xml"/>
</qti-assessment-item>""",
    "gases.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="gases" title="Gases" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier">
    <qti-mapping lower-bound="0" upper-bound="2" default-value="-2">
      <qti-map-entry map-key="H" mapped-value="1"/>
      <qti-map-entry map-key="O" mapped-value="1"/>
      <qti-map-entry map-key="C" mapped-value="-1"/>
    </qti-mapping>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">
    <qti-default-value><qti-value>4</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-item-body>
    <qti-choice-interaction response-identifier="RESPONSE" max-choices="0">
      <qti-prompt>Which are in water?</qti-prompt>
      <qti-simple-choice identifier="H">Hydrogen</qti-simple-choice>
      <qti-simple-choice identifier="O">Oxygen</qti-simple-choice>
      <qti-simple-choice identifier="C">Carbon</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
  <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response"/>
</qti-assessment-item>""",
    "city.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="city" title="City" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
    <qti-correct-response><qti-value>Łódź</qti-value></qti-correct-response>
    <qti-mapping default-value="0">
      <qti-map-entry map-key="Lodz" mapped-value="1" case-sensitive="false"/>
      <qti-map-entry map-key="Lodsch" mapped-value="0"/>
    </qti-mapping>
  </qti-response-declaration>
  <qti-item-body>
    <p>Which city is famous for its film school? <qti-text-entry-interaction response-identifier="RESPONSE"/></p>
  </qti-item-body>
  <qti-response-processing template="{RP}/map_response.xml"/>
</qti-assessment-item>""",
    "pi.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="pi" title="Pi" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float">
    <qti-correct-response><qti-value>3.14159</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body><p>Pi to two places?</p><p><qti-text-entry-interaction response-identifier="RESPONSE"/></p></qti-item-body>
  <qti-response-processing>
    <qti-response-condition>
      <qti-response-if>
        <qti-equal tolerance-mode="absolute" tolerance="0.005 0.005">
          <qti-variable identifier="RESPONSE"/><qti-correct identifier="RESPONSE"/>
        </qti-equal>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
      </qti-response-if>
    </qti-response-condition>
  </qti-response-processing>
</qti-assessment-item>""",
    "essay.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="essay" title="Essay" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
  <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">
    <qti-default-value><qti-value>10</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-item-body>
    <qti-extended-text-interaction response-identifier="RESPONSE" expected-lines="5">
      <qti-prompt>Describe a project you led.</qti-prompt>
    </qti-extended-text-interaction>
  </qti-item-body>
</qti-assessment-item>""",
    "plays.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="plays" title="Plays" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="directedPair">
    <qti-correct-response><qti-value>C R</qti-value><qti-value>D M</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <qti-match-interaction response-identifier="RESPONSE" shuffle="true" max-associations="4">
      <qti-prompt>Match the characters to their plays.</qti-prompt>
      <qti-simple-match-set>
        <qti-simple-associable-choice identifier="C" match-max="1">Capulet</qti-simple-associable-choice>
        <qti-simple-associable-choice identifier="D" match-max="1">Demetrius</qti-simple-associable-choice>
      </qti-simple-match-set>
      <qti-simple-match-set>
        <qti-simple-associable-choice identifier="M" match-max="4">A Midsummer-Night's Dream</qti-simple-associable-choice>
        <qti-simple-associable-choice identifier="R" match-max="4">Romeo and Juliet</qti-simple-associable-choice>
        <qti-simple-associable-choice identifier="T" match-max="4">The Tempest</qti-simple-associable-choice>
      </qti-simple-match-set>
    </qti-match-interaction>
  </qti-item-body>
  <qti-response-processing template="{RP}/map_response.xml"/>
</qti-assessment-item>""",
    "order.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="order" title="Order" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="ordered" base-type="identifier">
    <qti-correct-response><qti-value>DriverC</qti-value><qti-value>DriverA</qti-value><qti-value>DriverB</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <qti-order-interaction response-identifier="RESPONSE" shuffle="true">
      <qti-prompt>The order they finished in:</qti-prompt>
      <qti-simple-choice identifier="DriverA">Rubens Barrichello</qti-simple-choice>
      <qti-simple-choice identifier="DriverB">Jenson Button</qti-simple-choice>
      <qti-simple-choice identifier="DriverC" fixed="true">Michael Schumacher</qti-simple-choice>
    </qti-order-interaction>
  </qti-item-body>
  <qti-response-processing template="{RP}/match_correct.xml"/>
</qti-assessment-item>""",
    "tf.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{NS}" identifier="tf" title="TF" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>False</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
      <qti-prompt>The Vistula flows into the Black Sea.</qti-prompt>
      <qti-simple-choice identifier="True">Prawda</qti-simple-choice>
      <qti-simple-choice identifier="False">Fałsz</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
  <qti-response-processing template="{RP}/match_correct.xml"/>
</qti-assessment-item>""",
}


def test_items_from_another_tool_become_the_right_questions() -> None:
    files: dict[str, bytes | str] = {f"items/{name}": xml for name, xml in FOREIGN.items()}
    files["imsmanifest.xml"] = _manifest(*files)
    files["media/photo.png"] = b"\x89PNG not read"
    report = qti.import_package(_package(files))
    assert report.problems == []
    by_id = {q["id"]: q for q in report.questions}
    assert [q["id"] for q in report.questions] == [name.removesuffix(".xml") for name in FOREIGN]

    capital = by_id["capital"]
    assert capital["kind"] == "single" and capital["points"] == 2
    # The stem outside the interaction and its prompt, tidied; feedback never shown.
    assert capital["prompt"] == "Poland's capital moved in 1596.\nWhich city is the capital now?"
    assert capital["choices"] == [{"id": "W", "text": "Warszawa"}, {"id": "K", "text": "Kraków"}]
    assert capital["key"] == {"correct": "W"}
    assert "Right!" not in str(capital) and "The answer is W" not in str(capital)

    gases = by_id["gases"]
    assert gases["points"] == 4
    assert gases["key"] == {"correct": ["H", "O"], "partial": True}

    city = by_id["city"]
    assert city["kind"] == "text" and city["key"] == {"accepted": ["Łódź", "Lodz"]}
    assert city["prompt"] == "Which city is famous for its film school?"
    assert quiz.grade(city, quiz.clean_answer(city, "LODZ")).points == 1

    pi = by_id["pi"]
    assert pi["key"] == {"value": "3.14159", "tolerance": "0.005"}
    assert quiz.grade(pi, quiz.clean_answer(pi, "3,14")).points == 1
    assert quiz.grade(pi, quiz.clean_answer(pi, "3,13")).points == 0

    assert by_id["essay"] == {
        "id": "essay",
        "kind": "essay",
        "prompt": "Describe a project you led.",
        "points": 10,
        "key": {},
    }
    assert by_id["plays"]["key"] == {"pairs": {"C": "R", "D": "M"}}
    assert [c["id"] for c in by_id["plays"]["right"]] == ["M", "R", "T"]
    assert by_id["order"]["key"] == {"order": ["DriverC", "DriverA", "DriverB"]}
    assert by_id["tf"]["kind"] == "truefalse" and by_id["tf"]["key"] == {"correct": False}


def test_one_item_file_imports_without_a_package() -> None:
    report = qti.import_package(FOREIGN["order.xml"].encode())
    assert [q["id"] for q in report.questions] == ["order"]


# ---------------------------------------------------------------- all or nothing, per item


def test_a_package_with_bad_items_imports_nothing_and_names_each_one() -> None:
    hotspot = _choice_item("hot", interaction="qti-hotspot-interaction")
    qti21 = '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="old"/>'
    files: dict[str, bytes | str] = {
        "good.xml": _choice_item("good"),
        "wrongkey.xml": _choice_item("wrongkey", correct="Z"),
        "hot.xml": hotspot,
        "old.xml": qti21,
        "again.xml": _choice_item("good"),
        "broken.xml": "<qti-assessment-item",
    }
    files["imsmanifest.xml"] = _manifest(*files, "missing.xml")
    report = qti.import_package(_package(files))
    assert report.questions == []
    problems = {(p.item_ident, p.key) for p in report.problems}
    assert problems == {
        ("wrongkey", "error.assessments.problem_at"),
        ("res2", "error.assessments.qti_interaction_unsupported"),
        ("res3", "error.assessments.qti_version_unsupported"),
        ("good", "error.assessments.qti_item_duplicate"),
        ("res5", "error.assessments.qti_xml_invalid"),
        ("res6", "error.assessments.qti_item_file_missing"),
    }
    message = qti.refusal(report)
    assert message.text("en").startswith("Nothing was imported: 6 items cannot be used.")
    assert (
        "wrongkey: key.correct: the key names a choice the question does not have"
        in message.text("en")
    )
    assert "the interaction qti-hotspot-interaction is not supported" in message.text("en")
    assert message.text("pl").startswith("Niczego nie zaimportowano: 6 pytań")
    for problem in report.problems:
        assert problem.key in i18n.catalogue("pl")


def test_resources_of_an_older_qti_are_reported() -> None:
    files: dict[str, bytes | str] = {"a.xml": _choice_item("a")}
    files["imsmanifest.xml"] = _manifest("a.xml", kind="imsqti_item_xmlv2p1")
    report = qti.import_package(_package(files))
    assert [p.key for p in report.problems] == ["error.assessments.qti_version_unsupported"]


@pytest.mark.parametrize(
    ("outcomes", "points"),
    [
        ("", 1),
        (
            '<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" normal-maximum="5"/>',
            5,
        ),
        (
            '<qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">'
            "<qti-default-value><qti-value>7.0</qti-value></qti-default-value></qti-outcome-declaration>",
            7,
        ),
    ],
)
def test_points_come_from_the_maximum_score(outcomes: str, points: int) -> None:
    xml = _choice_item("p").replace("<qti-item-body>", outcomes + "<qti-item-body>")
    assert qti.import_package(xml.encode()).questions[0]["points"] == points


def test_a_fractional_maximum_score_is_reported() -> None:
    outcome = '<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" normal-maximum="2.5"/>'
    xml = _choice_item("p").replace("<qti-item-body>", outcome + "<qti-item-body>")
    report = qti.import_package(xml.encode())
    assert [p.key for p in report.problems] == ["error.assessments.qti_points_invalid"]


# ---------------------------------------------------------------- hostile files

XXE = """<?xml version="1.0"?>
<!DOCTYPE qti-assessment-item [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="x">
  <qti-item-body><p>&secret;</p></qti-item-body>
</qti-assessment-item>"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="x">&lol3;</qti-assessment-item>"""


@pytest.mark.security
@pytest.mark.parametrize("xml", [XXE, LAUGHS])
def test_entities_are_never_expanded(xml: str) -> None:
    report = qti.import_package(xml.encode())
    assert report.questions == []
    assert [p.key for p in report.problems] == ["error.assessments.qti_xml_entities"]
    assert "root:" not in repr(report)
    files: dict[str, bytes | str] = {
        "imsmanifest.xml": xml.replace("qti-assessment-item", "manifest")
    }
    with pytest.raises(InvalidInput) as refused:
        qti.import_package(_package(files))
    assert refused.value.key == "error.assessments.qti_manifest_invalid"


@pytest.mark.security
def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    files: dict[str, bytes | str] = {
        "imsmanifest.xml": _manifest("a.xml"),
        "a.xml": b"\0" * 10_000_000,
    }
    data = _package(files)
    assert len(data) < 100_000
    with pytest.raises(InvalidInput) as refused:
        qti.import_package(data)
    assert refused.value.key == "error.assessments.qti_unsafe_zip"


@pytest.mark.security
def test_too_many_entries_and_too_many_bytes_are_refused() -> None:
    files: dict[str, bytes | str] = {f"f{i}": b"" for i in range(qti.MAX_ENTRIES + 1)}
    with pytest.raises(InvalidInput) as refused:
        qti.import_package(_package(files))
    assert refused.value.key == "error.assessments.qti_unsafe_zip"
    with pytest.raises(TooLarge):
        qti.import_package(b"PK\x03\x04" + b"\0" * qti.MAX_PACKAGE_BYTES)


@pytest.mark.security
def test_names_that_climb_out_of_the_package_are_never_read() -> None:
    files: dict[str, bytes | str] = {
        "imsmanifest.xml": _manifest(
            "good.xml", "../evil.xml", "/etc/evil.xml", "sub/../../evil.xml"
        ),
        "good.xml": _choice_item("good"),
        "../evil.xml": _choice_item("evil"),
        "/etc/evil.xml": _choice_item("evil2"),
    }
    report = qti.import_package(_package(files))
    assert report.questions == []
    assert [(p.item_ident, p.key) for p in report.problems] == [
        (f"res{i}", "error.assessments.qti_item_file_missing") for i in (1, 2, 3)
    ]


@pytest.mark.security
@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=400) | st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=400))
)
def test_any_bytes_are_a_report_or_a_refusal_never_a_crash(data: bytes) -> None:
    try:
        report = qti.import_package(data)
    except InvalidInput as error:
        assert error.key in i18n.catalogue("en")
    else:
        assert report.questions == [] and report.problems


GOOD_PACKAGE = qti.export_package(
    [
        {
            "id": "q1",
            "kind": "single",
            "prompt": "Which?",
            "points": 1,
            "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
            "key": {"correct": "a"},
        }
    ]
)


@pytest.mark.security
@settings(max_examples=150, deadline=None)
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(GOOD_PACKAGE) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    )
)
def test_a_damaged_package_is_a_report_or_a_refusal_never_a_crash(
    flips: list[tuple[int, int]],
) -> None:
    data = bytearray(GOOD_PACKAGE)
    for at, value in flips:
        data[at] = value
    try:
        report = qti.import_package(bytes(data))
    except InvalidInput as error:
        assert error.key in i18n.catalogue("en")
    else:
        assert bool(report.questions) != bool(report.problems)


def test_a_package_without_manifest_or_items_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        qti.import_package(_package({"a.xml": _choice_item("a")}))
    assert refused.value.key == "error.assessments.qti_no_manifest"
    with pytest.raises(InvalidInput) as refused:
        qti.import_package(_package({"imsmanifest.xml": _manifest()}))
    assert refused.value.key == "error.assessments.qti_no_items"
