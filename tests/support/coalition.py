"""The demo forum's coalition rules, for tests about something else.

HLPF 2027 in the demo needs three organisations from two regions to have signed before a
statement is finalised. A test of the lifecycle, of disputes or of live events that finalises
a statement without signing it first lifts the rules (as a facilitator would, through the real
route), so what it tests does not depend on co-signing, tested in `tests/api/test_signatures.py`.
"""

from __future__ import annotations

from tests.support.http import signed_in_as
from tests.support.servers import Server

DEMO_FORUM = 1
NO_RULES = {
    "coalition_min_organisations": 0,
    "coalition_min_regions": 0,
    "coalition_min_global_south": 0,
    "coalition_min_constituencies": 0,
}


def without_coalition_rules(server: Server, accounts: dict[str, str]) -> None:
    """Set every coalition minimum of the demo forum to 0 (no rule), as its facilitator."""
    email = "ingrid@example.org"
    with signed_in_as(server, email, accounts[email]) as ingrid:
        ingrid.patch(f"/api/forums/{DEMO_FORUM}", json=NO_RULES).raise_for_status()
