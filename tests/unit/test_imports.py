"""Every module imports first, on its own: no import cycle hides behind the order the app happens to use.

(An employer form once imported the record package mid-way through its own import; the app started, but
``import coachdesk.ui.employers`` alone failed.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import coachdesk

_SCRIPT = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "coachdesk" or m.startswith("coachdesk.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:  # report every module, not only the first
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def _modules() -> list[str]:
    root = Path(coachdesk.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path.name == "__main__.py":
            continue  # Alembic loads migrations by file; a __main__ runs the program
        parts = path.relative_to(root.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_first_on_its_own() -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPT, *_modules()], capture_output=True, text=True,
                            timeout=300, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
