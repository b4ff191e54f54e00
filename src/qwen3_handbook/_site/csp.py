"""The Content-Security-Policy every built page carries (hooks.py; polish.py for 404.html)."""

from __future__ import annotations

import base64
import hashlib
import re

# Inline scripts (no src attribute): the policy lists the sha256 of each one.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE
)
CHARSET_META = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)


def content_security_policy(output: str) -> str:
    """The page's Content-Security-Policy: its own files, and its own inline scripts.

    Scripts run only from the site itself and as the inline scripts this page was built
    with (listed by hash, so no 'unsafe-inline' and no injected script); nothing is
    fetched from another origin. Styles may be inline: Material and Mermaid set them on
    elements and in the diagrams' SVG.
    """
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            + "'"
            for body in INLINE_SCRIPT.findall(output)
        }
    )
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_csp(output: str) -> str:
    """Put the policy first in ``<head>``, after the charset: it covers what follows."""
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{content_security_policy(output)}">'
    )
    charset = CHARSET_META.search(output)
    script = output.find("<script")
    if charset and (script == -1 or charset.end() < script):
        return output[: charset.end()] + "\n" + meta + output[charset.end() :]
    # The 404 page sets its base address in a script before the charset.
    return re.sub(r"<head\b[^>]*>", lambda m: m[0] + "\n" + meta, output, count=1)
