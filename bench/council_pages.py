"""The council's pages at two agenda sizes: time and SQL statements per page.

    .venv/bin/python bench/council_pages.py                    # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/council_pages.py

Builds the test suite's council world (nine members; tests/factories.make_council_world) with 5 and with 105
nominations on the agenda, every member's sheet scored and submitted and every ballot counted, then asks each
council page 10 times as the member, the chair or the office would, and prints the median and worst time and
the statements per request. The same number of statements at both sizes is what the suite checks
(count_queries); the times are this machine's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import downgrade, upgrade  # noqa: E402
from sqlalchemy import event, update  # noqa: E402

from campaign import create_app  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.models import (  # noqa: E402
    AgendaItem,
    CouncilSession,
    Person,
    Score,
    SessionStatus,
    Unit,
    User,
    VoteTally,
    utcnow,
)
from campaign.services.scoring import build_sheet  # noqa: E402
from tests.factories import make_council_world, make_nomination  # noqa: E402

PASSWORD = "bench-password-123"
_n = itertools.count(1)


def make_unit(code=None, name=None, parent=None, **kw):
    n = next(_n)
    unit = Unit(code=code or f"DV{n}", name=name or f"Phòng {n}", parent_id=parent.id if parent else None,
                sort_order=n, **kw)
    db.session.add(unit)
    db.session.commit()
    return unit


def make_person(full_name="Nguyễn Văn An", unit=None, **kw):
    person = Person(unit_id=(unit or make_unit()).id, gender=kw.pop("gender", "nam"),
                    date_of_birth=kw.pop("date_of_birth", dt.date(1985, 3, 12)),
                    employment_type=kw.pop("employment_type", "cong_chuc"), position=kw.pop("position", "Chuyên viên"),
                    **kw)
    person.set_name(full_name)
    db.session.add(person)
    db.session.commit()
    return person


def make_user(username=None, role="office", unit=None, password=PASSWORD, **kw):
    n = next(_n)
    user = User(username=username or f"user{n}", full_name=kw.pop("full_name", f"Người dùng {n}"), role=role,
                unit_id=unit.id if unit else None, active=True, **kw)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def build(extra: int):
    """The council world with `extra` more LĐTT dossiers of Phòng DNGS on the agenda, scored and voted."""
    world = make_council_world(make_unit, make_person, make_user, status=SessionStatus.SCORING)
    officer, ldtt = world.officers["DNGS"], world.awards["LDTT"]
    world.phase.nomination_closes_at = dt.datetime(2099, 1, 1)
    for index in range(extra):
        person = make_person(f"Trần Văn Số {index}", world.units["DNGS"])
        nomination = make_nomination(officer, world.phase, ldtt, person=person, state="accepted")
        db.session.add(AgendaItem(session_id=world.session.id, nomination_id=nomination.id, position=6 + index))
    world.phase.nomination_closes_at = dt.datetime(2000, 1, 1)
    db.session.commit()
    db.session.refresh(world.session)
    for member in world.session.members:
        sheet = build_sheet(world.session, member)
        for item_sheet in sheet.items:
            if item_sheet.recused:
                continue
            for cell in item_sheet.cells:
                points = cell.prefilled if cell.prefilled is not None else cell.criterion.max_points * Decimal("0.8")
                db.session.add(Score(session_id=world.session.id, item_id=item_sheet.item.id,
                                     person_id=member.person_id, criterion_id=cell.criterion.id, points=points,
                                     prefilled=cell.prefilled))
        member.scores_submitted_at = utcnow()
    db.session.add_all(VoteTally(session_id=world.session.id, item_id=item.id, agree=7, disagree=2)
                       for item in world.session.items)
    db.session.commit()
    return world.session.id, {"member": world.users[3].username, "chair": world.users[1].username,
                              "office": "bench-office"}


def measure(app, session_id: int, users: dict, label: str) -> None:
    pages = [
        ("member", f"/hoi-dong/phien/{session_id}/cham-diem", SessionStatus.SCORING),
        ("chair", f"/hoi-dong/phien/{session_id}/tien-do", SessionStatus.SCORING),
        ("chair", f"/hoi-dong/phien/{session_id}", SessionStatus.SCORING),
        ("chair", f"/hoi-dong/phien/{session_id}/dien-bien", SessionStatus.SCORING),
        ("member", f"/hoi-dong/phien/{session_id}/bo-phieu", SessionStatus.VOTING),
        ("office", f"/hoi-dong/phien/{session_id}/tong-hop", SessionStatus.TALLIED),
        ("chair", f"/hoi-dong/phien/{session_id}/kiem-phieu", SessionStatus.TALLIED),
        ("chair", f"/hoi-dong/phien/{session_id}/xep-hang", SessionStatus.TALLIED),
        ("chair", f"/hoi-dong/phien/{session_id}/xep-hang.xlsx", SessionStatus.TALLIED),
    ]
    clients = {}
    for who, username in users.items():
        client = app.test_client()
        client.post("/dang-nhap", data={"username": username, "password": PASSWORD})
        clients[who] = client
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    for who, url, status in pages:
        with app.app_context():
            db.session.execute(update(CouncilSession).where(CouncilSession.id == session_id).values(status=status))
            db.session.commit()
        times = []
        for _ in range(10):
            counter["n"] = 0
            start = time.perf_counter()
            response = clients[who].get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:>10}  {who:<6} {url.split(str(session_id), 1)[1] or '/':<16} median "
              f"{statistics.median(times):7.1f} ms   max {max(times):7.1f} ms   {counter['n']} SQL statements")
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", count)


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    for extra in (0, 100):
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.db",
                              "SECRET_KEY": "bench", "UPLOAD_DIR": tmp, "WTF_CSRF_ENABLED": False})
            with app.app_context():
                upgrade()
                make_user("bench-office", role="office")
                session_id, users = build(extra)
                db.session.remove()
            measure(app, session_id, users, f"{5 + extra} hồ sơ")
            with app.app_context():
                db.session.remove()
                if url:
                    downgrade(revision="base")
                db.engine.dispose()


if __name__ == "__main__":
    main()
