"""Open-redirect guard for ``next`` parameters."""

from urllib.parse import urlsplit


def safe_local_path(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site (``/x?y``), else ``fallback``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    if any(ord(ch) < 32 for ch in target):
        return fallback
    return target
