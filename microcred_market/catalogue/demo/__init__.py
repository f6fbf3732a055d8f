"""The demonstration catalogue, read from the JSON files beside this module.

The content lives in data files so that people who write course texts can change them
without touching code, and so that a broken entry is reported by file and entry rather than
surfacing as a KeyError in the seed. Offerings follow the EU micro-credential standard
elements (ECTS, EQF/NQF level, ISCED-F field, assessment, supervision and identity check,
participation form, quality assurance). Polish universities price in PLN and state the Polish
Qualifications Framework (PRK) level; others price in EUR.

File conventions: each file is a JSON array of objects; amounts are integers in minor units
(grosze / cents); ECTS are decimal strings ("2.5"), dates ISO strings ("2027-02-01") or null;
universities and qualifications are referred to by slug. ESCO skill URIs are illustrative.
A field without a default below is required; an unknown field is an error too, since it is
almost always a misspelt one.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class DemoDataError(ValueError):
    """A demo data file that cannot be loaded; the message names the file and the entry."""


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label: str


@dataclass(frozen=True)
class DemoUniversity:
    slug: str
    name: str
    country_code: str
    city: str
    website: str
    quality_assurance: str = ""
    description: str = ""
    approved: bool = True


@dataclass(frozen=True)
class DemoQualification:
    slug: str
    title: str
    eqf_level: int
    ects_required: Decimal
    description: str = ""
    language: str = "en"
    universities: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoOffering:
    slug: str
    university: str
    title: str
    ects: Decimal
    eqf_level: int
    language: str
    participation_form: str
    assessment_type: str
    supervision: str
    price_minor: int
    currency: str
    status: str
    summary: str = ""
    description: str = ""
    learning_outcomes: tuple[str, ...] = ()
    esco_skills: tuple[EscoSkill, ...] = ()
    nqf_level: int | None = None
    nqf_framework: str | None = None
    isced_f_code: str = ""
    prerequisites: str = ""
    quality_assurance: str = ""
    start_date: date | None = None
    end_date: date | None = None
    self_paced: bool = False
    seat_capacity: int | None = None
    featured: bool = False
    qualifications: tuple[str, ...] = ()
    # Recognition of prior learning: the assessment without the course.
    assessment_only: bool = False


@dataclass(frozen=True)
class DemoCatalogue:
    universities: tuple[DemoUniversity, ...]
    qualifications: tuple[DemoQualification, ...]
    offerings: tuple[DemoOffering, ...]


FILES: dict[str, type[DataclassInstance]] = {
    "universities.json": DemoUniversity,
    "qualifications.json": DemoQualification,
    "offerings.json": DemoOffering,
}

T = TypeVar("T", bound="DataclassInstance")


@cache
def load_demo() -> DemoCatalogue:
    """The packaged demo catalogue, checked entry by entry and across files."""
    folder = resources.files(__name__)
    loaded: dict[str, list[Any]] = {
        name: parse(name, folder.joinpath(name).read_text("utf-8"), kind)
        for name, kind in FILES.items()
    }
    catalogue = DemoCatalogue(
        universities=tuple(loaded["universities.json"]),
        qualifications=tuple(loaded["qualifications.json"]),
        offerings=tuple(loaded["offerings.json"]),
    )
    check_references(catalogue)
    return catalogue


def parse(file_name: str, text: str, kind: type[T]) -> list[T]:
    """Entries of one file as `kind`, or a DemoDataError naming the file and the entry."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise DemoDataError(f"{file_name}: not valid JSON ({error})") from error
    if not isinstance(raw, list):
        raise DemoDataError(f"{file_name}: expected a JSON array of entries")
    return [_entry(f"{file_name}: entry {i}", data, kind) for i, data in enumerate(raw, 1)]


def check_references(catalogue: DemoCatalogue) -> None:
    """Every slug an entry points to exists, so the seed never fails halfway through."""
    unis = {u.slug for u in catalogue.universities}
    quals = {q.slug for q in catalogue.qualifications}
    for i, qual in enumerate(catalogue.qualifications, 1):
        for slug in qual.universities:
            if slug not in unis:
                where = f"qualifications.json: entry {i} ({qual.slug})"
                raise DemoDataError(f"{where}: unknown university {slug!r}")
    for i, offering in enumerate(catalogue.offerings, 1):
        where = f"offerings.json: entry {i} ({offering.slug})"
        if offering.university not in unis:
            raise DemoDataError(f"{where}: unknown university {offering.university!r}")
        for slug in offering.qualifications:
            if slug not in quals:
                raise DemoDataError(f"{where}: unknown qualification {slug!r}")


def _entry(where: str, data: Any, kind: type[T]) -> T:
    if not isinstance(data, dict):
        raise DemoDataError(f"{where}: expected an object")
    if isinstance(data.get("slug"), str):
        where = f"{where} ({data['slug']})"
    fields = {f.name: f for f in dataclasses.fields(kind)}
    hints = typing.get_type_hints(kind)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise DemoDataError(f"{where}: unknown field {unknown[0]!r}")
    values: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in data:
            if field.default is dataclasses.MISSING:
                raise DemoDataError(f"{where}: missing field {name!r}")
            continue
        values[name] = _value(f"{where}: field {name!r}", data[name], hints[name])
    return kind(**values)


def _value(where: str, value: Any, hint: Any) -> Any:
    """`value` from JSON converted to `hint`, for the few types the demo files use."""
    if isinstance(hint, types.UnionType):
        if value is None and type(None) in hint.__args__:
            return None
        (hint,) = [arg for arg in hint.__args__ if arg is not type(None)]
    origin = typing.get_origin(hint)
    if origin is tuple:
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected a list")
        item = typing.get_args(hint)[0]
        return tuple(_value(f"{where} item {i}", v, item) for i, v in enumerate(value, 1))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _entry(where, value, hint)
    if hint is Decimal:
        if isinstance(value, str):
            try:
                return Decimal(value)
            except InvalidOperation:
                pass
        raise DemoDataError(f"{where}: expected a decimal number as a string, got {value!r}")
    if hint is date:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise DemoDataError(f"{where}: expected an ISO date (YYYY-MM-DD), got {value!r}")
    if hint is int and isinstance(value, bool):
        raise DemoDataError(f"{where}: expected a whole number, got {value!r}")
    if not isinstance(value, hint):
        raise DemoDataError(f"{where}: expected {hint.__name__}, got {value!r}")
    return value
