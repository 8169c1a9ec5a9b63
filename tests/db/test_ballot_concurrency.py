"""Ballots at the same moment, on SQLite (a file database in WAL mode, as the tests' app uses) and on
PostgreSQL: nine members submitting at once lose nothing; one member submitting from two tabs at once
counts once; voting closing while ballots arrive leaves every ballot counted whole or refused whole.

Each submission is a real request from its own thread, with its own app context and database session
(tests/conftest.py IsolatedClient), released together by a barrier."""

from __future__ import annotations

import threading

from flask import current_app
from sqlalchemy import update

from campaign.extensions import db
from campaign.models import BallotCast, CouncilSession, SessionStatus, VoteTally

BALLOTS = ["aadda", "adaad", "daaad", "aaaaa", "ddaaa", "adada", "aaadd", "dadaa", "aaaad"]


def _in_threads(count: int, work) -> list:
    """`work(i)` for i in 0…count-1, each in its own thread, all released at once; their results (or errors)."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = work(i)
        except Exception as err:  # noqa: BLE001 - reported by the assertions
            outcomes[i] = repr(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def _form(items, ballot):
    data = {f"item_{item}": "agree" if letter == "a" else "disagree" for item, letter in zip(items, ballot, strict=True)}
    return {**data, "buoc": "bo-phieu"}


def _world(council_world, login, users):
    world = council_world(status=SessionStatus.VOTING)
    items = [item.id for item in sorted(world.session.items, key=lambda item: item.position)]
    clients = []
    for index in users:
        client = current_app.test_client()
        assert login(client, world.users[index]).status_code == 302
        clients.append(client)
    return world, items, clients


def _tallies(session_id):
    db.session.expire_all()
    rows = db.session.query(VoteTally).filter_by(session_id=session_id).all()
    return {row.item_id: (row.agree, row.disagree, row.not_voting) for row in rows}


def test_nine_members_voting_at_the_same_moment_are_all_counted(app, council_world, login):
    world, items, clients = _world(council_world, login, range(1, 10))
    url = f"/hoi-dong/phien/{world.session.id}/bo-phieu"
    outcomes = _in_threads(9, lambda i: clients[i].post(url, data=_form(items, BALLOTS[i])).status_code)
    assert outcomes == [302] * 9
    db.session.expire_all()
    assert db.session.query(BallotCast).filter_by(session_id=world.session.id).count() == 9
    tallies = _tallies(world.session.id)
    for column, item in enumerate(items):
        agree = sum(ballot[column] == "a" for ballot in BALLOTS)
        assert tallies[item] == (agree, 9 - agree, 0)
        assert sum(tallies[item]) == 9


def test_one_member_from_two_tabs_at_once_counts_once(app, council_world, login):
    world, items, clients = _world(council_world, login, [2, 2])
    url = f"/hoi-dong/phien/{world.session.id}/bo-phieu"

    def submit(i):
        response = clients[i].post(url, data=_form(items, ["aaaaa", "ddddd"][i]))
        return response.status_code, response.get_data(as_text=True)

    outcomes = _in_threads(2, submit)
    assert sorted(code for code, _ in outcomes) == [200, 302], [o if isinstance(o, str) else o[0] for o in outcomes]
    refused = next(html for code, html in outcomes if code == 200)
    assert "Bạn đã bỏ phiếu trong phiên họp này." in refused
    db.session.expire_all()
    assert db.session.query(BallotCast).count() == 1
    counts = sorted(_tallies(world.session.id).values())
    assert counts in ([(1, 0, 0)] * 5, [(0, 1, 0)] * 5)  # one whole ballot, whichever tab won


def test_closing_while_ballots_arrive_counts_each_ballot_whole_or_not_at_all(app, council_world, login):
    world, items, clients = _world(council_world, login, range(1, 10))
    session_id, url = world.session.id, f"/hoi-dong/phien/{world.session.id}/bo-phieu"
    application = current_app._get_current_object()

    def work(i):
        if i == 9:  # the chair closes voting (the status as services/council.close_voting sets it)
            with application.app_context():
                db.session.execute(update(CouncilSession).where(CouncilSession.id == session_id)
                                   .values(status=SessionStatus.TALLIED, version=CouncilSession.version + 1))
                db.session.commit()
                db.session.remove()
            return "closed"
        response = clients[i].post(url, data=_form(items, BALLOTS[i]))
        return response.status_code

    outcomes = _in_threads(10, work)
    assert outcomes[9] == "closed" and set(outcomes[:9]) <= {200, 302}, outcomes
    db.session.expire_all()
    cast = db.session.query(BallotCast).filter_by(session_id=session_id).count()
    assert cast == outcomes.count(302)
    for counts in _tallies(session_id).values():
        assert sum(counts) == cast  # no ballot half counted, none counted without its participation
