"""TLS end to end: uvicorn serving a certificate from a private CA; the client trusts that CA only
when given its bundle, and refuses a server whose certificate another CA signed."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from fastapi import FastAPI

from coachdesk.sync.protocol import SYNC_PATH, SyncRequest, SyncResponse, schema_version
from coachdesk.sync.transport import encode_json, make_client
from tests.integration.server.helpers import PASSWORD, World, live_server

Key = ec.EllipticCurvePrivateKey


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(folder: Path, common: str) -> tuple[x509.Certificate, Key, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    path = folder / f"{common}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key, path


def _server_cert(folder: Path, ca: x509.Certificate, ca_key: Key) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def https(app: FastAPI, world: World, tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """An HTTPS server signed by "Office CA"; yields its URL, that CA's bundle and a stranger CA's."""
    ca, ca_key, bundle = _ca(tmp_path, "Office CA")
    _other, _other_key, stranger = _ca(tmp_path, "Stranger CA")
    cert, key = _server_cert(tmp_path, ca, ca_key)
    with live_server(app, ssl_certfile=str(cert), ssl_keyfile=str(key)) as url:
        yield url, bundle, stranger


def test_the_client_trusts_the_office_ca_and_syncs_gzipped(https: tuple[str, Path, Path]) -> None:
    url, bundle, _stranger = https
    with make_client(url, ca_bundle=bundle) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        tokens = client.post("/api/v1/auth/login", json={"username": "anna", "password": PASSWORD})
        assert tokens.status_code == 200
        body = tokens.json()
        request = SyncRequest(device_id=body["device_id"], schema_version=schema_version(),
                              batch_id="0193a6c8-1d1e-7c1a-9c9d-3f2a1b0c4d5e")
        raw, headers = encode_json(request)
        answer = client.post(SYNC_PATH, content=raw,
                             headers={**headers, "Authorization": f"Bearer {body['token']}"})
    assert answer.status_code == 200
    assert SyncResponse.model_validate_json(answer.content).changes  # the office and its users


def test_a_certificate_from_another_ca_is_refused(https: tuple[str, Path, Path]) -> None:
    url, _bundle, stranger = https
    with make_client(url, ca_bundle=stranger) as client, pytest.raises(httpx.ConnectError) as refused:
        client.get("/healthz")
    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value)


def test_the_system_trust_store_does_not_know_a_private_ca(https: tuple[str, Path, Path]) -> None:
    url, _bundle, _stranger = https
    with make_client(url) as client, pytest.raises(httpx.ConnectError):
        client.get("/healthz")


def test_a_missing_ca_bundle_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="CA bundle not found"):
        make_client("https://127.0.0.1:1", ca_bundle=tmp_path / "nope.pem")
