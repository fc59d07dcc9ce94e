"""The client's transport compresses larger bodies and always verifies certificates."""

from __future__ import annotations

import gzip
import ssl

from coachdesk.sync.protocol import FieldChange, Op, OpKind, SyncRequest
from coachdesk.sync.transport import GZIP_FROM_BYTES, encode_json, make_client, tls_verification

DEVICE = "01a20377-3f9b-71e8-bfc9-00566693e425"


def test_small_bodies_go_plain_and_large_ones_gzipped() -> None:
    small = SyncRequest(device_id=DEVICE, schema_version=1, batch_id=DEVICE)
    raw, headers = encode_json(small)
    assert "Content-Encoding" not in headers and raw.startswith(b"{") and len(raw) < GZIP_FROM_BYTES
    large = small.model_copy(update={"ops": [_op(n) for n in range(20)]})
    packed, headers = encode_json(large)
    assert headers["Content-Encoding"] == "gzip"
    assert SyncRequest.model_validate_json(gzip.decompress(packed)) == large


def test_certificates_are_verified_by_default_and_tokens_are_sent() -> None:
    assert tls_verification() is True
    with make_client("https://sync.example.se", token="cda_x") as client:
        assert client.headers["Authorization"] == "Bearer cda_x"
        assert "gzip" in client.headers["Accept-Encoding"]


def test_a_ca_bundle_becomes_a_verifying_context(tmp_path: object) -> None:
    context = tls_verification(ssl.get_default_verify_paths().cafile or _any_bundle())
    assert isinstance(context, ssl.SSLContext) and context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname


def _any_bundle() -> str:
    import certifi

    return certifi.where()


def _op(n: int) -> Op:
    return Op(op_id=str(n), table="employers", row_id=DEVICE, kind=OpKind.UPSERT,
              changes={"name": FieldChange(value=f"Employer {n}", hlc=f"{n:015d}-00000-{DEVICE}")})
