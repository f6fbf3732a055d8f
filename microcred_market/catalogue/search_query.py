"""Turning untrusted query parameters into a valid catalogue query.

Everything a learner can put in the URL passes through `parse_query`. It never raises:
a value it cannot use is dropped and reported as a notice, so a mistyped or stale link
still shows a sensible page and says what was ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from microcred_market.catalogue import vocab
from microcred_market.platform.i18n import t
from microcred_market.platform.text import tokens

MAX_QUERY_CHARS = 200
MAX_TOKENS = 12
MAX_PER_PAGE = 50
DEFAULT_PER_PAGE = 12
MAX_PAGE = 10_000

SORTS = ("relevance", "price_asc", "price_desc", "start", "ects_asc", "ects_desc", "title")


@dataclass(frozen=True)
class Notice:
    code: str
    value: str = ""

    def text(self, lang: str = "en") -> str:
        return t(f"error.catalogue.search_{self.code}", lang, value=self.value[:80])


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    universities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    eqf_levels: tuple[int, ...] = ()
    ects_min: Decimal | None = None
    ects_max: Decimal | None = None
    price_min: int | None = None  # minor units
    price_max: int | None = None
    currency: str | None = None
    languages: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    assessments: tuple[str, ...] = ()
    start_from: date | None = None
    start_to: date | None = None
    self_paced: bool | None = None
    qualifications: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    @property
    def words(self) -> list[str]:
        return tokens(self.text)[:MAX_TOKENS]

    def with_page(self, page: int) -> SearchQuery:
        return replace(self, page=page)

    def to_params(self) -> dict[str, str]:
        """Canonical URL parameters: the same query always gives the same link."""
        params: dict[str, str] = {}
        if self.text:
            params["q"] = self.text
        for key, values in (
            ("university", self.universities),
            ("country", self.countries),
            ("eqf", tuple(str(v) for v in self.eqf_levels)),
            ("language", self.languages),
            ("form", self.forms),
            ("assessment", self.assessments),
            ("qualification", self.qualifications),
        ):
            if values:
                params[key] = ",".join(sorted(values))
        if self.ects_min is not None:
            params["ects_min"] = _decimal_str(self.ects_min)
        if self.ects_max is not None:
            params["ects_max"] = _decimal_str(self.ects_max)
        if self.price_min is not None:
            params["price_min"] = _decimal_str(Decimal(self.price_min) / 100)
        if self.price_max is not None:
            params["price_max"] = _decimal_str(Decimal(self.price_max) / 100)
        if self.currency:
            params["currency"] = self.currency
        if self.start_from:
            params["start_from"] = self.start_from.isoformat()
        if self.start_to:
            params["start_to"] = self.start_to.isoformat()
        if self.self_paced is not None:
            params["self_paced"] = "1" if self.self_paced else "0"
        if self.sort != "relevance":
            params["sort"] = self.sort
        if self.page != 1:
            params["page"] = str(self.page)
        if self.per_page != DEFAULT_PER_PAGE:
            params["per_page"] = str(self.per_page)
        return params


def _decimal_str(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out[:50]


def _first(params: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    values = _values(params, key)
    return values[0] if values else None


def _single(params: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    """A one-value parameter, where a comma may be a decimal separator (2,5 ECTS)."""
    raw = params.get(key)
    if raw is None:
        return None
    value = raw if isinstance(raw, str) else (list(raw)[:1] or [""])[0]
    value = str(value).strip()
    return value or None


def _whole(value: str, most: int) -> int | None:
    """ASCII digits up to `most` as a number, else None (checked before `int`, which refuses
    strings of 4,301 digits or more with an error of its own)."""
    if not value.isascii() or not value.isdigit() or len(value) > len(str(most)):
        return None
    number = int(value)
    return number if number <= most else None


def _slug_like(value: str) -> bool:
    return 0 < len(value) <= 120 and all(ch.isalnum() or ch in "-_" for ch in value)


def parse_query(params: Mapping[str, str | Sequence[str]]) -> SearchQuery:
    notices: list[Notice] = []

    raw_q = params.get("q") or ""
    text = raw_q if isinstance(raw_q, str) else " ".join(raw_q)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS or len(tokens(text)) > MAX_TOKENS:
        text = " ".join(text[: MAX_QUERY_CHARS * 2].split()[:MAX_TOKENS])[:MAX_QUERY_CHARS]
        notices.append(Notice("query_shortened"))

    def choose(key: str, allowed: Sequence[str], upper: bool = False) -> tuple[str, ...]:
        chosen: list[str] = []
        for value in _values(params, key):
            norm = value.upper() if upper else value.lower()
            if norm in allowed:
                chosen.append(norm)
            else:
                notices.append(Notice("unknown_value", value))
        return tuple(chosen)

    def slugs(key: str) -> tuple[str, ...]:
        chosen: list[str] = []
        for value in _values(params, key):
            if _slug_like(value):
                chosen.append(value.lower())
            else:
                notices.append(Notice("unknown_value", value))
        return tuple(chosen)

    eqf: list[int] = []
    for value in _values(params, "eqf"):
        level = _whole(value, 8)
        if level is not None and level >= 1:
            eqf.append(level)
        else:
            notices.append(Notice("unknown_value", value))

    def number(key: str) -> Decimal | None:
        value = _single(params, key)
        if value is None:
            return None
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            notices.append(Notice("bad_number", value))
            return None
        if not number.is_finite() or number < 0 or number > Decimal(10_000_000):
            notices.append(Notice("bad_number", value))
            return None
        return number

    ects_min, ects_max = number("ects_min"), number("ects_max")
    if ects_min is not None and ects_max is not None and ects_min > ects_max:
        notices.append(Notice("bad_range", f"ECTS {ects_min}-{ects_max}"))
        ects_min = ects_max = None
    price_min_major, price_max_major = number("price_min"), number("price_max")
    if (
        price_min_major is not None
        and price_max_major is not None
        and price_min_major > price_max_major
    ):
        notices.append(Notice("bad_range", f"{price_min_major}-{price_max_major}"))
        price_min_major = price_max_major = None
    price_min = int(price_min_major * 100) if price_min_major is not None else None
    price_max = int(price_max_major * 100) if price_max_major is not None else None

    currency = None
    raw_currency = _first(params, "currency")
    if raw_currency:
        if raw_currency.upper() in vocab.CURRENCIES:
            currency = raw_currency.upper()
        else:
            notices.append(Notice("unknown_value", raw_currency))

    def day(key: str) -> date | None:
        value = _first(params, key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            notices.append(Notice("bad_date", value))
            return None

    start_from, start_to = day("start_from"), day("start_to")
    if start_from and start_to and start_from > start_to:
        notices.append(Notice("bad_range", f"{start_from}-{start_to}"))
        start_from = start_to = None

    self_paced = None
    raw_sp = _first(params, "self_paced")
    if raw_sp is not None:
        if raw_sp.lower() in ("1", "true", "yes", "on"):
            self_paced = True
        elif raw_sp.lower() in ("0", "false", "no", "off"):
            self_paced = False
        else:
            notices.append(Notice("unknown_value", raw_sp))

    sort = (_first(params, "sort") or "relevance").lower()
    if sort not in SORTS:
        notices.append(Notice("unknown_sort", sort))
        sort = "relevance"

    page = 1
    raw_page = _first(params, "page")
    if raw_page is not None:
        whole = _whole(raw_page, MAX_PAGE)
        if whole is not None and whole >= 1:
            page = whole
        else:
            notices.append(Notice("bad_page", raw_page))
    per_page = DEFAULT_PER_PAGE
    raw_pp = _first(params, "per_page")
    if raw_pp is not None:
        # Any large per_page means "as many as a page holds", however many digits it has.
        digits = raw_pp.lstrip("0")
        if raw_pp.isascii() and raw_pp.isdigit() and digits:
            whole = _whole(digits, MAX_PER_PAGE)
            per_page = MAX_PER_PAGE if whole is None else whole
        else:
            notices.append(Notice("bad_page", raw_pp))

    return SearchQuery(
        text=text,
        universities=slugs("university"),
        countries=choose("country", tuple(vocab.COUNTRIES), upper=True),
        eqf_levels=tuple(sorted(set(eqf))),
        ects_min=ects_min,
        ects_max=ects_max,
        price_min=price_min,
        price_max=price_max,
        currency=currency,
        languages=choose("language", tuple(vocab.LANGUAGES)),
        forms=choose("form", tuple(vocab.PARTICIPATION_FORMS)),
        assessments=choose("assessment", tuple(vocab.ASSESSMENT_TYPES)),
        start_from=start_from,
        start_to=start_to,
        self_paced=self_paced,
        qualifications=slugs("qualification"),
        sort=sort,
        page=page,
        per_page=per_page,
        notices=tuple(notices),
    )
