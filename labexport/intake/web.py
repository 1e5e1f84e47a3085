"""Fetch a page or a feed over HTTP(S), within limits, as bytes and a content type.

Limits: one time limit for the whole exchange (connecting, redirects, reading),
:data:`TIMEOUT_S` unless ``$LABEXPORT_FETCH_TIMEOUT`` or the caller says otherwise;
at most :data:`MAX_BYTES` of body, enforced while reading; at most
:data:`MAX_REDIRECTS` redirects, each checked again for its scheme (only http and
https) and for a loop. TLS certificates are verified. Every failure is one
:class:`~labexport.core.errors.IntakeError` naming the address and the reason.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from labexport import __version__
from labexport.core.errors import IntakeError

if TYPE_CHECKING:  # pragma: no cover
    import httpx

#: Seconds for the whole exchange with one address (connect, redirects, read).
TIMEOUT_S = 20.0
#: Largest body read, in bytes.
MAX_BYTES = 5 * 1024 * 1024
#: Redirects followed at most.
MAX_REDIRECTS = 5
#: The environment variable that changes :data:`TIMEOUT_S` (seconds).
TIMEOUT_ENV = "LABEXPORT_FETCH_TIMEOUT"
#: How labexport names itself to the servers it asks.
USER_AGENT = f"labexport/{__version__} (overseas labour bulletin intake)"

#: Content types read as a web page.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
#: Content types read as a file of their own.
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Content types read as a feed (servers also send feeds as plain XML or text).
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "text/html", "text/plain",
                        "application/feed+json"})

_FEEDS_ONLY = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_INTAKE_EXTRA = 'labexport {verb} needs the intake extra: pip install "labexport[intake]"'


def need(module: str, verb: str = "add") -> ModuleType:
    """Import ``module`` of the intake extra, or say in one line how to install it.

    Raises
    ------
    IntakeError
        If the module is not installed.
    """
    import importlib
    import logging

    try:
        found = importlib.import_module(module)
    except ImportError:
        raise IntakeError(_INTAKE_EXTRA.format(verb=verb)) from None
    # Their warnings ("EOF marker not found") are no lines for the user: a failure is an
    # IntakeError. A program that configures logging still receives them.
    for name in (module.split(".")[0], "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    return found


@dataclass(frozen=True)
class Limits:
    """How long, how much and how far one fetch may go."""

    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS

    @classmethod
    def from_env(cls, timeout: float | None = None) -> Limits:
        """The limits in force: ``timeout`` if given, else ``$LABEXPORT_FETCH_TIMEOUT``."""
        if timeout is None and os.environ.get(TIMEOUT_ENV):
            try:
                timeout = float(os.environ[TIMEOUT_ENV])
            except ValueError:
                raise IntakeError(f"{TIMEOUT_ENV}={os.environ[TIMEOUT_ENV]!r} is not a "
                                  "number of seconds") from None
        if timeout is not None and not timeout > 0:
            raise IntakeError(f"the time limit must be over 0 seconds, got {timeout}")
        return cls(timeout=timeout or TIMEOUT_S)


@dataclass(frozen=True)
class Fetched:
    """What an address answered: its final address, media type, declared charset, body."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


def check_address(url: str, *, asked: str | None = None) -> str:
    """Return ``url`` if it is an http or https address, else raise a one-line error.

    Examples
    --------
    >>> check_address("https://example.org/a")
    'https://example.org/a'
    """
    parts = urlsplit(url)
    if parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return url
    if asked is not None:
        raise IntakeError(f"{asked}: redirected to {url}, which is not an http or https "
                          "address", path=asked)
    raise IntakeError(f"{url}: only http and https addresses are fetched", path=url)


def fetch(url: str, *, accept: Collection[str] = PAGE_TYPES | {PDF_TYPE, DOCX_TYPE},
          limits: Limits | None = None, verb: str = "add") -> Fetched:
    """Fetch ``url``, following redirects, within ``limits``.

    Parameters
    ----------
    url : str
        An http or https address.
    accept : collection of str
        The media types (``text/html``...) taken; any other is refused.
    limits : Limits, optional
        Defaults to :meth:`Limits.from_env`.
    verb : str
        The command, for the message when the intake extra is missing.

    Returns
    -------
    Fetched
        The final address, its media type and charset, and the body.

    Raises
    ------
    IntakeError
        One line naming ``url`` and the reason: a time-out, a refused connection, an
        HTTP error status, a redirect loop or too many redirects, a body over the
        size limit, a media type not in ``accept``.
    """
    httpx = need("httpx", verb)
    limits = limits or Limits.from_env()
    check_address(url)
    deadline = time.monotonic() + limits.timeout
    try:
        with httpx.Client(headers={"User-Agent": USER_AGENT}, verify=True,
                          follow_redirects=False) as client:
            return _follow(client, url, accept, limits, deadline)
    except httpx.TimeoutException:
        raise IntakeError(f"{url}: timed out (time limit {limits.timeout:g} s)",
                          path=url) from None
    except httpx.HTTPError as exc:
        raise IntakeError(f"{url}: {_reason(exc)}", path=url) from None


def _follow(client: httpx.Client, url: str, accept: Collection[str], limits: Limits,
            deadline: float) -> Fetched:
    """Ask ``url`` and the addresses it redirects to; read the final answer's body."""
    seen, here = {url}, url
    for _ in range(limits.max_redirects + 1):
        with client.stream("GET", here, timeout=_left(deadline, limits)) as response:
            if response.is_redirect and "location" in response.headers:
                target = urljoin(here, response.headers["location"])
                check_address(target, asked=url)
                if target in seen:
                    raise IntakeError(f"{url}: redirect loop (back to {target})", path=url)
                seen.add(target)
                here = target
                continue
            if response.status_code >= 400:
                raise IntakeError(f"{url}: HTTP {response.status_code} "
                                  f"{response.reason_phrase}".rstrip(), path=url)
            media, charset = _content_type(response.headers.get("content-type", ""))
            if media not in accept:
                hint = "; a feed: list it in [feeds] urls" if media in _FEEDS_ONLY else ""
                raise IntakeError(f"{url}: not a page ({media or 'no content type'}{hint})",
                                  path=url)
            body = _read(response, url, limits, deadline)
            return Fetched(str(response.url), media, charset, body)
    raise IntakeError(f"{url}: more than {limits.max_redirects} redirects", path=url)


def _left(deadline: float, limits: Limits) -> float:
    """The seconds left before ``deadline`` (a time-out once none are)."""
    import httpx

    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.ReadTimeout(f"over {limits.timeout:g} s")
    return left


def _read(response: httpx.Response, url: str, limits: Limits, deadline: float) -> bytes:
    """The body, refused as soon as it is over the size limit or the time limit."""
    too_large = IntakeError(f"{url}: larger than the {limits.max_bytes:,}-byte limit", path=url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise too_large
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise too_large
        chunks.append(chunk)
        _left(deadline, limits)
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type (lower case) and the charset of a Content-Type header.

    Examples
    --------
    >>> _content_type('text/html; charset="Windows-1258"')
    ('text/html', 'windows-1258')
    """
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'").lower()
    return media.strip().lower(), charset


def _reason(exc: Exception) -> str:
    """A short reason for a transport error (refused, unknown host, TLS...)."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered:
        return f"TLS certificate not accepted ({text})"
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename" in lowered:
        return "unknown host"
    return f"cannot fetch ({text})"
