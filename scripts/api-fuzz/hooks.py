"""Schemathesis hooks for Chorus: how to send a raw e-mail (the inbound mail door)."""

import schemathesis


@schemathesis.serializer("message/rfc822")
def rfc822(ctx, value):
    """A raw RFC 5322 message is bytes on the wire; generated strings are sent as UTF-8."""
    if isinstance(value, bytes):
        return value
    if value is None:
        return b""
    return str(value).encode("utf-8", "surrogatepass")
