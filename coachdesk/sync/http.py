"""The HTTP calls of the sync client, and what each error answer means to it."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from coachdesk.i18n import _
from coachdesk.sync import errors
from coachdesk.sync.protocol import (
    LOGIN_PATH,
    LOGOUT_PATH,
    REFRESH_PATH,
    SYNC_PATH,
    LoginRequest,
    RefreshRequest,
    SyncRequest,
    SyncResponse,
    TokenResponse,
)
from coachdesk.sync.transport import DEFAULT_TIMEOUT_S, encode_json, make_client

Model = TypeVar("Model", bound=BaseModel)
EventHooks = Mapping[str, list[Callable[..., Any]]]
#: 401 codes after which the stored tokens are useless (``token_expired`` is refreshed instead).
DEAD_TOKEN = frozenset({"invalid_token", "device_revoked", "account_disabled", "not_authenticated"})


class ApiAnswer(Exception):
    """A non-2xx answer the caller decides about (``status``, ``code``, ``retry_after``)."""

    def __init__(self, status: int, code: str | None, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status, self.code, self.retry_after = status, code, retry_after


def client(server_url: str, *, ca_bundle: str | Path | None = None,
           transport: httpx.BaseTransport | None = None, event_hooks: EventHooks | None = None,
           timeout: float = DEFAULT_TIMEOUT_S) -> httpx.Client:
    try:
        made = make_client(server_url, ca_bundle=ca_bundle, transport=transport, timeout=timeout)
    except FileNotFoundError as exc:
        message = _("The certificate file {path} was not found.").format(path=ca_bundle)
        raise errors.SyncError(message) from exc
    if event_hooks:
        made.event_hooks = {name: list(hooks) for name, hooks in event_hooks.items()}
    return made


def _code(response: httpx.Response) -> str | None:
    try:
        body = json.loads(response.content)
        code = body["error"]["code"]
        return code if isinstance(code, str) else None
    except (ValueError, KeyError, TypeError):
        return None


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def post(http: httpx.Client, path: str, payload: BaseModel, answer: type[Model], *,
         token: str | None = None) -> Model:
    """POST ``payload``; the validated answer, or ``ApiAnswer`` for a 4xx, or a sync error."""
    body, headers = encode_json(payload)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        response = http.post(path, content=body, headers=headers)
        content = response.content  # reads (and un-gzips) the whole body: a damaged one fails here
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise errors.offline() from exc
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise errors.unavailable() from exc
    if response.status_code >= 500:
        raise errors.unavailable(_code(response))
    if response.status_code == 426:
        raise errors.upgrade_required()
    if response.status_code != 200:
        code = _code(response)
        if code is None:  # not our server's error shape (a proxy, a captive portal)
            raise errors.unavailable()
        raise ApiAnswer(response.status_code, code, _retry_after(response))
    try:
        return answer.model_validate_json(content)
    except ValidationError as exc:
        raise errors.unavailable() from exc


def login(http: httpx.Client, request: LoginRequest) -> TokenResponse:
    try:
        return post(http, LOGIN_PATH, request, TokenResponse)
    except ApiAnswer as answer:
        if answer.code in ("device_taken", "device_revoked"):
            raise
        messages = {
            "invalid_credentials": _("Wrong user name or password."),
            "login_locked": _("Too many failed attempts: this account is locked for a while. Try again "
                              "later."),
            "account_disabled": _("Your account on the sync server is disabled. Ask your administrator."),
        }
        if answer.code in messages:
            raise errors.LoginFailed(messages[answer.code or ""], code=answer.code,
                                     retry_after=answer.retry_after) from None
        raise errors.refused(answer.code) from None


def refresh(http: httpx.Client, refresh_token: str) -> TokenResponse:
    try:
        return post(http, REFRESH_PATH, RefreshRequest(refresh_token=refresh_token), TokenResponse)
    except ApiAnswer as answer:
        if answer.status in (400, 401, 403, 422):
            raise errors.auth_required(answer.code) from None
        raise errors.refused(answer.code) from None


def sync(http: httpx.Client, request: SyncRequest, token: str) -> SyncResponse:
    return post(http, SYNC_PATH, request, SyncResponse, token=token)


def logout(http: httpx.Client, token: str) -> None:
    try:
        http.post(LOGOUT_PATH, headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError as exc:
        raise errors.offline() from exc
