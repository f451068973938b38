"""Fetch a URL politely and safely: public addresses only, size and time caps, robots.txt.

Ingestion may be pointed at URLs that come from feeds or other people, so a fetch must not become a
way to reach services on this machine or its private network (SSRF): every address the host name
resolves to — and every redirect target — must be public unless the caller allows private ones.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit

USER_AGENT = f"dyadwatch/{version('dyadwatch')} (political event coder; news research crawler)"
MAX_BYTES = 10_000_000
TIMEOUT_S = 20.0
ROBOTS_MAX_BYTES = 500_000


class FetchRefused(Exception):
    """The URL was not fetched, for the reason given (unsafe address, robots.txt, too large, ...)."""


@dataclass
class Fetched:
    url: str
    data: bytes
    content_type: str


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                                 or ip.is_multicast or ip.is_unspecified)


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise :class:`FetchRefused` unless ``url`` is http(s) and every address of its host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"only http and https URLs are fetched, not {url!r}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchRefused(f"host {parts.hostname!r} does not resolve ({exc.strerror})") from exc
    for info in infos:
        address = info[4][0]
        if not is_public(address):
            raise FetchRefused(f"{parts.hostname} resolves to the non-public address {address} "
                               "(private, loopback, link-local or reserved); use --allow-private to fetch it")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(urljoin(req.full_url, newurl), self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """Fetches URLs with one policy; remembers each site's robots.txt for the run."""

    def __init__(self, allow_private: bool = False, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_S,
                 user_agent: str = USER_AGENT):
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.user_agent = user_agent
        self._opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _get(self, url: str, max_bytes: int) -> Fetched:
        check_url(url, self.allow_private)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchRefused(f"response too large ({int(length)} bytes > {max_bytes} limit)")
                chunks, size = [], 0
                while chunk := response.read(65536):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchRefused(f"response too large (over {max_bytes} bytes)")
                    if time.monotonic() > deadline:
                        raise FetchRefused(f"download took longer than {self.timeout:.0f} s")
                    chunks.append(chunk)
                return Fetched(response.geturl(), b"".join(chunks), response.headers.get_content_type())
        except urllib.error.HTTPError as exc:
            raise FetchRefused(f"HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, FetchRefused):
                raise reason from exc
            raise FetchRefused(f"could not be fetched ({reason})") from exc

    def allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                parser.parse(self._get(site + "/robots.txt", ROBOTS_MAX_BYTES).data
                             .decode("utf-8", "replace").splitlines())
            except FetchRefused:
                parser = None   # no readable robots.txt: nothing is disallowed
            self._robots[site] = parser
        parser = self._robots[site]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def fetch(self, url: str) -> Fetched:
        check_url(url, self.allow_private)
        if not self.allowed_by_robots(url):
            raise FetchRefused("disallowed by the site's robots.txt")
        return self._get(url, self.max_bytes)
