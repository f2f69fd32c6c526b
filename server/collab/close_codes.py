"""Websocket close codes, in one place: 4000 plus the HTTP meaning, standard codes where they fit.

Reasons stay short: the protocol caps them at 123 bytes.
"""

from __future__ import annotations

GOING_AWAY = 1001  # the server is shutting down; reconnect
UNSUPPORTED_DATA = 1003  # a text frame: the protocol is binary
INVALID_PAYLOAD = 1007  # not a valid y-websocket message or Yjs update
POLICY_VIOLATION = 1008  # Origin not allowed
MESSAGE_TOO_BIG = 1009
INTERNAL_ERROR = 1011
TRY_AGAIN_LATER = 1013  # this connection fell too far behind; reconnect and resync

NOT_SIGNED_IN = 4401
NOT_ALLOWED = 4403
NO_SUCH_STATEMENT = 4404
READ_ONLY = 4409  # kept sending updates to a read-only statement
DOCUMENT_TOO_LARGE = 4413
TOO_MANY_MESSAGES = 4429
