"""Say something to screen-reader users that they would otherwise have to go and look for.

A save's "Saved.", an error shown beside a field and a change of sync status appear on screen where the
keyboard focus is not; ``announce`` has the screen reader read them out (``QAccessibleAnnouncementEvent``,
Qt 6.8+). Polite waits for the reader to finish what it is saying; assertive interrupts it (errors only).
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Announce ``text`` on behalf of ``widget`` (whose window the reader attributes it to).

    Nothing is said for empty text or a widget that is not shown (a window being built or locked away).
    """
    if not text or not widget.isVisible():
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
