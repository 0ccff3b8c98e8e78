"""Row shapes the entity loaders return, and the period test their fields apply."""

from __future__ import annotations

from datetime import date
from typing import Any

from kb.storage.values import covers, to_date

Props = dict[str, Any]
Row = dict[str, Any]


def period_covers(rel: Props, on: date | None) -> bool:
    """Is a `from`/`to` relationship true on `on`? (`to` empty = still true; None = any time)."""
    if on is None:
        return True
    return covers(to_date(rel.get("from")), to_date(rel.get("to")), on)
