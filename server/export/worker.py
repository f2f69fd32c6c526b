"""What runs in an export worker process: a renderer, at a lower scheduling priority, so on a
busy machine the server's event loop (live editing) is served first and exports take what
CPU is left."""

from __future__ import annotations

import os

from server.export import FORMATS, ExportDocument

_NICENESS = 10
_niced = False


def render_in_worker(extension: str, document: ExportDocument) -> bytes:
    """Render `document` as `extension` (a key of `FORMATS`) in this worker process, lowering
    the process's priority the first time. Only for `anyio.to_process`: in the server's own
    process this would slow the event loop's thread."""
    global _niced
    if not _niced:
        os.nice(_NICENESS)
        _niced = True
    return FORMATS[extension].render(document)


def ready() -> None:
    """Nothing: called to have a worker process started and idle before a render's time starts.
    A render cancelled while its worker process is still starting leaves that process behind
    (the process pool kills a worker only once it has started), so the render's deadline must
    never cover the start."""
