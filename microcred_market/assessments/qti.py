"""Question banks in and out as 1EdTech QTI 3.0, so a university brings the items it has.

`import_package` reads a QTI 3.0 content package (a ZIP with `imsmanifest.xml` listing
`imsqti_item_xmlv3p0` resources) or one `qti-assessment-item` file and returns questions in
the format of `assessments.quiz`, or, if any item cannot be used, no questions and a report
naming every bad item: a bank is never half imported. `export_package` writes a package
that this importer (and any QTI 3.0 tool) reads back to the same questions.

What maps to what (QTI interaction → question kind):

- `qti-choice-interaction`: `max-choices="1"` → single, otherwise multiple; a single choice
  whose two choices are identified `true` and `false` → truefalse. The correct choices come
  from `qti-correct-response` (or, failing that, the map entries worth points). For
  multiple, the `map_response` template means partial credit, `match_correct` (or none)
  all-or-nothing; our partial rule (a share per right choice, the same off per wrong one,
  never below 0) replaces the item's own mapped values.
- `qti-text-entry-interaction`: base type `string` → text, accepting every value of
  `qti-correct-response` and every map entry worth points (always case- and
  diacritics-insensitive here); `float` or `integer` → numeric, the first correct value
  with the tolerance of a `qti-equal tolerance-mode="absolute"` in the response
  processing (our export writes that), else exact.
- `qti-extended-text-interaction` → essay (`data-max-words` carries the word limit).
- `qti-match-interaction` → matching (first match set left, second right; the correct
  `directedPair` values are the pairs; credit per right pair).
- `qti-order-interaction` → ordering (the correct values in order; all-or-nothing).

Points are the `MAXSCORE` outcome's default value, else `normal-maximum` of `SCORE`, else 1.
The prompt is the item body's text outside the interaction followed by its `qti-prompt`;
texts are read as plain text with spacing tidied (one line per paragraph). Feedback,
rubric and template blocks are never read into what a learner will see.

Everything from outside is read with limits: DTDs and entities are refused (no XXE, no
"billion laughs"), nothing is fetched, the ZIP is checked for size, number of entries
and compression ratio before anything is unpacked, entries are read with a cap, and names
that climb out of the package (`../`, absolute paths) are never read.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from microcred_market.assessments import quiz
from microcred_market.platform.errors import InvalidInput, TooLarge
from microcred_market.platform.i18n import Phrase, Phrases

NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
ITEM_RESOURCE = "imsqti_item_xmlv3p0"
TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
MANIFEST = "imsmanifest.xml"

MAX_PACKAGE_BYTES = 20_000_000
MAX_ENTRIES = 5000
MAX_UNPACKED_BYTES = 200_000_000  # declared, all entries (we read only manifest and items)
MAX_RATIO = 100  # declared unpacked size / package size
MAX_XML_BYTES = 5_000_000  # one manifest or item file
MAX_ITEMS = 2000

# Elements whose content a learner must not see in the prompt or a choice.
_HIDDEN = {
    "qti-feedback-block",
    "qti-feedback-inline",
    "qti-modal-feedback",
    "qti-rubric-block",
    "qti-template-block",
    "qti-template-inline",
    "qti-printed-variable",
    "qti-response-processing",
}
_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "hr",
    "figure",
    "figcaption",
    "qti-prompt",
    "qti-simple-choice",
}
_INTERACTIONS = {
    "qti-choice-interaction",
    "qti-text-entry-interaction",
    "qti-extended-text-interaction",
    "qti-match-interaction",
    "qti-order-interaction",
}


@dataclass(frozen=True)
class ItemProblem:
    """Why one item of a package cannot be imported: the item (or file) and a catalogue key."""

    item_ident: str
    key: str
    params: dict[str, Any] = _field(default_factory=dict)


@dataclass(frozen=True)
class ImportReport:
    questions: list[dict[str, Any]]
    problems: list[ItemProblem]


class _ItemError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# ---------------------------------------------------------------- reading


def import_package(data: bytes) -> ImportReport:
    """The questions of a package (or of one item file), or every reason why not.

    A file that is not a package at all (unreadable, too big, a ZIP bomb, no manifest)
    raises `InvalidInput`; a package with bad items returns no questions and one problem
    per bad item, so the author fixes them all in one go.
    """
    if len(data) > MAX_PACKAGE_BYTES:
        raise TooLarge("error.assessments.qti_too_large", n=MAX_PACKAGE_BYTES // 1_000_000)
    files: list[tuple[str, bytes | None, str | None]]
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        files = _read_package(data)
    else:
        files = [("item", data, None)]
    questions: list[dict[str, Any]] = []
    problems: list[ItemProblem] = []
    seen: set[str] = set()
    for where, content, refusal in files:
        if content is None:
            problems.append(
                ItemProblem(where, refusal or "error.assessments.qti_item_file_missing")
            )
            continue
        try:
            q = _read_item(content)
        except _ItemError as error:
            problems.append(ItemProblem(where, error.key, error.params))
            continue
        ident = str(q.get("id") or where)
        found = quiz.validate_question(q)
        for p in found:
            problems.append(
                ItemProblem(
                    ident,
                    "error.assessments.problem_at",
                    {"field": p.field, "problem": Phrase(p.key, p.params)},
                )
            )
        if ident in seen:
            problems.append(ItemProblem(ident, "error.assessments.qti_item_duplicate"))
        seen.add(ident)
        if not found:
            questions.append(q)
    return ImportReport([] if problems else questions, problems)


# What a damaged or crafted archive can raise while its directory or an entry is read
# (ValueError covers names that are not valid UTF-8).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    ValueError,
    EOFError,
    OSError,
    OverflowError,
    struct.error,
    zlib.error,
)


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name or "\x00" in name:
        return False
    return ".." not in name.split("/")


def _read_package(data: bytes) -> list[tuple[str, bytes | None, str | None]]:
    """(resource, content, why not) for each item the manifest lists."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS:
        raise InvalidInput("error.assessments.qti_unreadable") from None
    if len(infos) > MAX_ENTRIES:
        raise InvalidInput("error.assessments.qti_unsafe_zip")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
        raise InvalidInput("error.assessments.qti_unsafe_zip")
    entries = {info.filename: info for info in infos if _safe_name(info.filename)}

    def read(name: str) -> bytes | None:
        info = entries.get(name)
        if info is None or info.is_dir() or info.flag_bits & 0x1:  # missing, folder, encrypted
            return None
        if info.file_size > MAX_XML_BYTES:
            raise InvalidInput("error.assessments.qti_unsafe_zip")
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_XML_BYTES + 1)
        except _ZIP_ERRORS:
            raise InvalidInput("error.assessments.qti_unreadable") from None
        if len(content) > MAX_XML_BYTES:
            raise InvalidInput("error.assessments.qti_unsafe_zip")
        return content

    manifest = read(MANIFEST)
    if manifest is None:
        raise InvalidInput("error.assessments.qti_no_manifest")
    try:
        root = _parse(manifest)
    except _ItemError:
        raise InvalidInput("error.assessments.qti_manifest_invalid") from None
    files: list[tuple[str, bytes | None, str | None]] = []
    for resource in root.iter():
        if _local(resource.tag) != "resource":
            continue
        kind = resource.get("type") or ""
        ident = resource.get("identifier") or resource.get("href") or "?"
        if not kind.startswith("imsqti_item_"):
            continue  # tests, stimuli, media: not questions
        if len(files) >= MAX_ITEMS:
            raise InvalidInput("error.assessments.qti_too_many_items", n=MAX_ITEMS)
        if not kind.startswith(ITEM_RESOURCE):
            files.append((ident, None, "error.assessments.qti_version_unsupported"))
            continue
        href = posixpath.normpath(resource.get("href") or "")
        files.append((ident, read(href) if _safe_name(href) else None, None))
    if not files:
        raise InvalidInput("error.assessments.qti_no_items")
    return files


def _parse(content: bytes) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise _ItemError("error.assessments.qti_xml_entities") from None
    except (ET.ParseError, ValueError, RecursionError):
        raise _ItemError("error.assessments.qti_xml_invalid") from None
    return root


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: Any) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


# Marks a paragraph or line break while text is gathered; XML text cannot contain it, so
# a newline typed inside a paragraph stays what it is in XHTML: mere spacing.
_BREAK = "\x00"


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _text(root: ET.Element, skip: Callable[[ET.Element], bool] = lambda e: False) -> str:
    """Plain text of an element: a line per paragraph, hidden parts left out.

    Walks with an explicit stack, so a deeply nested body cannot exhaust Python's.
    """
    out: list[str] = []
    stack: list[ET.Element | str] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
            continue
        name = _local(node.tag)
        if node is not root and (name in _HIDDEN or skip(node)):
            continue
        block = name in _BLOCKS
        if block or name == "br":
            out.append(_BREAK)
        if node.text:
            out.append(node.text)
        if block:
            stack.append(_BREAK)
        for child in reversed(list(node)):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    return _tidy_lines("".join(out))


def _read_item(content: bytes) -> dict[str, Any]:
    root = _parse(content)
    if _local(root.tag) in ("assessmentItem", "qti-assessment-item") and _ns(root.tag) != NS:
        raise _ItemError("error.assessments.qti_version_unsupported")
    if root.tag != _q("qti-assessment-item"):
        raise _ItemError("error.assessments.qti_not_an_item")
    ident = root.get("identifier") or ""
    body = root.find(_q("qti-item-body"))
    if body is None:
        raise _ItemError("error.assessments.qti_interaction_count")
    found = [e for e in body.iter() if _local(e.tag).endswith("-interaction")]
    if len(found) != 1:
        raise _ItemError("error.assessments.qti_interaction_count")
    interaction = found[0]
    name = _local(interaction.tag)
    if name not in _INTERACTIONS or _ns(interaction.tag) != NS:
        raise _ItemError("error.assessments.qti_interaction_unsupported", name=name)

    response_id = interaction.get("response-identifier") or ""
    declaration = next(
        (
            d
            for d in root.findall(_q("qti-response-declaration"))
            if d.get("identifier") == response_id
        ),
        None,
    )
    correct: list[str] = []
    mapped: list[tuple[str, Decimal]] = []
    if declaration is not None:
        correct = [
            (v.text or "").strip()
            for v in declaration.findall(f"{_q('qti-correct-response')}/{_q('qti-value')}")
        ]
        for entry in declaration.findall(f"{_q('qti-mapping')}/{_q('qti-map-entry')}"):
            value = _decimal(entry.get("mapped-value"))
            map_key = entry.get("map-key")
            if value is not None and map_key is not None:
                mapped.append((map_key.strip(), value))
    elif name != "qti-extended-text-interaction":
        raise _ItemError("error.assessments.qti_response_missing")
    positive = [k for k, value in mapped if value > 0]
    processing = root.find(_q("qti-response-processing"))
    template = ""
    if processing is not None:
        location = processing.get("template") or ""
        template = posixpath.basename(location.rstrip("/")).removesuffix(".xml")

    prompt_parts = [_text(body, skip=lambda e: _local(e.tag).endswith("-interaction"))]
    inner = interaction.find(_q("qti-prompt"))
    if inner is not None:
        prompt_parts.append(_text(inner))
    q: dict[str, Any] = {
        "id": ident,
        "kind": "",
        "prompt": "\n".join(p for p in prompt_parts if p),
        "points": _points(root),
    }

    if name == "qti-choice-interaction":
        choices = _choices(interaction, "qti-simple-choice")
        answers = correct or positive
        ids = [c["id"] for c in choices]
        if interaction.get("max-choices", "1").strip() == "1":
            if sorted(i.lower() for i in ids) == ["false", "true"] and len(answers) == 1:
                q.update(kind="truefalse", key={"correct": answers[0].lower() == "true"})
            else:
                if len(answers) != 1:
                    raise _ItemError("error.assessments.qti_correct_missing")
                q.update(kind="single", choices=choices, key={"correct": answers[0]})
        else:
            if not answers:
                raise _ItemError("error.assessments.qti_correct_missing")
            q.update(
                kind="multiple",
                choices=choices,
                key={"correct": answers, "partial": template == "map_response"},
            )
    elif name == "qti-text-entry-interaction":
        base_type = declaration.get("base-type") if declaration is not None else None
        if base_type in ("float", "integer"):
            if not correct:
                raise _ItemError("error.assessments.qti_correct_missing")
            key: dict[str, Any] = {"value": _key_decimal(correct[0])}
            tolerance = _tolerance(processing)
            if tolerance is not None:
                key["tolerance"] = tolerance
            q.update(kind="numeric", key=key)
        else:
            accepted = list(dict.fromkeys(a for a in correct + positive if a))
            if not accepted:
                raise _ItemError("error.assessments.qti_correct_missing")
            q.update(kind="text", key={"accepted": accepted})
    elif name == "qti-extended-text-interaction":
        q.update(kind="essay", key={})
        words = interaction.get("data-max-words")
        if words is not None:
            q["max_words"] = int(words) if words.strip().isdigit() else words
    elif name == "qti-match-interaction":
        sets = interaction.findall(_q("qti-simple-match-set"))
        if len(sets) != 2:
            raise _ItemError("error.assessments.qti_match_sets")
        left = _choices(sets[0], "qti-simple-associable-choice")
        right = _choices(sets[1], "qti-simple-associable-choice")
        pairs: dict[str, str] = {}
        for pair in correct or positive:
            parts = pair.split()
            if len(parts) != 2 or parts[0] in pairs:
                raise _ItemError("error.assessments.qti_pairs_invalid")
            pairs[parts[0]] = parts[1]
        q.update(kind="matching", left=left, right=right, key={"pairs": pairs})
    else:  # qti-order-interaction
        choices = _choices(interaction, "qti-simple-choice")
        if not correct:
            raise _ItemError("error.assessments.qti_correct_missing")
        q.update(kind="ordering", choices=choices, key={"order": correct})
    return q


def _choices(parent: ET.Element, tag: str) -> list[dict[str, str]]:
    return [
        {"id": choice.get("identifier") or "", "text": _text(choice)}
        for choice in parent.findall(_q(tag))
    ]


def _decimal(text: str | None) -> Decimal | None:
    if text is None or len(text) > 100:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _key_decimal(text: str) -> str:
    """A correct value as a key writes it: a plain decimal with a dot (else left as read)."""
    if quiz.KEY_DECIMAL.fullmatch(text):
        return text
    value = _decimal(text)
    if value is None or abs(value.adjusted()) > 20:
        return text  # validate_question reports it
    return format(value, "f")


def _points(root: ET.Element) -> Any:
    value: Decimal | None = None
    for outcome in root.findall(_q("qti-outcome-declaration")):
        if outcome.get("identifier") == "MAXSCORE":
            default = outcome.find(f"{_q('qti-default-value')}/{_q('qti-value')}")
            if default is not None:
                value = _decimal(default.text)
                break
        if outcome.get("identifier") == "SCORE" and outcome.get("normal-maximum") is not None:
            value = _decimal(outcome.get("normal-maximum"))
    if value is None:
        return 1
    if value != value.to_integral_value():
        raise _ItemError("error.assessments.qti_points_invalid")
    return int(value) if abs(value) < 10**6 else -1


def _tolerance(processing: ET.Element | None) -> str | None:
    if processing is None:
        return None
    for equal in processing.iter(_q("qti-equal")):
        mode = equal.get("tolerance-mode", "exact")
        if mode == "exact":
            return None
        values = (equal.get("tolerance") or "").split()
        if mode != "absolute" or not values or len(set(values)) != 1:
            raise _ItemError("error.assessments.qti_tolerance_unsupported")
        return _key_decimal(values[0])
    return None


# ---------------------------------------------------------------- writing


def export_package(questions: Sequence[dict[str, Any]]) -> bytes:
    """A QTI 3.0 content package of valid questions, one item file each, in bank order.

    The archive is the same bytes for the same questions (fixed dates, sorted nothing:
    the order is the bank's), so an export can be compared or cached.
    """
    for q in questions:
        quiz.require_valid(q)
    buffer = io.BytesIO()
    names = [f"items/{i + 1:04d}-{q['id']}.xml" for i, q in enumerate(questions)]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, MANIFEST, _manifest(questions, names))
        for q, name in zip(questions, names, strict=True):
            _write(archive, name, _item(q))
    return buffer.getvalue()


def export_item(q: dict[str, Any]) -> bytes:
    """One question as a `qti-assessment-item` document."""
    quiz.require_valid(q)
    return _serialise(_item(q))


def _write(archive: zipfile.ZipFile, name: str, element: ET.Element) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, _serialise(element))


def _serialise(element: ET.Element) -> bytes:
    # Elements are built with plain names under a root carrying `xmlns`: ElementTree then
    # writes the QTI (or manifest) namespace as the default one, with no prefixes and no
    # change to the module's global prefix registry.
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _manifest(questions: Sequence[dict[str, Any]], names: Sequence[str]) -> ET.Element:
    manifest = ET.Element("manifest", {"xmlns": CP_NS, "identifier": "MANIFEST-microcred"})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "QTI Package"
    ET.SubElement(metadata, "schemaversion").text = "3.0.0"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for i, (q, name) in enumerate(zip(questions, names, strict=True)):
        resource = ET.SubElement(
            resources,
            "resource",
            {"identifier": f"R{i + 1:04d}-{q['id']}", "type": ITEM_RESOURCE, "href": name},
        )
        ET.SubElement(resource, "file", {"href": name})
    return manifest


def _el(parent: ET.Element, name: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.SubElement(parent, name, attrs or {})


def _lines_into(parent: ET.Element, text: str) -> None:
    """A text as paragraphs, one per line."""
    for line in text.split("\n"):
        _el(parent, "p").text = line


def _inline_into(element: ET.Element, text: str) -> None:
    """A short text, its lines kept apart by line breaks."""
    first, *rest = text.split("\n")
    element.text = first
    for line in rest:
        _el(element, "br").tail = line


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def _item(q: dict[str, Any]) -> ET.Element:
    kind: str = q["kind"]
    key: dict[str, Any] = q["key"]
    points: int = q["points"]
    title = q["prompt"].split("\n", 1)[0][:100]
    item = ET.Element(
        "qti-assessment-item",
        {
            "xmlns": NS,
            "identifier": q["id"],
            "title": title,
            "adaptive": "false",
            "time-dependent": "false",
        },
    )
    cardinality, base_type = {
        "single": ("single", "identifier"),
        "truefalse": ("single", "identifier"),
        "multiple": ("multiple", "identifier"),
        "numeric": ("single", "float"),
        "text": ("single", "string"),
        "essay": ("single", "string"),
        "matching": ("multiple", "directedPair"),
        "ordering": ("ordered", "identifier"),
    }[kind]
    declaration = _el(
        item,
        "qti-response-declaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "base-type": base_type},
    )
    values: list[str] = []
    mapping: list[tuple[str, Decimal]] = []
    default = Decimal(0)
    template: str | None = "match_correct"
    if kind == "single":
        values = [key["correct"]]
    elif kind == "truefalse":
        values = ["true" if key["correct"] else "false"]
    elif kind == "multiple":
        values = list(key["correct"])
        if key.get("partial"):
            share = Decimal(points) / len(values)
            mapping = [(v, share) for v in values]
            default = -share
            template = "map_response"
    elif kind == "numeric":
        values = [key["value"]]
        if "tolerance" in key:
            template = None
    elif kind == "text":
        values = [key["accepted"][0]]
        mapping = [(a, Decimal(points)) for a in key["accepted"]]
        template = "map_response"
    elif kind == "matching":
        values = [f"{left} {right}" for left, right in key["pairs"].items()]
        share = Decimal(points) / len(values)
        mapping = [(v, share) for v in values]
        template = "map_response"
    elif kind == "ordering":
        values = list(key["order"])
    else:  # essay: marked by a person
        template = None
    if values:
        correct = _el(declaration, "qti-correct-response")
        for value in values:
            _el(correct, "qti-value").text = value
    if mapping:
        attrs = {
            "lower-bound": "0",
            "upper-bound": str(points),
            "default-value": _fmt(default),
        }
        table = _el(declaration, "qti-mapping", attrs)
        for map_key, mapped in mapping:
            entry = {"map-key": map_key, "mapped-value": _fmt(mapped)}
            if kind == "text":
                entry["case-sensitive"] = "false"
            _el(table, "qti-map-entry", entry)
    score = _el(
        item,
        "qti-outcome-declaration",
        {
            "identifier": "SCORE",
            "cardinality": "single",
            "base-type": "float",
            "normal-maximum": str(points),
        },
    )
    _el(_el(score, "qti-default-value"), "qti-value").text = "0"
    maximum = _el(
        item,
        "qti-outcome-declaration",
        {"identifier": "MAXSCORE", "cardinality": "single", "base-type": "float"},
    )
    _el(_el(maximum, "qti-default-value"), "qti-value").text = str(points)

    body = _el(item, "qti-item-body")
    if kind == "text" or kind == "numeric":
        _lines_into(body, q["prompt"])
        holder = _el(body, "div")
        _el(
            holder,
            "qti-text-entry-interaction",
            {"response-identifier": "RESPONSE", "expected-length": "20"},
        )
    else:
        name = {
            "single": "qti-choice-interaction",
            "truefalse": "qti-choice-interaction",
            "multiple": "qti-choice-interaction",
            "essay": "qti-extended-text-interaction",
            "matching": "qti-match-interaction",
            "ordering": "qti-order-interaction",
        }[kind]
        attrs = {"response-identifier": "RESPONSE"}
        if kind != "essay":
            attrs["shuffle"] = "true"
        if name == "qti-choice-interaction":
            attrs["max-choices"] = "0" if kind == "multiple" else "1"
        if kind == "matching":
            attrs["max-associations"] = str(len(q["left"]))
        if kind == "essay":
            attrs["expected-lines"] = "10"
            if "max_words" in q:
                attrs["data-max-words"] = str(q["max_words"])
        interaction = _el(body, name, attrs)
        _lines_into(_el(interaction, "qti-prompt"), q["prompt"])
        if kind == "truefalse":
            choices: Iterable[dict[str, str]] = [
                {"id": "true", "text": "True"},
                {"id": "false", "text": "False"},
            ]
        else:
            choices = q.get("choices", [])
        for choice in choices:
            element = _el(interaction, "qti-simple-choice", {"identifier": choice["id"]})
            _inline_into(element, choice["text"])
        if kind == "matching":
            for side, match_max in (("left", "1"), ("right", str(len(q["left"])))):
                group = _el(interaction, "qti-simple-match-set")
                for choice in q[side]:
                    element = _el(
                        group,
                        "qti-simple-associable-choice",
                        {"identifier": choice["id"], "match-max": match_max},
                    )
                    _inline_into(element, choice["text"])

    if template is not None:
        _el(item, "qti-response-processing", {"template": f"{TEMPLATES}{template}.xml"})
    elif kind == "numeric":
        _numeric_processing(item, key["tolerance"], points)
    return item


def _numeric_processing(item: ET.Element, tolerance: str, points: int) -> None:
    """Full points within an absolute tolerance, written out (no template does this)."""
    processing = _el(item, "qti-response-processing")
    condition = _el(processing, "qti-response-condition")
    when = _el(condition, "qti-response-if")
    equal = _el(
        when,
        "qti-equal",
        {"tolerance-mode": "absolute", "tolerance": f"{tolerance} {tolerance}"},
    )
    _el(equal, "qti-variable", {"identifier": "RESPONSE"})
    _el(equal, "qti-correct", {"identifier": "RESPONSE"})
    right = _el(when, "qti-set-outcome-value", {"identifier": "SCORE"})
    _el(right, "qti-base-value", {"base-type": "float"}).text = str(points)
    otherwise = _el(condition, "qti-response-else")
    wrong = _el(otherwise, "qti-set-outcome-value", {"identifier": "SCORE"})
    _el(wrong, "qti-base-value", {"base-type": "float"}).text = "0"


def refusal(report: ImportReport) -> InvalidInput:
    """The report as one error to show: every bad item and why, in the reader's language."""
    bad = {p.item_ident for p in report.problems}
    return InvalidInput(
        "error.assessments.qti_import_refused",
        n=len(bad),
        problems=Phrases(
            Phrase(
                "error.assessments.qti_item_problem",
                {"item": p.item_ident, "problem": Phrase(p.key, p.params)},
            )
            for p in report.problems
        ),
    )
