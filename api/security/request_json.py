"""The JSON of a request (its body, or the `variables` of a GET): UTF-8 text, nested at most
MAX_JSON_DEPTH levels, every string real text. Anything else is refused with HTTP 400 before
GraphQL sees it: a body that is not UTF-8, a 1,200-level array, a lone UTF-16 surrogate
("\\ud800", which no database driver can encode) used to reach the server as a 500, a reset
connection or an INTERNAL error.
"""

from __future__ import annotations

import json

from fastapi import status

from api.errors import ErrorCode
from api.security.auth import Refused

# Far more than any request needs: the deepest input of the schema is a filter holding a
# period (filter.at.after), and JSON arguments are flat property maps.
MAX_JSON_DEPTH = 32


def _refused(message: str) -> Refused:
    return Refused(status.HTTP_400_BAD_REQUEST, ErrorCode.BAD_USER_INPUT, message, headers={})


def decode_request_json(data: str | bytes) -> object:
    """The request's JSON value, checked; `json.JSONDecodeError` for text that is not JSON."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _refused(
                f"the request body is not UTF-8 text (byte 0x{data[error.start]:02X} at "
                f"position {error.start}); send JSON encoded as UTF-8"
            ) from None
    else:
        text = data
    try:
        value = json.loads(text)
    except RecursionError:
        raise _refused(too_deep()) from None
    check_json_value(value)
    return value


def too_deep() -> str:
    return f"the request's JSON is nested more than {MAX_JSON_DEPTH} levels deep"


def check_json_value(value: object) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and strings that are not text (a lone
    surrogate). Iterative, so a deep value cannot exhaust the stack here."""
    pending: list[tuple[object, int, str]] = [(value, 0, "")]
    while pending:
        item, depth, where = pending.pop()
        if isinstance(item, str):
            _check_text(item, where)
        elif isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise _refused(too_deep())
            if isinstance(item, dict):
                for key, inner in item.items():
                    _check_text(key, where)
                    pending.append((inner, depth + 1, f"{where}.{key}" if where else key))
            else:
                pending.extend((inner, depth + 1, f"{where}[{i}]") for i, inner in enumerate(item))


def _check_text(text: str, where: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        place = f" in {where[:80]}" if where else ""
        raise _refused(
            f"the request's JSON holds a lone UTF-16 surrogate ({text[error.start]!a}){place}: "
            "it is not text"
        ) from None
