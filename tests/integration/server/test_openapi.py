"""The API describes itself (OpenAPI at /docs) and says when it is healthy."""

from __future__ import annotations

from sqlalchemy import Engine, column, table, update

from tests.integration.server.helpers import TestClient


def test_openapi_documents_every_route_and_the_sync_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/healthz", "/api/v1/sync", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
            "/api/v1/me", "/api/v1/records/{table}/{row_id}", "/api/v1/admin/users"} <= set(spec["paths"])
    sync = spec["paths"]["/api/v1/sync"]["post"]
    body = sync["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False and "ops" in body["properties"]
    assert "$ref" not in str(body)  # self-contained: no dangling references
    assert {"200", "401", "413", "426"} <= set(sync["responses"])
    assert "bearer" in str(spec["components"]["securitySchemes"]).lower()
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_health_is_ok_and_unavailable_when_the_schema_is_not_current(client: TestClient,
                                                                     engine: Engine) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "schema": "0001"}
    with engine.begin() as conn:  # as if the database were older than this server
        conn.execute(update(table("alembic_version", column("version_num"))).values(version_num="0000"))
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["status"] == "unavailable"
