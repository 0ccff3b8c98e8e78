"""`GET /export/{network|configuration|timeline|paths}?format=...`: an answer as a file.

The request's key is checked as for /graphql, then the export's GraphQL request
(api/export/documents.py) runs through the same schema with that principal, so
roles, ANALYST field rules, limits and the audit trail are the GraphQL API's own.
Errors come back as GraphQL-shaped JSON with `extensions.code` and an HTTP status
that says why; nothing is written when the answer has an error.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from strawberry.schema.base import BaseSchema

from api.errors import ErrorCode
from api.export.documents import DOCUMENTS, ExportKind
from api.export.formats import MEDIA_TYPES, SUFFIXES, CsvTable, ExportFormat, write
from api.export.graphs import graph_of
from api.security.router import context_getter, status_for
from kb.settings import Settings

STATUS_BY_CODE = {
    ErrorCode.UNAUTHENTICATED.value: 401,
    ErrorCode.FORBIDDEN.value: 403,
    ErrorCode.NOT_FOUND.value: 404,
    ErrorCode.BAD_USER_INPUT.value: 400,
    ErrorCode.LIMIT_EXCEEDED.value: 422,
    ErrorCode.UNAVAILABLE.value: 503,
}

# Which query parameters each export needs, by its GraphQL variable's name.
REQUIRED = {
    ExportKind.NETWORK: ["level"],
    ExportKind.CONFIGURATION: ["familyId", "at"],
    ExportKind.TIMELINE: ["familyId", "from", "to"],
    ExportKind.PATHS: ["from", "to"],
}


def refusal(status: int, code: str, message: str, **extensions: Any) -> JSONResponse:
    body = {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": code, **extensions}}],
    }
    return JSONResponse(body, status_code=status)


def variables_for(kind: ExportKind, given: dict[str, Any]) -> dict[str, Any]:
    defaults: dict[ExportKind, dict[str, Any]] = {
        ExportKind.NETWORK: {"familyId": None, "after": None, "before": None},
        ExportKind.CONFIGURATION: {"windowDays": 90},
        ExportKind.TIMELINE: {"windowDays": 90},
        ExportKind.PATHS: {
            "maxHops": 6,
            "limit": 5,
            "after": None,
            "before": None,
            "timeRespecting": False,
        },
    }
    names = set(defaults[kind]) | set(REQUIRED[kind])
    chosen = {name: value for name, value in given.items() if name in names and value is not None}
    return defaults[kind] | chosen


def export_router(schema: BaseSchema, settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/export", include_in_schema=False)
    make_context = context_getter(settings)

    @router.get("/{kind}")
    async def export(
        request: Request,
        kind: ExportKind,
        format: ExportFormat = ExportFormat.GRAPHML,
        table: CsvTable = CsvTable.EDGES,
        level: str | None = None,
        family_id: str | None = Query(None, alias="familyId"),
        at: str | None = None,
        from_: str | None = Query(None, alias="from"),
        to: str | None = None,
        window_days: int | None = Query(None, alias="windowDays"),
        after: str | None = None,
        before: str | None = None,
        max_hops: int | None = Query(None, alias="maxHops"),
        limit: int | None = None,
        time_respecting: bool | None = Query(None, alias="timeRespecting"),
    ) -> Response:
        given = {
            "level": level, "familyId": family_id, "at": at, "from": from_, "to": to,
            "windowDays": window_days, "after": after, "before": before,
            "maxHops": max_hops, "limit": limit, "timeRespecting": time_respecting,
        }  # fmt: skip
        missing = [name for name in REQUIRED[kind] if given[name] in (None, "")]
        if missing:
            return refusal(
                400,
                ErrorCode.BAD_USER_INPUT.value,
                f"the {kind.value} export needs {', '.join(missing)}",
                argument=missing[0],
            )
        context = await make_context(request)  # the /graphql router's: 401 without a key
        result = await schema.execute(
            DOCUMENTS[kind], variable_values=variables_for(kind, given), context_value=context
        )
        if result.errors:
            errors = [error.formatted for error in result.errors]
            for error in errors:
                error.setdefault("extensions", {}).setdefault("code", "BAD_USER_INPUT")
            body: Any = {"data": None, "errors": errors}
            code = errors[0]["extensions"]["code"]
            status = status_for(body) or STATUS_BY_CODE.get(code, 400)
            return JSONResponse(body, status_code=status)
        assert result.data is not None
        content = write(graph_of(kind, result.data["answer"]), format, table)
        name = f"{kind.value}.{SUFFIXES[format]}"
        if format is ExportFormat.CSV:
            name = f"{kind.value}-{table.value}.csv"
        return Response(
            content,
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
