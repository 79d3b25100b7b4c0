"""What the service refuses, beyond the data problems it shares with predict and forecast
(runner/errors.py): each class carries its `code`, the exit `status` of `lstmspec serve` when
it stops the start, and the HTTP status of an answer (`http`)."""

from __future__ import annotations

from ..runner.errors import CommandError


class RequestInvalid(CommandError):
    """The body is not a request of the service's format (not JSON, an unknown key, a value
    of the wrong type): LS620, 422."""

    code = "LS620"
    http = 422


class Unauthorized(CommandError):
    """--token-file: the request carries no bearer token, or another one: LS621, 401."""

    code = "LS621"
    http = 401


class BodyTooLarge(CommandError):
    """The body is larger than --max-body: LS622, 413."""

    code = "LS622"
    http = 413


class RunReplaced(CommandError):
    """A file the service answers from changed under it: it answers nothing more (LS623,
    503) until it is started again on the new run."""

    code = "LS623"
    http = 503


class CannotServe(CommandError):
    """The service cannot start: the serve extra missing, the token file unusable, the
    address taken (LS624, exit status 1)."""

    code = "LS624"


class NoSuchEndpoint(CommandError):
    """A path or method the service does not answer: LS625, 404 or 405."""

    code = "LS625"
    http = 404
