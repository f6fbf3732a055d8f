"""Only the assessment engine passes anyone: nothing in the app calls the issuing step.

Staff "pass", the results file and the command line record an assessor's decision
(`assessments.decisions`); `credentials.issuing.record_pass` is called from
`assessments.results.release_results` alone, once released results meet the overall rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.assessments
PACKAGE = Path(__file__).resolve().parents[3] / "microcred_market"
ALLOWED = {
    PACKAGE / "assessments" / "results.py",  # the one caller
    PACKAGE / "credentials" / "issuing.py",  # where it is defined
}


def test_record_pass_is_called_only_by_the_results_core() -> None:
    callers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\brecord_pass\b", path.read_text()) and path not in ALLOWED
    )
    assert callers == []


def test_no_pass_is_written_outside_the_issuing_step() -> None:
    """`passed_at` is set in one place; everything else only reads it."""
    writers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\.passed_at\s*=[^=]", path.read_text())
    )
    assert writers == ["credentials/issuing.py"]
