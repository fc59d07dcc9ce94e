"""deploy/: the compose file and Dockerfile say what docs/deployment.md promises (Docker itself is not
available where the suite runs, so these are static checks: YAML structure, wiring, and no secrets)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY$", re.IGNORECASE)
# The whole value is one required/defaulted compose variable: ${NAME}, ${NAME:?msg}, ${NAME:-default}.
VARIABLE_ONLY = re.compile(r"\$\{[A-Z_][A-Z0-9_]*(?::?[?-][^}]*)?\}")
URL_CREDENTIALS = re.compile(r"://[^:/@\s]+:([^@\s]+)@")
VARIABLE_NAMES = re.compile(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)")


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def service(name: str) -> dict[str, Any]:
    found = compose()["services"][name]
    assert isinstance(found, dict)
    return found


def env_example() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (DEPLOY / ".env.example").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def dockerfile_instructions() -> list[str]:
    """The Dockerfile's instructions, with backslash-continued lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def instruction(keyword: str) -> str:
    found = [line for line in dockerfile_instructions() if line.split()[0] == keyword]
    assert found, keyword
    return found[-1]  # the one in effect


def hard_coded_secrets(doc: dict[str, Any]) -> list[str]:
    """Every environment entry that carries a literal secret instead of a ${VARIABLE} from the env file."""
    found = []
    for name, svc in doc.get("services", {}).items():
        env = svc.get("environment", {})
        if isinstance(env, list):
            env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
        for key, value in env.items():
            text = "" if value is None else str(value)
            if SECRET_KEY.search(key) and text and not VARIABLE_ONLY.fullmatch(text):
                found.append(f"{name}.{key}")
            for password in URL_CREDENTIALS.findall(text):
                if not VARIABLE_ONLY.fullmatch(password):
                    found.append(f"{name}.{key} (password in URL)")
    return found


def test_compose_has_the_server_its_init_step_and_postgresql_15_with_a_named_volume() -> None:
    doc = compose()
    assert set(doc["services"]) == {"db", "init", "server"}
    db = service("db")
    assert str(db["image"]).startswith("postgres:15")
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pgdata" in doc["volumes"]
    assert "ports" not in db  # PostgreSQL is reachable only on the compose network
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_init_runs_before_the_server_and_both_use_the_built_image() -> None:
    init, server = service("init"), service("server")
    assert init["build"]["dockerfile"] == server["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY.parent / init["build"]["context"].replace("..", ".")).resolve() == ROOT
    assert init["image"] == server["image"]
    command = " ".join(init["command"])
    assert "coachdesk-server init --data-dir /var/lib/coachdesk --database-url" in command
    assert init["restart"] == "no" and init["depends_on"]["db"]["condition"] == "service_healthy"
    assert server["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert server["depends_on"]["db"]["condition"] == "service_healthy"
    for svc in (init, server):
        assert svc["environment"]["COACHDESK_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@db:5432/" in svc["environment"]["COACHDESK_DATABASE_URL"]
    assert "COACHDESK_ADMIN_PASSWORD" in init["environment"]
    assert "COACHDESK_ADMIN_PASSWORD" not in server["environment"]  # only the one-shot step needs it


def test_server_healthcheck_asks_healthz_and_plain_http_stays_on_loopback() -> None:
    server = service("server")
    assert "http://127.0.0.1:8000/healthz" in " ".join(server["healthcheck"]["test"])
    assert server["ports"] == ["${COACHDESK_BIND:-127.0.0.1}:${COACHDESK_PORT:-8000}:8000"]
    assert "http://127.0.0.1:8000/healthz" in instruction("HEALTHCHECK")


def test_no_secret_is_hard_coded() -> None:
    assert hard_coded_secrets(compose()) == []
    for line in dockerfile_instructions():
        if line.split()[0] in {"ENV", "ARG", "LABEL"}:
            assert not re.search(r"PASSWORD|SECRET|TOKEN", line, re.IGNORECASE), line
    example = env_example()
    for key, value in example.items():
        if SECRET_KEY.search(key):
            assert value == "", f"{key} must be left empty in .env.example"
    assert ".env" in (DEPLOY / ".gitignore").read_text().split()


@pytest.mark.parametrize("environment", [
    {"POSTGRES_PASSWORD": "hunter2"},
    {"COACHDESK_DATABASE_URL": "postgresql+psycopg://coachdesk:hunter2@db:5432/coachdesk"},
    ["COACHDESK_ADMIN_PASSWORD=hunter2"],
])
def test_the_secret_check_catches_a_literal(environment: dict[str, str] | list[str]) -> None:
    assert hard_coded_secrets({"services": {"x": {"environment": environment}}}) != []


def test_every_compose_variable_is_documented_in_env_example() -> None:
    used = set(VARIABLE_NAMES.findall(yaml.safe_dump(compose())))  # values only, not comments
    assert used >= {"POSTGRES_PASSWORD", "COACHDESK_ADMIN_PASSWORD"}
    assert used <= set(env_example())


def test_dockerfile_builds_the_package_and_serves_as_a_non_root_user() -> None:
    assert instruction("FROM").split()[1] == "python:3.11-slim"
    assert instruction("USER").split()[1].split(":")[0] not in {"root", "0"}
    cmd = json.loads(instruction("CMD").removeprefix("CMD"))
    assert cmd[:6] == ["coachdesk-server", "serve", "--host", "0.0.0.0", "--port", "8000"]
    # Same data folder as `init`; the database URL (with its password) only from the environment.
    assert cmd[6:] == ["--data-dir", "/var/lib/coachdesk"] and "--database-url" not in cmd
    # Everything the wheel is built from is copied, and exists.
    copied = {src for line in dockerfile_instructions() if line.split()[0] == "COPY"
              for src in line.split()[1:-1]}
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    needed = {"pyproject.toml", pyproject["project"]["readme"],
              *pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"],
              *pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]}
    assert needed <= copied
    assert all((ROOT / src).exists() for src in copied)
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    assert all(f"!{src}" in ignore or f"!{src}/**" in ignore for src in copied)


def test_the_deployment_guide_covers_tls_backups_upgrades_and_scaling() -> None:
    guide = (ROOT / "docs" / "deployment.md").read_text()
    for topic in ("--ssl-certfile", "--ssl-keyfile", "pg_dump", "pg_restore", "coachdesk-server init",
                  "/healthz", "load balancer", "deploy/compose.yaml", "not been built"):
        assert topic in guide, topic
