"""CSRF: cookie-authenticated writes must echo the sign-in's CSRF token in a header.

A cross-site page can make the browser send our cookie, but it cannot read the token, and a
custom header forces a CORS preflight that we never grant.
"""

from __future__ import annotations

import hmac

CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_ok(method: str, expected: str, sent: str | None) -> bool:
    if method in SAFE_METHODS:
        return True
    return sent is not None and hmac.compare_digest(expected, sent)
