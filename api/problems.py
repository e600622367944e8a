"""Errors as RFC 9457 problem details (application/problem+json), naming the field at fault."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from governance.errors import (
    AccessDenied,
    GovernanceError,
    OutOfScope,
    ProposalExpired,
    ProposalNotFound,
    ProposalNotPending,
    RateLimited,
    UnknownIdentity,
)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://lineside.dev/problems/"


class FieldError(BaseModel):
    """One input at fault: where it is (`body.qty`, `query.horizon`) and what is wrong."""

    field: str
    message: str


class Problem(BaseModel):
    """What every error response carries."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str = ""
    instance: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


class ProblemError(Exception):
    """Raise from a route to answer with a problem; `headers` e.g. Retry-After."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str = "",
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(request: Request | None, err: ProblemError) -> JSONResponse:
    body = Problem(
        type=TYPE_BASE + err.kind,
        title=err.title,
        status=err.status,
        detail=err.detail,
        instance=None if request is None else request.url.path,
        errors=err.errors,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=err.status,
        headers=err.headers,
        media_type=PROBLEM_JSON,
    )


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'payload', 'qty') -> 'body.payload.qty'."""
    return ".".join(str(part) for part in loc) or "request"


def invalid_input(err: ValidationError, where: str) -> ProblemError:
    """A 422 naming each field at fault (`query.horizon`), for inputs validated past FastAPI."""
    errors = [
        FieldError(field=field_name((where, *e["loc"])), message=e["msg"]) for e in err.errors()
    ]
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
    return ProblemError(422, "invalid-input", "Invalid input", detail, errors=errors)


def from_governance(err: GovernanceError) -> ProblemError:
    """The HTTP face of a governance refusal."""
    if isinstance(err, OutOfScope):
        return ProblemError(403, "out-of-scope", "Not in your plant scope", str(err))
    if isinstance(err, AccessDenied):
        return ProblemError(403, "forbidden", "Not allowed", str(err))
    if isinstance(err, UnknownIdentity):
        return ProblemError(403, "unknown-identity", "Not a Lineside user", str(err))
    if isinstance(err, RateLimited):
        retry = str(max(1, round(err.retry_after_s + 0.5)))
        return ProblemError(
            429, "rate-limited", "Too many requests", str(err), headers={"Retry-After": retry}
        )
    if isinstance(err, ProposalNotFound):
        return ProblemError(404, "not-found", "No such proposal", str(err))
    if isinstance(err, ProposalNotPending | ProposalExpired):
        return ProblemError(409, "already-decided", "Nothing to decide", str(err))
    return ProblemError(422, "refused", "Refused", str(err))


# The responses every authenticated route may give, for the OpenAPI schema.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in (
        (400, "The body is not valid JSON"),
        (401, "No valid bearer token"),
        (403, "Not allowed, or outside your plant scope"),
        (413, "Request body too large"),
        (422, "Invalid input; `errors` names each field"),
        (429, "Rate limited; see Retry-After"),
    )
}


def problem_schema(app: FastAPI) -> None:
    """Every error response in the OpenAPI document is application/problem+json of Problem."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        components.setdefault("FieldError", FieldError.model_json_schema())
        components["Problem"].pop("$defs", None)
        ref = {"$ref": "#/components/schemas/Problem"}
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                headers = {p.get("name") for p in operation.get("parameters", [])}
                if "Idempotency-Key" in headers:
                    operation["responses"].setdefault(
                        "409", {"description": "A request with this Idempotency-Key is in flight"}
                    )
                for status, response in operation.get("responses", {}).items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {PROBLEM_JSON: {"schema": ref}}
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the app answers is a problem document."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, err: ProblemError) -> JSONResponse:
        return problem_response(request, err)

    @app.exception_handler(GovernanceError)
    async def _governance(request: Request, err: GovernanceError) -> JSONResponse:
        return problem_response(request, from_governance(err))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        errors = [
            FieldError(field=field_name(e.get("loc", ())), message=str(e.get("msg", "invalid")))
            for e in err.errors()
        ]
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        return problem_response(
            request, ProblemError(422, "invalid-input", "Invalid input", detail, errors=errors)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(err.status_code, "Error")
        return problem_response(
            request,
            ProblemError(
                err.status_code,
                "http-" + str(err.status_code),
                title,
                str(err.detail),
                headers=dict(err.headers or {}),
            ),
        )
