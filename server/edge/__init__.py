"""The app's edge: the parts that need the whole running app (`server.chorus.Chorus`) to put
the lower packages together. The editor's websocket (`/ws/statements/{id}`), the pages' event
websocket (`/ws/events`), and what follows a change of someone's access (their events, their
pages, their open editors) live here.

Dependencies point one way: `app.py` and the routes (`api/`) call in here; this package calls
`collab/`, `events/`, `db/`, `auth/` and `domain/`, which import nothing of the running app
(`Chorus`), the routes or this package (`tests/test_dependencies.py` holds them to it).
"""
