"""Whether this computer is online, from the platform (``QNetworkInformation``), as one signal.

Without a backend (none installed, or one that cannot tell) the computer counts as online and failed syncs
decide: the controller's back-off covers a network that is really down.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QNetworkInformation

logger = logging.getLogger(__name__)

_OFFLINE = (QNetworkInformation.Reachability.Disconnected,)


class NetworkMonitor(QObject):
    """Signals:
        online_changed(bool): the platform says the computer went online (True) or offline (False).
    """

    online_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._info: QNetworkInformation | None = None
        if QNetworkInformation.loadDefaultBackend() or QNetworkInformation.loadBackendByFeatures(
                QNetworkInformation.Feature.Reachability):
            self._info = QNetworkInformation.instance()
        if self._info is None:
            logger.info("no network information backend: assuming online")
            return
        logger.info("network information from the %s backend", self._info.backendName())
        self._info.reachabilityChanged.connect(self._on_reachability)

    @property
    def online(self) -> bool:
        return self._info is None or self._info.reachability() not in _OFFLINE

    def _on_reachability(self, _reachability: QNetworkInformation.Reachability) -> None:
        self.online_changed.emit(self.online)
