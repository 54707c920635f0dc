"""Who may ask the preview, and what its answers may do in a browser.

The secret path token (see `server`) keeps other pages from naming any URL; these are the layers
behind it: requests must carry one of our own Host names (DNS rebinding) and must not come from
another site or port (`Sec-Fetch-Site`, `Origin`); every response limits what its document may
load or run (Content-Security-Policy) and who may embed it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Mapping

_LOCKED = "base-uri 'none'; form-action 'none'; object-src 'none'"
#: The simulator's own pages: nothing inline, nothing from elsewhere, framed by nobody.
SIMULATOR_CSP = (f"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 f"connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; {_LOCKED}")
#: Built pages, framed by the simulator. Images may come from anywhere, as in an LMS (the course's
#: own `https:` pictures); scripts only from the package, plus its inline start-up script by hash.
BUILT_CSP = (f"default-src 'self'; img-src 'self' data: http: https:; frame-ancestors 'self'; {_LOCKED}; "
             "script-src 'self'")
#: Everything else (JSON, event stream, sources, scripts, errors) is never a document worth running.
OTHER_CSP = f"default-src 'none'; frame-ancestors 'none'; {_LOCKED}"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)  # our templates' inline scripts (no attributes)


def refusal_of(headers: Mapping[str, str], allowed_hosts: frozenset[str]) -> str | None:
    """Why a request with these headers cannot come from the preview's own page, or None."""
    if headers.get("Host", "").lower() not in allowed_hosts:
        return "unknown Host header"  # DNS rebinding: another site's name resolving to us
    if headers.get("Sec-Fetch-Site", "same-origin") in ("cross-site", "same-site"):
        return "the preview answers only its own page"  # same-site: another port of this machine
    origin = headers.get("Origin")
    if origin is not None and origin.lower().removeprefix("http://") not in allowed_hosts:
        return "the preview answers only its own page"
    return None


def host_names(host: str, port: int) -> frozenset[str]:
    """The Host headers a browser sends for this server. A name other than `localhost` could be
    rebound to us by its owner's DNS; an IP address cannot."""
    names = {host, "127.0.0.1", "localhost", "[::1]"}
    return frozenset(f"{name}:{port}".lower() for name in names)


def built_csp(html: bytes) -> str:
    """BUILT_CSP, allowing exactly the page's own inline scripts (the player's start-up line) by hash."""
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
              for body in _INLINE_SCRIPT.findall(html)]
    return " ".join([BUILT_CSP, *hashes])
