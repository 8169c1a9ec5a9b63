"""A decision with its list at 100 and 1.000 awardees: seconds, SQL statements and file sizes.

    .venv/bin/python bench/decision_docx.py                    # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/decision_docx.py

Builds the test suite's council world (tests/factories.make_council_world), approved as the documents' tests
approve it (tests/web/test_documents.py, `approved`), drafts the session's documents through
services/decisions.py, then lists N LĐTT awardees in the LĐTT draft (people and dossiers inserted directly,
in "in decision"). Times (a) building the draft decision's .docx with its list (decisions.docx_bytes),
(b) issuing it (decisions.issue: the build with its number and date, the stored file, N awards into the
history), (c) the .xlsx list (services/documents.list_xlsx), (d) the document's page as the office; run in
the order a, c, d (the draft), b, then the issued page and the issued file again. Each step runs in a fresh database session, as a request would. Goal (issue 10): the 1.000
decision, built and issued, each under 3 s on this machine. A figure, not a test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import downgrade, upgrade  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from campaign import create_app  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.models import (  # noqa: E402
    Agency,
    AwardRecord,
    BaseSalaryRate,
    DocumentKind,
    Nomination,
    NominationStatus,
    Person,
    Role,
    SessionStatus,
    Signer,
    Unit,
    User,
    local_now,
)
from campaign.services import decisions, ranking  # noqa: E402
from campaign.services import documents as registry  # noqa: E402
from tests.factories import make_council_world  # noqa: E402
from tests.web.test_council_ranking import set_votes  # noqa: E402

PASSWORD = "bench-password-123"
GOAL_SECONDS = 3.0
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


_hash: dict[str, str] = {}


def make_user(username=None, role="office", unit=None, password=PASSWORD, **kw):
    n = next(_n)
    user = User(username=username or f"user{n}", full_name=kw.pop("full_name", f"Người dùng {n}"), role=role,
                unit_id=unit.id if unit else None, active=True, **kw)
    if password not in _hash:  # one scrypt hash for the whole world
        user.set_password(password)
        _hash[password] = user.password_hash
    user.password_hash = _hash[password]
    db.session.add(user)
    db.session.commit()
    return user


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Lan", "Long", "Mai", "Nam", "Oanh",
         "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vinh", "Yến"]


def build(awardees: int) -> tuple[int, int]:
    """The approved world, its documents drafted, the LĐTT draft grown to `awardees` entries.
    Returns (the document's id, the office's id)."""
    today = local_now().date()
    world = make_council_world(make_unit, make_person, make_user, status=SessionStatus.TALLIED,
                               nomination_state=NominationStatus.VOTED)
    db.session.add(Agency(name="Ban Quản lý Khu kinh tế Vân Phong", parent_body="UBND TỈNH KHÁNH HÒA",
                              establishing_decision="Quyết định số 12/2025/QĐ-UBND ngày 01/7/2025 của UBND tỉnh",
                          symbol="KKTVP", place_name="Khánh Hòa", short_name="Ban Quản lý",
                          signers=[Signer(full_name="Trần Minh Chiến", title="Trưởng Ban", is_head=True),
                                   Signer(full_name="Phan Châu Vinh", title="Phó Trưởng Ban", sort_order=1)]))
    db.session.add(BaseSalaryRate(effective_from=dt.date(2024, 7, 1), amount=2340000))
    world.awards["LDTT"].bonus_individual = Decimal("0.3")
    gk = world.awards["GK"]
    gk.bonus_individual, gk.bonus_collective = Decimal("0.3"), Decimal("0.6")
    world.session.held_on = today - dt.timedelta(days=5)
    db.session.commit()
    set_votes(world, (9, 9, 9, 9, 9))
    ranking.approve(world.chair, world.session)
    office = make_user("bench-office", role=Role.OFFICE, full_name="Võ Mỹ Quyên")
    decisions.draft_session_documents(office, world.session)
    ldtt = next(d for d in decisions.session_documents(world.session)
                if d.kind == DocumentKind.DECISION and d.award_form.code == "LDTT")
    units = [world.units[code] for code in ("VP", "KHDT", "DNGS", "TT")]
    extra = awardees - len(ldtt.entries)
    people = []
    for index in range(extra):
        person = Person(unit_id=units[index % len(units)].id, gender="nu" if index % 3 else "nam",
                        date_of_birth=dt.date(1970 + index % 30, 1 + index % 12, 1 + index % 28),
                        employment_type="cong_chuc", position="Chuyên viên" if index % 5 else "Phó Trưởng phòng")
        person.set_name(f"{SURNAMES[index % len(SURNAMES)]} {MIDDLES[index // 14 % len(MIDDLES)]} "
                        f"{GIVEN[index // 112 % len(GIVEN)]} {index:04d}")
        people.append(person)
    db.session.add_all(people)
    db.session.flush()
    position = len(ldtt.entries)
    for person in people:
        nomination = Nomination(phase_id=world.phase.id, award_form_id=world.awards["LDTT"].id,
                                unit_id=person.unit_id, nominee_kind="individual", nominee_unit_id=person.unit_id,
                                person_id=person.id, subject=f"P{person.id}", status=NominationStatus.IN_DECISION)
        db.session.add(nomination)
        position += 1
        ldtt.entries.append(decisions.DocumentEntry(nomination=nomination, position=position))
    db.session.commit()
    assert len(ldtt.entries) == awardees, (len(ldtt.entries), awardees)
    return ldtt.id, office.id


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *_args):
        self.n += 1


def timed(app, counter: Counter, step):
    """Run `step()` in a fresh database session; (seconds, statements, its result)."""
    with app.app_context():
        db.session.remove()
        counter.n = 0
        start = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - start
        statements = counter.n
        db.session.remove()
    return seconds, statements, result


def kb(size: int) -> str:
    return f"{size / 1024:8.1f} KB"


def measure(app, document_id: int, office_id: int, awardees: int) -> list[float]:
    counter = Counter()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)
    client = app.test_client()
    with app.app_context():
        username = db.session.get(User, office_id).username
    assert client.post("/dang-nhap", data={"username": username, "password": PASSWORD}).status_code == 302
    today = local_now().date().strftime("%d/%m/%Y")
    label = f"{awardees:>5} người"
    rows = []

    def docx():
        return len(decisions.docx_bytes(decisions.load_document(document_id)))

    def xlsx():
        return len(registry.list_xlsx(decisions.load_document(document_id)))

    def page():
        response = client.get(f"/van-ban/{document_id}")
        assert response.status_code == 200, response.status_code
        return len(response.data)

    def issue():
        document = decisions.issue(db.session.get(User, office_id), decisions.load_document(document_id),
                                   number_text="5", date_text=today)
        awarded = db.session.scalar(select(func.count(AwardRecord.id)).where(AwardRecord.document_id == document.id))
        assert awarded == awardees, (awarded, awardees)
        return document.file.size if document.file is not None else 0

    for name, step in (("(a) .docx của dự thảo", docx), ("(c) danh sách .xlsx", xlsx),
                       ("(d) trang văn bản (dự thảo)", page), ("(b) ban hành", issue),
                       ("(d) trang văn bản (đã ban hành)", page), ("(a) .docx đã ban hành", docx)):
        seconds, statements, size = timed(app, counter, step)
        rows.append(seconds)
        print(f"{label}  {name:<32} {seconds:7.3f} s  {statements:5d} SQL statements  {kb(size)}", flush=True)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", counter)
    return rows


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    verdict = []
    for awardees in (100, 1000):
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.db",
                              "SECRET_KEY": "bench", "UPLOAD_DIR": tmp, "WTF_CSRF_ENABLED": False})
            with app.app_context():
                upgrade()
                start = time.perf_counter()
                document_id, office_id = build(awardees)
                print(f"{awardees:>5} người  (dựng dữ liệu: {time.perf_counter() - start:.1f} s)", flush=True)
                db.session.remove()
            rows = measure(app, document_id, office_id, awardees)
            if awardees == 1000:
                verdict = [("the .docx", rows[0]), ("issuing", rows[3])]
            with app.app_context():
                db.session.remove()
                if url:
                    downgrade(revision="base")
                db.engine.dispose()
    for name, seconds in verdict:
        print(f"1.000 awardees, {name}: {seconds:.2f} s — goal {GOAL_SECONDS:.0f} s: "
              f"{'met' if seconds < GOAL_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
