"""Typed dependencies of the routes: the server context, who is asking, and JSON bodies."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError

from coachdesk.server.auth import authenticate
from coachdesk.server.context import ServerContext
from coachdesk.server.errors import ApiError, forbidden
from coachdesk.server.scope import Principal, may_sync
from coachdesk.sync.protocol import ErrorCode

M = TypeVar("M", bound=BaseModel)

_bearer = HTTPBearer(auto_error=False, description="The device token from /api/v1/auth/login.")


def get_ctx(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


CtxDep = Annotated[ServerContext, Depends(get_ctx)]


def current_principal(
    ctx: CtxDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    return authenticate(ctx, credentials.credentials if credentials else None)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def syncing_principal(principal: PrincipalDep) -> Principal:
    if not may_sync(principal):
        raise forbidden("Administrators manage accounts and devices; they see no participant data.")
    return principal


def admin_principal(principal: PrincipalDep) -> Principal:
    if principal.role.value != "admin":
        raise forbidden("Only an administrator may do this.")
    return principal


SyncPrincipalDep = Annotated[Principal, Depends(syncing_principal)]
AdminDep = Annotated[Principal, Depends(admin_principal)]


def parse(model: type[M], raw: bytes) -> M:
    """Validate a JSON body strictly. Error details name fields and rules, never the values sent."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False, include_context=False)
        if any(error["type"] == "json_invalid" for error in errors):
            raise ApiError(400, ErrorCode.MALFORMED_JSON, "The request body is not valid JSON.") from None
        details = [f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
                   for error in errors[:20]]
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "The request does not follow the protocol.",
                       details=details) from None


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {k: _inline(v, definitions) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a body the route reads itself (to limit and decompress it first)."""
    schema = model.model_json_schema()
    inlined = _inline(schema, schema.get("$defs", {}))
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": inlined}}}}
