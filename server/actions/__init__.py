"""The application layer: one function per thing a person does, in modules named for what
people work on (`statements`: finalise, reopen, deliver; …).

Each action takes who is acting and what they asked, and owns the whole of it: the permission
(the domain's one table), the transaction, the domain's decision, the change to the room when
the text changes, and one record of what happened (`server.domain.happenings`), written in the
same transaction. The audit log's line is written from the record in that transaction; once it
has committed, the `Announcer` tells the events it implies. Routes parse, call an action, and
answer; an action refuses with `Refused`, which the routes' error handler answers as the one
JSON error shape.

Actions receive what they work with (`Services`): nothing here imports the running app
(`Chorus`), its routes or its websocket endpoints.
"""
