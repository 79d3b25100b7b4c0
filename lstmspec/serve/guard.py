"""What every request passes before the application sees it (pure ASGI, so that a refused
request costs no parsing): the bearer token when the service has one (compared in constant
time, hmac.compare_digest), and the body's size, read whole up to --max-body and refused
past it (413) whether or not the client declared its length. An exception that escapes the
application (after its LS699 answer) ends here as one line on stderr, never a traceback."""

from __future__ import annotations

import hmac
import json
import sys

OPEN = ("/health", "/ready")  # answered without the token: they say only whether it serves


async def refuse(send, status: int, detail: str, headers: tuple = ()) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """`Guard(app, token, limit, lines)`: `token` the bytes a bearer must send (None: none
    needed), `limit` the largest body in bytes, `lines.coded(error)` the line of an error,
    `lines.bug(exception)` LS699's."""

    def __init__(self, app, token: bytes | None, limit: int, lines):
        self.app, self.token, self.limit, self.lines = app, token, limit, lines
        self.coded = lines.coded

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def sending(message):
            nonlocal started
            started = True
            await send(message)
        try:
            return await self.checked(scope, receive, sending)
        except Exception as err:  # answered LS699 by the application's handler, if it could
            print(self.lines.bug(err), file=sys.stderr, flush=True)
            if not started:
                await refuse(send, 500, self.lines.bug(err))
            return None

    async def checked(self, scope, receive, send):
        from .errors import BodyTooLarge, Unauthorized

        headers = dict(scope["headers"])
        if self.token is not None and scope["path"] not in OPEN:
            problem = self.unauthorized(headers.get(b"authorization"))
            if problem:
                return await refuse(send, 401, self.coded(Unauthorized(problem)),
                                    ((b"www-authenticate", b"Bearer"),))
        too_large = BodyTooLarge(f"the request body is larger than the service's limit of "
                                 f"{self.limit:,} bytes (--max-body): send fewer rows per "
                                 "request")
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.limit:
            return await refuse(send, 413, self.coded(too_large))
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > self.limit:
                return await refuse(send, 413, self.coded(too_large))
            more = message.get("more_body", False)
        return await self.app(scope, replay(bytes(body), receive), send)

    def unauthorized(self, given: bytes | None) -> str | None:
        """Why the request's Authorization header does not carry the token, or None."""
        if not given:
            return ("no bearer token: this service was started with --token-file; send the "
                    "header Authorization: Bearer <the token>")
        scheme, _, token = given.partition(b" ")
        if scheme.lower() != b"bearer" or not hmac.compare_digest(token.strip(), self.token):
            return "the bearer token is not this service's: send the token of its --token-file"
        return None


def replay(body: bytes, receive):
    """The body, read whole, given to the application as one message."""
    sent = False

    async def again():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # then: a disconnect, as the server reports it
    return again
