"""Parsed and validated GraphQL documents, reused across requests (per process).

Parsing uses strawberry's `ParserCache` (an LRU keyed by the query text), except that a
document that does not parse is left to strawberry's own parse step, which reports it
as a coded error like any other (raised from the extension, it would escape the error
policy). Validation
cannot use strawberry's `ValidationCache` as it is: that cache is keyed by the rule
classes too, and the limit extensions (`api/security/limits.py`) build theirs per
request, so it would never hit. `ValidationCache` here keys the validation errors by
the query text alone, per schema: for one schema the rules are fixed (the limits and
introspection switch come from the settings the schema was built with), so the same
text always validates to the same errors. Both caches are bounded (LRU).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import ParserCache, SchemaExtension

from api.security.limits import ExtensionFactory


class DocumentParserCache(ParserCache):
    """strawberry's ParserCache for documents that parse; syntax errors are reported by
    strawberry's parse step (inside the operation, where the error policy codes them)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None:
            try:
                context.graphql_document = self.cached_parse_document(
                    context.query, **context.parse_options
                )
            except GraphQLError:
                pass  # parsed again, and refused, by strawberry itself
        yield


class ValidatedDocuments:
    """The validation errors (often none) of the most recently seen query texts."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._errors: OrderedDict[str, list[GraphQLError]] = OrderedDict()

    def get(self, query: str) -> list[GraphQLError] | None:
        errors = self._errors.get(query)
        if errors is not None:
            self._errors.move_to_end(query)
        return errors

    def put(self, query: str, errors: list[GraphQLError]) -> None:
        self._errors[query] = errors
        self._errors.move_to_end(query)
        while len(self._errors) > self.size:
            self._errors.popitem(last=False)


class ValidationCache(SchemaExtension):
    """Skip validation for a query text this schema has validated before."""

    def __init__(self, documents: ValidatedDocuments) -> None:
        self.documents = documents

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if not query or context.pre_execution_errors is not None:
            yield  # nothing to key by, or already judged by another extension
            return
        known = self.documents.get(query)
        if known is not None:
            context.pre_execution_errors = list(known)
            yield
            return
        yield
        if context.pre_execution_errors is not None:
            self.documents.put(query, list(context.pre_execution_errors))


def document_caches(size: int) -> list[ExtensionFactory]:
    """Extension factories caching the last `size` documents' parse and validation
    (none when `size` is 0)."""
    if size <= 0:
        return []
    documents = ValidatedDocuments(size)
    return [partial(DocumentParserCache, maxsize=size), partial(ValidationCache, documents)]
