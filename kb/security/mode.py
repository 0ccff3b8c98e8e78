"""The authentication mode: `keys` (every request needs an API key) or `open` (none, every
request acts as ADMIN), which is refused off loopback. Checked where the API starts: by
`kb serve` before it binds, and by the app itself."""

from __future__ import annotations

import ipaddress
import logging

from kb.settings import Settings

log = logging.getLogger("kb.security")


class OpenModeRefused(RuntimeError):
    """Open mode asked for on an address that is not loopback."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_auth_mode(settings: Settings, host: str | None = None) -> None:
    """Refuse open mode off loopback; warn loudly when it is on. Called at start-up."""
    if settings.auth_mode != "open":
        return
    bound = host or settings.api_host
    if not is_loopback(bound):
        raise OpenModeRefused(
            f"KB_AUTH_MODE=open serves everyone as ADMIN without keys and is only allowed on "
            f"a loopback address, and the API would listen on {bound!r} (KB_API_HOST or "
            "--host). Use KB_AUTH_MODE=keys."
        )
    banner = "!" * 72
    log.warning(
        "\n%s\n!! KB_AUTH_MODE=open: NO API KEYS. Every request acts as ADMIN.\n"
        "!! For local development on %s only. Never use with real data.\n%s",
        banner,
        bound,
        banner,
    )
