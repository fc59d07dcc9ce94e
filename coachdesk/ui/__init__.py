"""The desktop UI (PySide6). The only package, with ``coachdesk.app``, that may import Qt widgets."""
