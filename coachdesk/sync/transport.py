"""The HTTP side of the sync client: a verified TLS connection and gzip-compressed JSON bodies.

Certificates are always verified: against the system's trust store (certifi's, through httpx), or
against a CA bundle the office gives (an internal CA). There is deliberately no way to turn checks off.
"""

from __future__ import annotations

import gzip
import ssl
from pathlib import Path

import httpx
from pydantic import BaseModel

DEFAULT_TIMEOUT_S = 30.0
#: Bodies smaller than this go uncompressed: gzip would not pay for its own header.
GZIP_FROM_BYTES = 1024


def tls_verification(ca_bundle: str | Path | None = None) -> ssl.SSLContext | bool:
    """What ``httpx`` verifies the server with: the given CA bundle (PEM), or the default trust store."""
    if ca_bundle is None:
        return True
    path = Path(ca_bundle).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"CA bundle not found: {path}")
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(path))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def make_client(
    base_url: str,
    *,
    ca_bundle: str | Path | None = None,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An ``httpx.Client`` for the sync server at ``base_url`` that verifies its certificate.

    ``transport`` lets tests hand in another transport; production code leaves it out.
    """
    headers = {"Accept-Encoding": "gzip", "User-Agent": "CoachDesk"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=base_url, verify=tls_verification(ca_bundle), timeout=timeout,
                        headers=headers, transport=transport, follow_redirects=False, trust_env=False)


def encode_json(payload: BaseModel) -> tuple[bytes, dict[str, str]]:
    """A request body and its headers: gzip-compressed when it is worth it."""
    raw = payload.model_dump_json().encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if len(raw) >= GZIP_FROM_BYTES:
        raw = gzip.compress(raw, compresslevel=6)
        headers["Content-Encoding"] = "gzip"
    return raw, headers
