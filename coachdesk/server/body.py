"""Request bodies: size limits before and after gzip, decompressed in bounded steps (no gzip bombs)."""

from __future__ import annotations

import zlib

import anyio.to_thread
from starlette.requests import Request

from coachdesk.server.errors import ApiError
from coachdesk.sync.protocol import ErrorCode

_THREAD_FROM = 256 * 1024  # decompress bigger bodies off the event loop


def _too_large(limit: int, what: str) -> ApiError:
    return ApiError(413, ErrorCode.PAYLOAD_TOO_LARGE,
                    f"The request body is too large {what} (at most {limit} bytes). "
                    "Send fewer ops per batch.")


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress one gzip member, never holding more than ``limit`` + one step of output."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = data
    try:
        while True:
            # At most one byte past the limit per step; zlib keeps the rest of the input for later.
            chunk = inflater.decompress(pending, limit - len(out) + 1)
            out += chunk
            if len(out) > limit:
                raise _too_large(limit, "once decompressed")
            pending = inflater.unconsumed_tail
            if inflater.eof or not (pending or chunk):
                break
    except zlib.error:
        raise ApiError(400, ErrorCode.MALFORMED_JSON, "The gzip body is damaged.") from None
    if not inflater.eof or inflater.unused_data:
        raise ApiError(400, ErrorCode.MALFORMED_JSON, "The gzip body is truncated or has trailing data.")
    return bytes(out)


async def read_body(request: Request, *, max_bytes: int, max_decompressed: int) -> bytes:
    """The body as JSON bytes; ``Content-Encoding: gzip`` is decompressed."""
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media not in ("application/json", ""):
        raise ApiError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", ""):
        raise ApiError(415, ErrorCode.UNSUPPORTED_ENCODING,
                       "Send the body plain or with Content-Encoding: gzip.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes, "")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise _too_large(max_bytes, "")
    if encoding != "gzip":
        if len(body) > max_decompressed:
            raise _too_large(max_decompressed, "")
        return bytes(body)
    if len(body) < _THREAD_FROM:
        return gunzip(bytes(body), max_decompressed)
    return await anyio.to_thread.run_sync(gunzip, bytes(body), max_decompressed)
