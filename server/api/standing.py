"""A person's standing toward a statement or a forum, or the error that says why they have none:
the permission checks every route of a statement or forum starts with. Not routes: the routes
of several resources share them."""

from __future__ import annotations

from server.actions.standing import forum_standing_toward, standing_toward

# The statement check is the actions' own: one refusal for both.
viewable_standing = standing_toward


# Likewise the forum check: 404 `no_such_forum`, what they may do there the caller's check.
forum_standing = forum_standing_toward
