"""The ESCO skill list speaks both languages of the market: a Polish author finds a skill
by its Polish name and a Polish reader sees it in Polish, while credentials keep ESCO's
English preferred label (what a verifier anywhere expects in `targetName`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from microcred_market.catalogue import esco
from microcred_market.platform.text import fold

# Names that are the same in both languages (products, a programming language).
SAME_IN_BOTH = {"DevOps", "Kubernetes", "SQL"}


def test_every_shipped_skill_has_a_polish_label_of_its_own() -> None:
    skills = esco.skills()
    assert len(skills) >= 100
    for skill in skills:
        polish = skill.label_in("pl")
        assert polish.strip(), skill.uri
        if skill.label not in SAME_IN_BOTH:
            assert fold(polish) != fold(skill.label), skill.label
    # No two skills share a Polish label: the picker would show two identical lines.
    assert len({fold(s.label_in("pl")) for s in skills}) == len(skills)


def test_a_polish_query_finds_the_skill_and_shows_its_polish_label() -> None:
    found = esco.search("energia słoneczna", lang="pl")
    assert [s.label for s in found] == ["solar energy"]
    assert found[0].label_in("pl") == "energia słoneczna"
    # Diacritics and case do not matter, as in the catalogue's search.
    assert esco.search("ENERGIA SLONECZNA", lang="pl") == found
    # English still works for the same reader.
    assert esco.search("solar energy", lang="pl") == found


def test_labels_follow_the_reader_and_unknown_skills_keep_their_own() -> None:
    solar = esco.search("solar energy")[0]
    assert esco.label(solar.uri, "pl") == "energia słoneczna"
    assert esco.label(solar.uri, "en") == "solar energy"
    assert esco.label("http://example.org/not-in-the-list", "pl", "own words") == "own words"


def test_results_are_sorted_by_the_label_the_reader_sees() -> None:
    # "zarządzanie ..." skills: in Polish they sort by their Polish label.
    polish = esco.search("zarządza", lang="pl")
    assert len(polish) >= 5
    shown = [fold(s.label_in("pl")) for s in polish]
    assert shown == sorted(shown)


@given(st.sampled_from(esco.skills()), st.sampled_from(["en", "pl"]))
def test_any_skill_is_found_by_its_label_in_either_language(skill: esco.Skill, lang: str) -> None:
    found = esco.search(skill.label_in(lang), lang=lang, limit=len(esco.skills()))
    assert skill in found
