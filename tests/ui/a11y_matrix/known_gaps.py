"""What the matrix finds and this change could not fix, each marked xfail(strict) in its cases so the
mark must go the day the gap closes. Remove an entry once its cause is fixed."""

from __future__ import annotations

import pytest

ANY = "*"

# (check, language or ANY, text size or 0 for both, subject) → why it fails and whose it is to fix.
KNOWN_GAPS: dict[tuple[str, str, int, str], str] = {
    ("cut", "so", 200, "main/caseload"):
        "caseload_filters.py shrinks its combo boxes to 8 characters by design; in Somali at 200 % the "
        "choices are cut, and at full width the 2×2 filter grid needs 1752 px: needs a one-column layout",
    ("cut", "so", 100, "dialog/assessment"):
        "one rating combo box 1 px narrower than its least width in QFormLayout's wrapped rows",
}


def mark_known(request: pytest.FixtureRequest, check: str, language: str, text_size: int,
               subject: str) -> None:
    """Mark the running test xfail(strict) when its case is a known gap."""
    for (known_check, known_language, known_size, known_subject), reason in KNOWN_GAPS.items():
        if (known_check == check and known_subject == subject and known_language in (ANY, language)
                and known_size in (0, text_size)):
            request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
