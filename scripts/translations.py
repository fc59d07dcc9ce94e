"""Extract every marked string into translations/coachdesk.pot and merge it into each language's .po.

Run by ``make translations``. Our catalogs are compiled in memory when the app loads them, so there is no
compiled file to go stale; Qt's own strings for Somali and Tigrinya are compiled here with lrelease.
New languages: ``pybabel init -D coachdesk -i translations/coachdesk.pot -d translations -l LANG`` (Plural-Forms come from Babel; never edit them by hand).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2"]


def main() -> int:
    pot = ROOT / "translations" / "coachdesk.pot"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run([*pybabel, "extract", "-F", str(ROOT / "babel.cfg"), "--no-default-keywords",
                    *KEYWORDS, "--add-comments=Translators:", "--sort-by-file",
                    "--project=CoachDesk", "--copyright-holder=CoachDesk", "--omit-header",
                    "-o", str(pot), "coachdesk"], check=True, cwd=ROOT)  # relative: no machine paths in the catalogs
    if any((ROOT / "translations").glob("*/LC_MESSAGES/coachdesk.po")):
        subprocess.run([*pybabel, "update", "-D", "coachdesk", "-i", str(pot),
                        "-d", str(ROOT / "translations"), "--ignore-obsolete", "--no-fuzzy-matching"],
                       check=True, cwd=ROOT)
    # Qt's own strings for the languages Qt ships no catalog for: .ts sources, .qm compiled beside them
    # (tests/unit/test_translations.py recompiles and compares, so a committed .qm is never stale).
    for ts in sorted((ROOT / "translations" / "qt").glob("*.ts")):
        subprocess.run([str(Path(sys.executable).with_name("pyside6-lrelease")), "-silent", str(ts),
                        "-qm", str(ts.with_suffix(".qm"))], check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
