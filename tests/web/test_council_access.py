"""The council's access matrix: every route of the council blueprint, every kind of outsider.

The routes are read from the application's URL map, so a new council page is in this test the day it is
written: an anonymous visitor is sent to the log-in page, and a unit officer, a leader and a council
account who is not a member of the session are refused (403) on every GET and every POST (a GET of an
action's address leads to its page, which refuses). What each
member, the chair, the secretary and the office may do is tested page by page in test_council_*.py.
"""

from __future__ import annotations

import pytest

from campaign.extensions import db
from campaign.models import Recusal, Role, SessionStatus
from campaign.web.council.sessions import STEP_SLUGS

pytestmark = pytest.mark.usefixtures("app")


def _council_urls(app, world) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every council route, its ids taken from the test world."""
    item = world.session.items[0]
    recusal = Recusal(item_id=item.id, person_id=world.session.members[3].person_id, source="manual",
                      reason="Có quan hệ gia đình với người được đề nghị.")
    db.session.add(recusal)
    db.session.commit()
    values = {"session_id": world.session.id, "id": world.session.id, "council_id": world.council.id,
              "item_id": item.id, "criterion_id": world.criteria[0].id,
              "member_id": world.session.members[0].id, "recusal_id": recusal.id, "nomination_id": item.nomination_id}
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("council."):
            continue
        slugs = list(STEP_SLUGS) if "slug" in rule.arguments else [None]  # every step of the session
        for slug in slugs:
            args = {name: values.get(name, 1) for name in rule.arguments} | ({"slug": slug} if slug else {})
            url = rule.build(args, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                urls.append((rule.endpoint, method, url))
    return urls


def test_the_council_has_routes(app, council_world):
    world = council_world()
    assert len(_council_urls(app, world)) >= 10


def test_anonymous_visitors_are_sent_to_log_in(app, client, council_world):
    world = council_world(status=SessionStatus.SCORING)
    for endpoint, method, url in _council_urls(app, world):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"], (endpoint, method, url)


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER])
def test_outsiders_are_refused_everywhere(app, client, council_world, make_user, login, role):
    """A unit's officer, a leader, and a council account that is not in this session's council."""
    world = council_world(status=SessionStatus.SCORING)
    outsider = make_user(role=role, unit=world.units["KHDT"] if role == Role.UNIT_OFFICER else None)
    assert login(client, outsider).status_code == 302
    for endpoint, method, url in _council_urls(app, world):
        if endpoint in PUBLIC_TO_COUNCIL_ACCOUNTS and role == Role.COUNCIL_MEMBER:
            continue
        # A GET of an action's address sends the browser back to its page (web.reopens_at): refused there.
        response = client.open(url, method=method, follow_redirects=method == "GET")
        assert response.status_code == 403, (role, endpoint, method, url, response.status_code)


# Lists that show a council account only its own sessions (an empty list is not a refusal).
PUBLIC_TO_COUNCIL_ACCOUNTS = {"council.sessions"}
