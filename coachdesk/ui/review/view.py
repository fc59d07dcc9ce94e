"""Review (granskning), for supervisors: action plans waiting for approval — approve, or return with a
comment the coach sees after syncing — and the office's records with gaps. Each row opens the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.i18n import _, ngettext
from coachdesk.services.review import ReviewQueue, ReviewRow, ReviewService
from coachdesk.ui import dialogs
from coachdesk.ui.announce import announce
from coachdesk.ui.review.queue_models import ID_ROLE, REVIEW_ROLE, fill_gaps, fill_pending
from coachdesk.ui.tasks import TaskRunner


def _table(model: QStandardItemModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ReviewView(QWidget):
    """Signals:
        participant_activated(str): open this participant's record.
        loaded(): the queue was (re)read and shown.
        decided(): a decision was saved (it syncs with the next round).
    """

    participant_activated = Signal(str)
    loaded = Signal()
    decided = Signal()

    def __init__(self, *, reviews: ReviewService, runner: TaskRunner,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reviews, self._runner, self._today = reviews, runner, today
        self._queue = ReviewQueue([], [])
        self._busy = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._pending_model, self._gaps_model = QStandardItemModel(self), QStandardItemModel(self)
        self.pending, self.gaps = _table(self._pending_model), _table(self._gaps_model)
        self._pending_label, self._gaps_label = QLabel(), QLabel()
        self._pending_label.setBuddy(self.pending)
        self._gaps_label.setBuddy(self.gaps)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self._comment_label = QLabel()
        self._comment_label.setBuddy(self.comment)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.approve_button, self.return_button, self.open_button, self.reload_button = (
            QPushButton() for _button in range(4))

        decide = QHBoxLayout()
        for button in (self.approve_button, self.return_button, self.open_button):
            decide.addWidget(button)
        decide.addStretch(1)
        decide.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self._pending_label)
        layout.addWidget(self.pending, 2)
        layout.addWidget(self._comment_label)
        layout.addWidget(self.comment, 1)
        layout.addWidget(self.error)
        layout.addLayout(decide)
        layout.addWidget(self._gaps_label)
        layout.addWidget(self.gaps, 3)

        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_plan)
        self.open_button.clicked.connect(self.open_current)
        self.reload_button.clicked.connect(self.refresh)
        for table in (self.pending, self.gaps):
            table.activated.connect(self._on_activated)
        self._last = self.pending  # the table whose row "Open record" opens
        for table in (self.pending, self.gaps):
            table.selectionModel().currentRowChanged.connect(
                lambda *_args, t=table: self._on_row_changed(t))
        self.retranslate()
        self._update_buttons()

    @property
    def queue(self) -> ReviewQueue:
        return self._queue

    def refresh(self) -> None:
        reviews, today = self._reviews, self._today()
        self._runner.run_db(lambda: reviews.queue(today), on_done=self._on_loaded,
                            on_error=self._on_load_error, context=self)

    def dispose(self) -> None:
        """Forget every row: the app is locking."""
        self._queue = ReviewQueue([], [])
        self._pending_model.clear()
        self._gaps_model.clear()
        self.comment.clear()

    def selected_review(self) -> str | None:
        index = self.pending.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(REVIEW_ROLE)
        return str(value) if value else None

    def approve(self) -> None:
        review_id = self.selected_review()
        if review_id is None or self._busy:
            return
        reviews = self._reviews
        self._run(lambda: reviews.approve(review_id))

    def return_plan(self) -> None:
        review_id = self.selected_review()
        if review_id is None or self._busy:
            return
        reviews, comment = self._reviews, self.comment.toPlainText()
        self._run(lambda: reviews.return_plan(review_id, comment))

    def open_current(self) -> None:
        self._on_activated(self._last.currentIndex())

    def _on_row_changed(self, table: QTableView) -> None:
        self._last = table
        self._update_buttons()

    def _run(self, decide: Callable[[], ReviewRow]) -> None:
        self._busy = True
        self._update_buttons()
        self._runner.run_db(decide, on_done=self._on_decided, on_error=self._on_decide_error, context=self)

    def _on_decided(self, _row: ReviewRow) -> None:
        self._busy = False
        self.comment.clear()
        self._show_error("")
        self.decided.emit()
        self.refresh()

    def _on_decide_error(self, exc: Exception) -> None:
        self._busy = False
        if isinstance(exc, ValidationError) and exc.errors:
            self._show_error(next(iter(exc.errors.values())))
            if "comment" in exc.errors:
                self.comment.setFocus()
        else:
            self._show_error(dialogs.error_text(exc))
        self._update_buttons()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        announce(self.error, text, assertive=True)

    def _on_loaded(self, queue: ReviewQueue) -> None:
        self._queue = queue
        self._render()
        self.loaded.emit()

    def _on_load_error(self, exc: Exception) -> None:
        self.summary.setText(dialogs.error_text(exc))

    def _render(self) -> None:
        pending = self.selected_review()
        fill_pending(self._pending_model, self._queue.pending)
        fill_gaps(self._gaps_model, self._queue.gaps)
        waiting, gaps = len(self._queue.pending), len({g.participant_id for g in self._queue.gaps})
        self.summary.setText(" ".join([
            ngettext("{n} plan waits for your decision.", "{n} plans wait for your decision.",
                     waiting).format(n=waiting),
            ngettext("{n} record has gaps.", "{n} records have gaps.", gaps).format(n=gaps)]))
        for row in range(self._pending_model.rowCount()):
            if self._pending_model.index(row, 0).data(REVIEW_ROLE) == pending:
                self.pending.setCurrentIndex(self._pending_model.index(row, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_review() is not None and not self._busy
        self.approve_button.setEnabled(chosen)
        self.return_button.setEnabled(chosen)
        self.open_button.setEnabled(self._last.currentIndex().isValid())

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            participant_id = index.siblingAtColumn(0).data(ID_ROLE)
            if participant_id:
                self.participant_activated.emit(str(participant_id))

    def retranslate(self) -> None:
        self._pending_label.setText(_("Plans &waiting for approval"))
        self._gaps_label.setText(_("Records with &gaps"))
        self._comment_label.setText(_("Co&mment for the coach (required to return a plan)"))
        self.pending.setAccessibleName(_("Plans waiting for approval"))
        self.gaps.setAccessibleName(_("Records with gaps"))
        self.comment.setAccessibleName(_("Comment for the coach"))
        self.summary.setAccessibleName(_("Review summary"))
        self.error.setAccessibleName(_("Problem"))
        self.approve_button.setText(_("&Approve plan"))
        self.return_button.setText(_("&Return plan to the coach"))
        self.open_button.setText(_("&Open record"))
        self.reload_button.setText(_("Re&load"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
