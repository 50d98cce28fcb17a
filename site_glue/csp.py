"""The site's Content-Security-Policy, as a ``<meta http-equiv>`` (GitHub Pages sends no headers).

``overrides/main.html`` writes the policy with the placeholder :data:`HASHES` in
``script-src``; after each page is rendered, :func:`apply` replaces it with the SHA-256
hashes of exactly the inline scripts that page holds (Material's small inline scripts
differ per page: they embed the page's relative ``base_url``). Everything else is
own-origin only. ``'wasm-unsafe-eval'`` lets the page compile WebAssembly; no
``'unsafe-eval'`` and no unhashed inline script. ``worker-src 'self'`` is for the Python
workers and the service worker; ``style-src 'unsafe-inline'`` is for the ``style``
attributes KaTeX and the widgets' SVG write (styles cannot run code).
"""

from __future__ import annotations

import base64
import hashlib
import re

HASHES = "'convdims-inline-script-hashes'"

POLICY = ("default-src 'self'; "
          f"script-src 'self' 'wasm-unsafe-eval' {HASHES}; "
          "worker-src 'self'; connect-src 'self'; "
          "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'; manifest-src 'self'")

# Inline <script> elements the browser executes (no src, and a JavaScript type or none).
_INLINE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript")


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` of every inline script in ``html``, in page order, without repeats."""
    out = []
    for m in _INLINE.finditer(html):
        attrs = m.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"""\stype\s*=\s*["']?([^"'\s>]*)""", attrs, re.I)
        if (kind.group(1).lower() if kind else "") not in _JS_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
        token = f"'sha256-{digest}'"
        if token not in out:
            out.append(token)
    return out


_PLACEHOLDER = re.compile(r"(?:'|&#39;|&#x27;)" + HASHES.strip("'") + r"(?:'|&#39;|&#x27;)")


def apply(html: str) -> str:
    """Fill the policy's placeholder with this page's inline-script hashes."""
    return _PLACEHOLDER.sub(lambda _m: " ".join(inline_script_hashes(html)), html, count=1)
