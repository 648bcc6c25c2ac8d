"""One exception hierarchy for the library; the CLI turns these into clear messages."""

from __future__ import annotations

__all__ = [
    "DecodeError",
    "EndpointError",
    "EvaluationError",
    "ExecutorError",
    "GraphkitError",
    "InputError",
    "QueryError",
    "StoreError",
]


class GraphkitError(Exception):
    """Base of every error graphkit raises on purpose."""


class InputError(GraphkitError):
    """An input file cannot be used; the message names the file (and line)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


class DecodeError(InputError):
    """The bytes of a file are not text in any encoding graphkit reads."""


class StoreError(GraphkitError):
    """The RDF store is missing, locked or broken."""


class QueryError(GraphkitError):
    """A SPARQL query is malformed or failed."""


class EvaluationError(GraphkitError):
    """A gold or system file for evaluation is malformed."""


class EndpointError(GraphkitError):
    """A SPARQL endpoint cannot be started, reached or written to."""


class ExecutorError(GraphkitError):
    """Work cannot be spread as asked: an unknown executor, a missing extra, a lost cluster."""
