"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1: a real network hop between a sync client and a server.

The client connects to the proxy (keep-alive, as httpx does); every request is read whole, then handled
as the next scripted :class:`Fault` says (requests to other paths, and requests once the script has run
out, are forwarded unchanged):

* ``DROP_REQUEST``: close the connection before forwarding (the server never sees the request);
* ``DROP_RESPONSE``: forward, read the whole answer (the server committed), then close without replying;
* ``DUPLICATE``: forward the same request twice (one after the other, or both at once) and answer with
  one of the two answers;
* ``TRUNCATE``: send only the first part of the answer's body (with the original ``Content-Length``, or with
  one that matches the cut body), then close;
* ``CORRUPT``: overwrite bytes in the middle of the answer's body, length kept;
* ``ERROR``: answer a 5xx without forwarding;
* ``STALL``: send half the answer, pause, then the rest (a timeout mid-transfer when the pause is longer
  than the client's read timeout).

``link`` throttles both directions to ``bytes_per_s`` and adds ``latency_s`` each way (so a round trip
costs ``2 * latency_s`` plus the bytes at the bandwidth). Every byte exchanged with the client is counted
(``bytes_up``, ``bytes_down``), and every request is logged as an :class:`Exchange`.
"""

from __future__ import annotations

import contextlib
import enum
import http.client
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from coachdesk.sync.protocol import SYNC_PATH

_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "te", "trailer",
                         "transfer-encoding", "upgrade", "content-length"})
_MAX_HEAD = 64 * 1024


class Action(enum.Enum):
    FORWARD = "forward"
    DROP_REQUEST = "drop_request"
    DROP_RESPONSE = "drop_response"
    DUPLICATE = "duplicate"
    TRUNCATE = "truncate"
    CORRUPT = "corrupt"
    ERROR = "error"
    STALL = "stall"


@dataclass(frozen=True)
class Fault:
    """What to do with one request. ``before`` runs once the request is read (nothing forwarded yet);
    ``during`` runs after it was sent to the server and before its answer is read."""

    action: Action = Action.FORWARD
    status: int = 503  # ERROR
    keep: float = 0.5  # TRUNCATE: the fraction of the body sent
    fix_length: bool = False  # TRUNCATE: announce the cut length (the body then fails to decode)
    concurrent: bool = False  # DUPLICATE: both copies at once rather than one after the other
    answer_first: bool = False  # DUPLICATE: reply with the first copy's answer (default: the second's)
    stall_s: float = 0.0  # STALL
    before: Callable[[], None] | None = None
    during: Callable[[], None] | None = None


FORWARD = Fault()


@dataclass
class Link:
    """The emulated line: ``None`` bandwidth is unthrottled loopback."""

    bytes_per_s: float | None = None
    latency_s: float = 0.0


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    action: Action
    status: int | None  # what the server answered (None: it was not asked, or did not answer)
    request_bytes: int  # as received from the client, head included
    response_bytes: int  # as sent to the client, head included
    forwarded: int  # how many times the request reached the server


@dataclass
class _Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    raw_size: int

    @property
    def close_after(self) -> bool:
        return any(k.lower() == "connection" and v.lower() == "close" for k, v in self.headers)


@dataclass
class _Answer:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes

    def head(self, length: int | None = None) -> bytes:
        lines = [f"HTTP/1.1 {self.status} {self.reason}"]
        lines += [f"{k}: {v}" for k, v in self.headers if k.lower() not in _HOP_BY_HOP]
        lines.append(f"Content-Length: {len(self.body) if length is None else length}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class UpstreamFailed(Exception):
    """The server closed the connection or could not be reached."""


@dataclass
class FaultProxy:
    upstream_port: int
    upstream_host: str = "127.0.0.1"
    #: Requests to this path take the scripted faults; others are always forwarded.
    path: str = SYNC_PATH
    link: Link = field(default_factory=Link)
    exchanges: list[Exchange] = field(default_factory=list)
    bytes_up: int = 0
    bytes_down: int = 0
    upstream_timeout_s: float = 60.0

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)  # so the acceptor sees ``close()`` soon
        self.port: int = self._listener.getsockname()[1]
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._clients: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._acceptor = threading.Thread(target=self._accept, name=f"proxy-{self.port}", daemon=True)
        self._acceptor.start()

    # --- the script ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def plan(self, *faults: Fault) -> None:
        """Handle the next matching requests as ``faults`` say, in order."""
        with self._lock:
            self._faults.extend(faults)

    @property
    def unplayed(self) -> int:
        with self._lock:
            return len(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset_counters(self) -> None:
        with self._lock:
            self.exchanges.clear()
            self.bytes_up = self.bytes_down = 0

    def reset(self) -> None:
        """No faults planned, an unthrottled line, nothing counted."""
        self.clear()
        self.reset_counters()
        self.link = Link()

    def synced(self) -> list[Exchange]:
        with self._lock:
            return [e for e in self.exchanges if e.path == self.path]

    def _next_fault(self, request: _Request) -> Fault:
        with self._lock:
            if request.path != self.path or not self._faults:
                return FORWARD
            return self._faults.popleft()

    # --- connections ----------------------------------------------------------------------------------

    def close(self) -> None:
        self._closed = True
        self._acceptor.join(timeout=5)
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            clients = list(self._clients)
        for conn in clients:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()
        for thread in list(self._threads):
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._clients.add(conn)
                self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while not self._closed:
                request = _read_request(reader)
                if request is None:
                    return
                with self._lock:
                    self.bytes_up += request.raw_size
                if not self._handle(conn, request) or request.close_after:
                    return
        except (OSError, ValueError, http.client.HTTPException):
            return
        finally:
            with contextlib.suppress(OSError):
                reader.close()
            with contextlib.suppress(OSError):
                conn.close()
            with self._lock:
                self._clients.discard(conn)

    # --- one request ----------------------------------------------------------------------------------

    def _handle(self, conn: socket.socket, request: _Request) -> bool:
        """Answer (or not) one request; False when the connection is to be closed.

        Each exchange is logged before its last byte goes out, so a client that got its answer (or its
        error) finds the exchange in the log."""
        fault = self._next_fault(request)
        action = fault.action
        if fault.before is not None:
            fault.before()
        self._delay(request.raw_size)  # the request's trip over the emulated line
        if action is Action.DROP_REQUEST:
            self._log(request, action, None, 0, 0)
            return False
        if action is Action.ERROR:
            body = b'{"detail": "the gateway is having a bad day"}'
            answer = _Answer(fault.status, "Service Unavailable", [("Content-Type", "application/json")],
                             body)
            data = answer.head() + body
            self._log(request, action, None, len(data), 0)
            self._send(conn, data)
            return True
        try:
            answer, forwarded = self._forward_as(fault, request)
        except UpstreamFailed:
            self._log(request, action, None, 0, 1)
            return False
        if action is Action.DROP_RESPONSE:
            self._log(request, action, answer.status, 0, forwarded)
            return False
        body = answer.body
        if action is Action.TRUNCATE:
            cut = body[: int(len(body) * fault.keep)]
            data = answer.head(len(cut) if fault.fix_length else len(body)) + cut
            self._log(request, action, answer.status, len(data), forwarded)
            self._send(conn, data)
            return False
        if action is Action.CORRUPT:
            answer = _Answer(answer.status, answer.reason, answer.headers, _corrupt(body))
        data = answer.head() + answer.body
        if action is Action.STALL:
            half = len(data) // 2
            self._log(request, action, answer.status, half, forwarded)
            self._send(conn, data[:half])
            time.sleep(fault.stall_s)
            try:
                self._send(conn, data[half:])
            except OSError:
                return False
            return True
        self._log(request, action, answer.status, len(data), forwarded)
        self._send(conn, data)
        return True

    def _forward_as(self, fault: Fault, request: _Request) -> tuple[_Answer, int]:
        if fault.action is not Action.DUPLICATE:
            return self._forward(request, fault.during), 1
        if not fault.concurrent:
            first = self._forward(request, fault.during)
            second = self._forward(request, None)
            return (first if fault.answer_first else second), 2
        answers: list[_Answer | None] = [None, None]

        def send(index: int) -> None:
            with contextlib.suppress(UpstreamFailed):
                answers[index] = self._forward(request, fault.during if index == 0 else None)

        threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        chosen = answers[0] if fault.answer_first else answers[1]
        if chosen is None:
            raise UpstreamFailed
        return chosen, 2

    def _forward(self, request: _Request, during: Callable[[], None] | None) -> _Answer:
        upstream = http.client.HTTPConnection(self.upstream_host, self.upstream_port,
                                              timeout=self.upstream_timeout_s)
        try:
            upstream.putrequest(request.method, request.path, skip_host=True, skip_accept_encoding=True)
            for name, value in request.headers:
                if name.lower() not in _HOP_BY_HOP:
                    upstream.putheader(name, value)
            upstream.putheader("Content-Length", str(len(request.body)))
            upstream.endheaders(request.body)
            if during is not None:
                during()
            response = upstream.getresponse()
            body = response.read()
            return _Answer(response.status, response.reason, response.getheaders(), body)
        except (OSError, http.client.HTTPException) as exc:
            raise UpstreamFailed(str(exc)) from exc
        finally:
            upstream.close()

    # --- the emulated line ----------------------------------------------------------------------------

    def _delay(self, size: int) -> None:
        link = self.link
        wait = link.latency_s + (size / link.bytes_per_s if link.bytes_per_s else 0.0)
        if wait > 0:
            time.sleep(wait)

    def _send(self, conn: socket.socket, data: bytes) -> int:
        """Send at the link's pace (its latency first); the bytes sent."""
        link = self.link
        if link.latency_s > 0:
            time.sleep(link.latency_s)
        if not link.bytes_per_s:
            conn.sendall(data)
        else:
            rate = link.bytes_per_s
            chunk = max(1024, int(rate / 50))
            started = time.monotonic()
            for offset in range(0, len(data), chunk):
                part = data[offset:offset + chunk]
                conn.sendall(part)
                ahead = started + (offset + len(part)) / rate - time.monotonic()
                if ahead > 0:
                    time.sleep(ahead)
        with self._lock:
            self.bytes_down += len(data)
        return len(data)

    def _log(self, request: _Request, action: Action, status: int | None, sent: int, forwarded: int) -> None:
        with self._lock:
            self.exchanges.append(Exchange(request.method, request.path, action, status, request.raw_size,
                                           sent, forwarded))


def _read_request(reader: BinaryIO) -> _Request | None:
    """One request from a keep-alive connection, or None when the client closed it."""
    line = reader.readline(_MAX_HEAD)
    while line in (b"\r\n", b"\n"):  # tolerated between requests
        line = reader.readline(_MAX_HEAD)
    if not line:
        return None
    size = len(line)
    method, target, _version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while True:
        raw = reader.readline(_MAX_HEAD)
        if not raw:
            return None
        size += len(raw)
        if raw in (b"\r\n", b"\n"):
            break
        name, _sep, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    lowered = {k.lower(): v for k, v in headers}
    if "chunked" in lowered.get("transfer-encoding", "").lower():
        raise ValueError("chunked request bodies are not supported by this proxy")
    length = int(lowered.get("content-length", "0") or 0)
    body = reader.read(length) if length else b""
    if len(body) < length:
        return None
    return _Request(method, target, headers, body, size + len(body))


def _corrupt(body: bytes) -> bytes:
    """Overwrite a run of bytes in the middle (length kept): breaks gzip's CRC or the JSON's UTF-8."""
    if not body:
        return body
    start = len(body) // 2
    span = max(1, min(16, len(body) - start))
    return body[:start] + bytes(b ^ 0xFF for b in body[start:start + span]) + body[start + span:]


@contextlib.contextmanager
def proxied(upstream_port: int) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream_port)
    try:
        yield proxy
    finally:
        proxy.close()
