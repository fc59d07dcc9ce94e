"""The wizard's answers as the participant service takes them; no widgets here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from coachdesk.ui.intake_wizard.question import CONSENT
from coachdesk.ui.record.intake_fields import Raw


def changed_fields(values: Mapping[str, Raw], baseline: Mapping[str, Raw], *, language: str,
                   today: dt.date) -> dict[str, object]:
    """The fields edited since loading; an empty answer clears. Consent given now is dated today in the
    language it was read in; consent withdrawn clears both."""
    fields: dict[str, object] = {name: (None if value == "" else value) for name, value in values.items()
                                 if value != baseline.get(name) and name != CONSENT.name}
    consent = bool(values.get(CONSENT.name))
    if consent != bool(baseline.get(CONSENT.name)):
        fields["consent_given_on"] = today.isoformat() if consent else None
        fields["consent_language"] = language if consent else None
    return fields
