"""The schema extensions that enforce the limits and the error policy, from the settings."""

from __future__ import annotations

from functools import partial

from strawberry.extensions import DisableIntrospection

from api.security.errors import ErrorPolicy
from api.security.limits import ExtensionFactory, limit_extensions
from kb.settings import Settings


def security_extensions(settings: Settings) -> list[ExtensionFactory]:
    """Extension factories (a fresh instance per request: MaskErrors keeps state)."""
    extensions = limit_extensions(settings)
    if not settings.api_introspection:
        extensions.append(DisableIntrospection)
    extensions.append(partial(ErrorPolicy, settings.neo4j_query_timeout))
    return extensions
