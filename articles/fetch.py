"""Fetching article pages and feeds over HTTP without letting a URL reach inside the network.

Each connection resolves its host once, refuses every address that is not public (unless private
addresses are allowed) and connects to the address it checked, so a second DNS answer cannot send
it elsewhere. Redirects are followed here, one hop at a time, each hop checked again. A whole fetch
has one size cap and one deadline, kept by a watchdog: name resolution waits no longer than the
time left, and when the deadline passes every socket of the fetch is shut down, whatever it is
waiting for (a connection, a TLS handshake, headers arriving a byte at a time, the body), because a
per-read timeout never fires while a server keeps sending a byte just in time. Every failure is a
one-line ``IngestError``.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection

from articles.errors import IngestError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/json", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml")
ACCEPTED_TYPES = PAGE_TYPES
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "Loa/0.1"

# Refused even when private addresses are allowed: an intranet allowance must not open the
# cloud provider's credential endpoint.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(IngestError):
    """The URL points at an address Loa must not connect to."""


@dataclass(frozen=True)
class FetchResult:
    body: bytes
    content_type: str
    final_url: str
    status: int  # 200, or 304 when a conditional request found nothing new
    etag: str | None = None
    last_modified: str | None = None


# Addresses ------------------------------------------------------------------------------------

def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a 6to4, Teredo or NAT64 address delivers to, if any."""
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _non_public_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.version == 4 and ip in CGNAT:
        return "a shared (CGNAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def refusal(address: str, allow_private: bool = False) -> str | None:
    """Why Loa must not connect to ``address`` (an IP literal), or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    candidates = [ip]
    if ip.version == 6 and ip.ipv4_mapped:
        candidates = [ip.ipv4_mapped]  # the IPv4 host itself, written as IPv6
    elif ip.version == 6 and (embedded := _embedded_ipv4(ip)) is not None:
        candidates = [embedded, ip]  # a tunnel or translator would deliver to the IPv4 address
    if any(c in METADATA_ADDRESSES for c in candidates):
        return "a cloud metadata address"
    if allow_private:
        return None
    for candidate in candidates:
        kind = _non_public_kind(candidate)
        if kind:
            return kind
    return None


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse ``url`` unless it is http(s) with a host; an address literal must be allowed too.

    Names are checked when they are resolved, at connection time (``resolve_checked``).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise IngestError(f"{url}: only http and https URLs can be fetched")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        raise IngestError(f"{url}: malformed address") from None
    if not host:
        raise IngestError(f"{url}: the URL has no host")
    literal = _ip_literal(host)
    if literal is not None:
        reason = refusal(literal, allow_private)
        if reason:
            raise AddressRefused(f"{url}: refused, {literal} is {reason}")


def resolve_checked(host: str, port: int, allow_private: bool = False, timeout: float | None = None) -> list[str]:
    """Every address ``host`` resolves to, once; refused if any of them is not allowed.

    With ``timeout``, a resolver that does not answer in time is given up (it may hang for minutes).
    """
    infos = _getaddrinfo(host, port) if timeout is None else _getaddrinfo_within(host, port, timeout)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        reason = refusal(address, allow_private)
        if reason:
            raise AddressRefused(f"refused, {host} resolves to {address}, {reason}")
    return addresses


def _getaddrinfo(host: str, port: int) -> list:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise IngestError(f"{host}: cannot resolve the name") from None


def _getaddrinfo_within(host: str, port: int, timeout: float) -> list:
    outcome: list = []

    def resolve() -> None:
        try:
            outcome.append(_getaddrinfo(host, port))
        except IngestError as err:
            outcome.append(err)

    # getaddrinfo cannot be interrupted: a daemon thread is left to finish on its own.
    resolver = threading.Thread(target=resolve, name="loa-resolve", daemon=True)
    resolver.start()
    resolver.join(max(timeout, 0.0))
    if not outcome:
        raise _DeadlinePassed(f"{host}: the name was not resolved in time")
    if isinstance(outcome[0], IngestError):
        raise outcome[0]
    return outcome[0]


class _DeadlinePassed(IngestError):
    """The fetch's deadline passed (reported as a timeout of the whole fetch)."""


class Watchdog:
    """Shuts down every socket of one fetch when its deadline passes.

    A blocked read then returns at once, whatever the server is doing; ``fired`` tells the caller
    that the failure it sees is the deadline's.
    """

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if not self.fired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


# Connections that check before they connect ------------------------------------------------

class _CheckedConnectionMixin:
    """Mixed into urllib3's HTTP(S)Connection, whose attributes it reads."""

    allow_private = False
    watchdog: Watchdog | None = None
    host: str
    port: int
    timeout: float | None
    source_address: tuple[str, int] | None
    socket_options: Any

    def _new_conn(self) -> socket.socket:
        watchdog = self.watchdog
        remaining = watchdog.remaining() if watchdog else None
        addresses = resolve_checked(self.host, self.port, self.allow_private, timeout=remaining)
        failure: Exception | None = None
        for address in addresses:
            timeout = self.timeout
            if watchdog is not None:
                timeout = max(min(watchdog.remaining(), timeout or watchdog.remaining()), 0.001)
            try:
                sock = connection.create_connection(
                    (address, self.port), timeout,
                    source_address=self.source_address, socket_options=self.socket_options,
                )
                if watchdog is not None:
                    watchdog.watch(sock)
                return sock
            except TimeoutError as err:
                failure = ConnectTimeoutError(cast(HTTPConnection, self), f"Connection to {self.host} timed out")
                failure.__cause__ = err
            except OSError as err:
                failure = NewConnectionError(cast(HTTPConnection, self), f"Failed to establish a new connection: {err}")
                failure.__cause__ = err
        assert failure is not None
        raise failure


def _pool_classes(allow_private: bool, watchdog: Watchdog | None) -> dict[str, type]:
    attrs = {"allow_private": allow_private, "watchdog": watchdog}
    http = type("CheckedHTTPConnection", (_CheckedConnectionMixin, HTTPConnection), attrs)
    https = type("CheckedHTTPSConnection", (_CheckedConnectionMixin, HTTPSConnection), attrs)
    return {
        "http": type("CheckedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type("CheckedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
    }


class _CheckedAdapter(HTTPAdapter):
    def __init__(self, allow_private: bool, watchdog: Watchdog | None = None):
        self._pool_classes = _pool_classes(allow_private, watchdog)
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pool_classes


def _session(allow_private: bool, watchdog: Watchdog | None = None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: it would be the address checked
    adapter = _CheckedAdapter(allow_private, watchdog)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# Fetching ---------------------------------------------------------------------------------------

def fetch(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = 5 * 1024 * 1024,
    allow_private: bool = False,
    accept: tuple[str, ...] = PAGE_TYPES,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url`` within ``timeout`` seconds in all (name resolution, connections, TLS, headers,
    body, every redirect hop), following at most five redirects.

    With ``etag`` or ``last_modified`` the request is conditional: an unchanged resource gives
    status 304 and an empty body.
    """
    watchdog = Watchdog(time.monotonic() + timeout)
    try:
        return _fetch(url, watchdog, timeout, max_bytes, allow_private, accept, etag, last_modified)
    finally:
        watchdog.cancel()


def _fetch(url: str, watchdog: Watchdog, timeout: float, max_bytes: int, allow_private: bool,
           accept: tuple[str, ...], etag: str | None, last_modified: str | None) -> FetchResult:
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ", */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    with _session(allow_private, watchdog) as session:
        for _hop in range(MAX_REDIRECTS + 1):
            where = url if current == url else f"{url}: redirected to {current}"
            try:
                check_url(current, allow_private)
            except IngestError as err:
                raise type(err)(str(err) if current == url else f"{url}: redirected to {err}") from None
            try:
                remaining = max(watchdog.remaining(), 0.001)
                response = session.get(current, headers=headers, stream=True, allow_redirects=False,
                                       timeout=(remaining, remaining))
            except _DeadlinePassed:
                raise IngestError(f"{where}: timed out after {timeout:g} s") from None
            except IngestError as err:  # refused or unresolvable, from the connection itself
                raise type(err)(f"{where}: {err}") from None
            except requests.RequestException as err:
                raise _request_error(where, err, watchdog, timeout) from None
            with response:
                if response.status_code in REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise IngestError(f"{where}: redirect without a Location")
                    current = urljoin(current, location)
                    continue
                try:
                    return _result(where, current, response, watchdog, timeout, max_bytes, accept)
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
                    raise _request_error(where, err, watchdog, timeout) from None
    raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _request_error(where: str, err: Exception, watchdog: Watchdog, timeout: float) -> IngestError:
    # A socket shut by the watchdog surfaces as a lost connection: the watchdog tells.
    if (watchdog.fired or watchdog.remaining() <= 0
            or isinstance(err, (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError))):
        return IngestError(f"{where}: timed out after {timeout:g} s")
    return IngestError(f"{where}: cannot connect ({type(err).__name__})")


def _result(where: str, final_url: str, response: requests.Response, watchdog: Watchdog, timeout: float,
            max_bytes: int, accept: tuple[str, ...]) -> FetchResult:
    etag = response.headers.get("ETag")
    last_modified = response.headers.get("Last-Modified")
    if response.status_code == 304:
        return FetchResult(b"", "", final_url, 304, etag, last_modified)
    if response.status_code >= 400:
        raise IngestError(f"{where}: the server answered HTTP {response.status_code}")
    if not 200 <= response.status_code < 300:
        raise IngestError(f"{where}: unexpected HTTP {response.status_code}")
    content_type = response.headers.get("Content-Type", "")
    if content_type.split(";")[0].strip().lower() not in accept:
        raise IngestError(f"{where}: unsupported content type {content_type or 'none'!r}")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise IngestError(f"{where}: page is larger than {max_bytes} bytes")
    chunks, size = [], 0
    # read1 returns whatever one read brings; a read still waiting at the deadline is cut by the watchdog.
    while chunk := response.raw.read1(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(f"{where}: page is larger than {max_bytes} bytes")
        if watchdog.fired or watchdog.remaining() <= 0:
            raise IngestError(f"{where}: timed out after {timeout:g} s")
        chunks.append(chunk)
    if watchdog.fired:  # the body ended because its socket was shut, not because it was whole
        raise IngestError(f"{where}: timed out after {timeout:g} s")
    return FetchResult(b"".join(chunks), content_type, final_url, response.status_code, etag, last_modified)


def fetch_url(url: str, timeout: float = 15.0, max_bytes: int = 5 * 1024 * 1024,
              allow_private: bool | None = None) -> tuple[bytes, str]:
    """The body and content type of the page at ``url`` (what ``read_source`` uses).

    ``allow_private`` None means ``LOA_FETCH_ALLOW_PRIVATE`` decides, for callers that do not pass
    the setting along.
    """
    if allow_private is None:
        from loa.settings import get_settings

        allow_private = get_settings().fetch_allow_private
    result = fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    return result.body, result.content_type
