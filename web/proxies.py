"""Who the client is when Loa sits behind reverse proxies.

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are written by whoever sends the request, so they are
believed only when the connection comes from a proxy the operator named in ``LOA_TRUSTED_PROXIES``.
Each proxy appends the address it received the request from, so the list is read from the right:
the first address that is not one of our proxies is the client. Anything to its left was written by
the client itself and means nothing.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str) -> Address | None:
    """The IP address in one ``X-Forwarded-For`` hop (a port or brackets may come with it), or None.

    >>> [str(parse_address(t)) for t in ("203.0.113.9", "203.0.113.9:5123", "[2001:db8::1]:443", "2001:db8::2")]
    ['203.0.113.9', '203.0.113.9', '2001:db8::1', '2001:db8::2']
    >>> parse_address("unknown") is None
    True
    """
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; IPv6 has several colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address | None, trusted: Sequence[Network]) -> bool:
    return address is not None and any(address in network for network in trusted)


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """The client's address: ``peer`` (the connecting address) unless it is a trusted proxy; then
    the right-most ``X-Forwarded-For`` hop that is not a trusted proxy.

    ``forwarded_for`` holds the header's values in the order they came (several headers count as
    one list). A hop that is not an address stops the walk at the proxy that passed it on.

    >>> proxy = [ipaddress.ip_network("10.0.0.0/24")]
    >>> client_address("198.51.100.7", ["1.2.3.4"], proxy)  # not from our proxy: the header is ignored
    '198.51.100.7'
    >>> client_address("10.0.0.5", ["1.2.3.4, 203.0.113.9"], proxy)  # 1.2.3.4 was made up by the client
    '203.0.113.9'
    >>> client_address("10.0.0.5", ["203.0.113.9", "10.0.0.6"], proxy)  # two proxies of ours
    '203.0.113.9'
    >>> client_address("10.0.0.5", ["nonsense"], proxy)
    '10.0.0.5'
    >>> client_address("10.0.0.5", [], proxy)
    '10.0.0.5'
    """
    current = parse_address(peer)
    if not is_trusted(current, trusted):
        return str(current) if current is not None else peer
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            break
        current = address
        if not is_trusted(address, trusted):
            break
    return str(current)


class TrustedProxies:
    """ASGI middleware: the request's client address and scheme as the trusted proxies saw them.

    ``scope["client"]`` and ``scope["scheme"]`` are rewritten once here, so every route (sign-in
    throttling, logs, secure cookies) sees the same client and nobody reads the headers again.
    """

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]):
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("client"):
            peer = str(scope["client"][0])
            if is_trusted(parse_address(peer), self.trusted):
                forwarded, proto = [], None
                for name, value in scope["headers"]:
                    if name == b"x-forwarded-for":
                        forwarded.append(value.decode("latin-1"))
                    elif name == b"x-forwarded-proto":
                        proto = value.decode("latin-1").split(",")[-1].strip().lower()
                scope = dict(scope)
                scope["client"] = (client_address(peer, forwarded, self.trusted), 0)
                if proto in ("http", "https"):
                    scope["scheme"] = proto
            else:
                scope = dict(scope)
                scope["client"] = (str(parse_address(peer) or peer), scope["client"][1])
        await self.app(scope, receive, send)
