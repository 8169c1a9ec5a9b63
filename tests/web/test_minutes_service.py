"""The council's minutes and ballot result from a session driven through the services (services/minutes.py):
scoring, the secret ballot with a written one, closing, the chair's move and the approval, then the .docx
read back with python-docx; refusals before the tally; a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Agency, AgendaItem, Attendance, Recusal, SessionStatus
from campaign.services import ServiceError
from campaign.services import ballots as ballot_service
from campaign.services import council as council_service
from campaign.services import minutes as minutes_service
from campaign.services import ranking as ranking_service
from campaign.services import scoring as scoring_service

SCRIPT = "<script>alert(1)</script>"
# Per member (COUNCIL_MEMBERS' order), a/d for the agenda: KHDT's collective (GK), Lý Thị Mai, Phan Văn Hùng,
# Hoàng Thị Yến, the DNGS nominee renamed SCRIPT. Member 5 (Võ Thị Lan) is absent with a written ballot.
# GK 6/9, Mai 9/9, Hùng 8/9, Yến 7/9, SCRIPT 4/9.
VOTES = ["aaaaa", "aaaaa", "aaaaa", "aaaaa", "aaaad", "aaaad", "daaad", "daadd", "dadd" + "d"]
YEN_REASON = "Có sáng kiến được áp dụng toàn Ban trong năm, Hội đồng thống nhất đưa vào danh sách."


def _agency():
    db.session.add(Agency(name="Ban Quản lý Khu kinh tế Vân Phong", parent_body="UBND TỈNH KHÁNH HÒA",
                          symbol="KKTVP", place_name="Khánh Hòa"))


def _items(world):
    return sorted(world.session.items, key=lambda item: item.position)


def _score_all(world, user):
    """Every item the member must score: the qualitative criterion at 45 (40 for the collective's)."""
    recused = {r.item_id for r in db.session.scalars(select(Recusal).where(Recusal.person_id == user.person_id))}
    for item in _items(world):
        if item.id in recused:
            continue
        criterion = world.criteria[1] if item.nomination.person_id else world.criteria[3]
        scoring_service.save_score(user, world.session, item, criterion, Decimal("45"), "")
    scoring_service.submit_scores(user, world.session)


@pytest.fixture
def driven(council_world):
    """The world's session taken through every step by the services; `approve=False` stops at tallied."""

    def make(*, approve: bool = True, leave_recused: bool = False):
        _agency()
        world = council_world(ldtt_quota=2)
        world.people["dngs"].set_name(SCRIPT)
        db.session.commit()
        session = world.session
        session.starts_at = "08:00"
        session.recused_leave_ballot = leave_recused
        written = next(m for m in session.members if m.user_id == world.users[5].id)
        council_service.set_attendance(world.secretary, session, {written.id: Attendance.WRITTEN})
        council_service.open_scoring(world.chair, session)
        for index, user in world.users.items():
            if index != 5:
                _score_all(world, user)
        council_service.open_voting(world.chair, session)
        for index, pattern in enumerate(VOTES, start=1):
            person_id = world.users[index].person_id
            off = {r.item_id for item in session.items for r in item.recusals if r.person_id == person_id}
            choices = {item.id: "agree" if letter == "a" else "disagree"
                       for item, letter in zip(_items(world), pattern, strict=True)
                       if not (leave_recused and item.id in off)}
            if index == 5:
                ballot_service.record_written_ballot(world.secretary, session, written, choices)
            else:
                ballot_service.cast_ballot(world.users[index], session, choices)
        council_service.close_voting(world.chair, session)
        session.voting_closed_at = dt.datetime(2026, 12, 20, 3, 25)  # 10:25 in Vietnam
        db.session.commit()
        if approve:
            yen = _items(world)[3]
            ranking_service.set_override(world.chair, session, yen, "up", YEN_REASON)
            db.session.refresh(session)
            ranking_service.approve(world.chair, session, session.version)
            session.approved_at = dt.datetime(2026, 12, 20, 4, 30)  # 11:30 in Vietnam
            db.session.commit()
        return world

    return make


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text.replace("\n", " ") for cell in row.cells))
    return "\n".join(parts).replace("\xa0", " ")


def _rows(doc, heading: str) -> dict[str, list[str]]:
    """The rows of every table whose heading row has `heading`, by the nominee's (or member's) name: the
    first line of the second cell."""
    found = {}
    for table in doc.tables:
        if heading in [c.text for c in table.rows[0].cells]:
            for row in table.rows[1:]:
                cells = [c.text for c in row.cells]
                found.setdefault(cells[1].split("\n")[0], cells)
    assert found, heading
    return found


def test_the_minutes_of_a_driven_session(driven):
    world = driven()
    data = minutes_service.minutes_docx(world.session)
    if os.environ.get("MINUTES_OUT"):
        Path(os.environ["MINUTES_OUT"]).write_bytes(data)
    doc = _open(data)
    text = _text(doc)
    # Header: the board above the council, the number left blank, the place and the meeting's date
    assert "BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG" in text and "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Số:      /BB-HĐTĐKT" in text and "Khánh Hòa, ngày 20 tháng 12 năm 2026" in text
    assert "BIÊN BẢN" in [p.text for p in doc.paragraphs]
    assert "Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng" in text
    assert "Thời gian: 08 giờ 00 phút, ngày 20 tháng 12 năm 2026." in text
    assert "Địa điểm: Phòng họp số 1." in text
    assert "Chủ trì: Lê Văn Tuấn, Trưởng Ban, Chủ tịch Hội đồng." in text
    assert "Thư ký: Ngô Thu Trang, Phó Chánh Văn phòng, Ủy viên kiêm Thư ký." in text
    assert ("Võ Thị Lan, Trưởng phòng Doanh nghiệp – Giấy phép, Ủy viên (vắng mặt, có phiếu bầu bằng văn bản)"
            in text)
    assert "Có mặt 8/9 thành viên Hội đồng, đủ điều kiện tiến hành cuộc họp theo quy định (từ 2/3 trở lên" in text
    # Proceedings by award form, the secret ballot's sentence
    assert "5 hồ sơ đề nghị khen thưởng: Lao động tiên tiến: 4 cá nhân; Giấy khen của Trưởng Ban: 1 tập thể." in text
    assert ("Hội đồng đã bỏ phiếu kín, kết quả: có 9/9 thành viên bỏ phiếu (trong đó 1 phiếu bằng văn bản), "
            "9 phiếu hợp lệ; 4/5 hồ sơ đạt") in text
    votes = _rows(doc, "Số phiếu đồng ý")
    assert votes["Phòng Kế hoạch – Đầu tư"][2:] == ["6/9", "66,67%", "trên 50%", "Đạt"]
    assert votes["Lý Thị Mai"][2:4] == ["9/9", "100%"]
    assert votes[SCRIPT][2:] == ["4/9", "44,44%", "trên 50%", "Không đạt"]
    assert votes["Hoàng Thị Yến"][1] == "Hoàng Thị Yến\nVăn phòng"
    # Scores per list, the chair's move with its reason, the recusals, the conclusions, the closing time
    scores = _rows(doc, "Điểm bình quân")
    assert set(scores) == set(votes) and scores["Hoàng Thị Yến"][2:] == ["Văn phòng", "85"]
    assert f"đưa vào danh sách đề nghị. Lý do: {YEN_REASON}" in text
    recusals = [row for table in doc.tables if "Lý do" in [c.text for c in table.rows[0].cells]
                for row in [[c.text for c in r.cells] for r in table.rows[1:]]]
    # One line per member and reason, listing the dossiers: KHĐT's member stood aside for KHĐT's two people.
    by_member = {(row[1], row[3]): row[2] for row in recusals}
    assert by_member[("Trần Minh Khoa", "Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư).")] == (
        "Lý Thị Mai (Lao động tiên tiến); Phan Văn Hùng (Lao động tiên tiến)"), recusals
    assert f"{SCRIPT} (Lao động tiên tiến)" in by_member[
        ("Võ Thị Lan", "Thuộc đơn vị đề nghị khen thưởng (Phòng Doanh nghiệp – Giấy phép).")]
    assert [row[0] for row in recusals] == [str(n) for n in range(1, len(recusals) + 1)]
    assert "Hội đồng thống nhất đề nghị khen thưởng" in text
    assert "Cuộc họp kết thúc vào lúc 11 giờ 30 phút cùng ngày." in text
    signatures = doc.tables[-1]
    assert [c.text.replace("\xa0", " ") for c in signatures.rows[0].cells] == ["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"]
    assert [c.text for c in signatures.rows[1].cells] == ["Ngô Thu Trang", "Lê Văn Tuấn"]


def test_the_editable_texts_override_the_defaults_key_by_key(driven):
    world = driven()
    defaults = minutes_service.default_minutes_texts(world.session)
    assert set(defaults) == {key for key, _label, _multi in minutes_service.MINUTES_FIELDS}
    assert defaults["closing_time"] == "11:30" and defaults["started_at"] == "08:00"
    assert "Lý Thị Mai" in defaults["conclusions"] and "Hoàng Thị Yến" in defaults["conclusions"]
    minutes = minutes_service.minutes_document(world.session, texts={"closing_time": "9:45",
                                                                     "proceedings": "Dòng một.\nDòng hai."},
                                               number=7, issued_on=dt.date(2026, 12, 21))
    assert minutes.closing_time == "09:45" and minutes.proceedings == "Dòng một.\nDòng hai."
    assert minutes.conclusions == defaults["conclusions"]  # a key not given keeps its default
    text = _text(_open(minutes_service.minutes_docx(world.session, texts={"closing_time": "9:45"}, number=7,
                                                    issued_on=dt.date(2026, 12, 21))))
    assert "Số: 07/BB-HĐTĐKT" in text and "Khánh Hòa, ngày 21 tháng 12 năm 2026" in text
    assert "Cuộc họp kết thúc vào lúc 09 giờ 45 phút cùng ngày." in text
    with pytest.raises(ServiceError, match="giờ:phút") as refused:
        minutes_service.minutes_docx(world.session, texts={"closing_time": "25:00"})
    assert refused.value.field == "closing_time"
    # Approved another day: the closing line says which
    world.session.approved_at = dt.datetime(2026, 12, 21, 2, 0)
    db.session.commit()
    text = _text(_open(minutes_service.minutes_docx(world.session)))
    assert "Cuộc họp kết thúc vào lúc 09 giờ 00 phút, ngày 21 tháng 12 năm 2026." in text


def test_the_ballot_results_texts(driven):
    world = driven(approve=False)
    defaults = minutes_service.default_ballot_texts(world.session)
    assert set(defaults) == {key for key, _label, _multi in minutes_service.BALLOT_FIELDS}
    assert defaults == {"note": "", "closing_time": "10:25"}
    text = _text(_open(minutes_service.ballot_result_docx(
        world.session, texts={"note": "Ban kiểm phiếu gồm Thư ký Hội đồng và hai Ủy viên."}, number=4,
        issued_on=dt.date(2026, 12, 20))))
    assert "Ban kiểm phiếu gồm Thư ký Hội đồng và hai Ủy viên." in text and "Số: 04/BB-HĐTĐKT" in text
    assert "Việc kiểm phiếu kết thúc vào lúc 10 giờ 25 phút cùng ngày./." in text


def test_the_ballot_result(driven):
    world = driven(approve=False)
    assert world.session.status == SessionStatus.TALLIED
    data = minutes_service.ballot_result_docx(world.session)
    if os.environ.get("BALLOT_OUT"):
        Path(os.environ["BALLOT_OUT"]).write_bytes(data)
    doc = _open(data)
    text = _text(doc)
    assert "BIÊN BẢN KIỂM PHIẾU" in [p.text for p in doc.paragraphs]
    assert "Số:      /BB-HĐTĐKT" in text
    assert "1. Tổng số thành viên Hội đồng: 9." in text
    assert "2. Số phiếu phát ra: 9 (8 phiếu tại cuộc họp, 1 phiếu bằng văn bản)." in text
    assert "3. Số phiếu thu vào: 9." in text and "4. Số phiếu hợp lệ: 9; số phiếu không hợp lệ: 0." in text
    rows = _rows(doc, "Không đồng ý")
    assert rows["Phòng Kế hoạch – Đầu tư"][2:] == ["6", "3", "66,67%", "trên 50%", "Đạt"]
    assert rows[SCRIPT][1:] == [f"{SCRIPT}\nPhòng Doanh nghiệp – Giấy phép", "4", "5", "44,44%", "trên 50%",
                                "Không đạt"]
    assert "Việc kiểm phiếu kết thúc vào lúc 10 giờ 25 phút cùng ngày./." in text
    assert [c.text for c in doc.tables[-1].rows[1].cells] == ["Ngô Thu Trang", "Lê Văn Tuấn"]
    # Minutes of a tallied session: the ranking's proposal, no move of the chair
    minutes = _text(_open(minutes_service.minutes_docx(world.session)))
    assert "Chủ tịch Hội đồng không điều chỉnh kết quả xét theo ngưỡng cắt." in minutes
    assert "Cuộc họp kết thúc vào lúc 10 giờ 25 phút cùng ngày." in minutes


def test_recused_members_left_off_their_ballot(driven):
    world = driven(approve=False, leave_recused=True)
    data = minutes_service.ballot_result_docx(world.session)
    if os.environ.get("BALLOT_OUT"):
        Path(os.environ["BALLOT_OUT"]).write_bytes(data)
    doc = _open(data)
    rows = _rows(doc, "Không tham gia")
    # Trần Minh Khoa (KHDT) left KHDT's three items off; the DNGS nominee lost Võ Thị Lan's and Hồ Ngọc Sơn's
    assert rows["Phòng Kế hoạch – Đầu tư"][2:6] == ["5", "3", "1", "55,56%"]
    assert rows[SCRIPT][2:5] == ["4", "3", "2"]
    assert "Thành viên thuộc trường hợp tránh chấm điểm không bỏ phiếu đối với hồ sơ có liên quan" in _text(doc)
    assert "4. Số phiếu hợp lệ: 9; số phiếu không hợp lệ: 0." in _text(doc)


@pytest.mark.parametrize("status", [SessionStatus.PREPARED, SessionStatus.SCORING, SessionStatus.VOTING])
def test_no_minutes_before_the_tally(council_world, status):
    _agency()
    world = council_world(status=status)
    with pytest.raises(ServiceError, match="^Phiên họp chưa kiểm phiếu: "):
        minutes_service.minutes_docx(world.session)
    with pytest.raises(ServiceError, match="^Phiên họp chưa kiểm phiếu: "):
        minutes_service.ballot_result_docx(world.session)
    with pytest.raises(ServiceError, match="^Phiên họp chưa kiểm phiếu: "):
        minutes_service.default_minutes_texts(world.session)


def _grow(world, count):
    """`count` more LDTT nominations on the agenda, voted and tallied, each with a recusal."""
    from campaign.models import NominationStatus, Person, VoteTally
    from tests.factories import make_nomination

    officer, unit = world.officers["DNGS"], world.units["DNGS"]
    closes = world.phase.nomination_closes_at
    world.phase.nomination_closes_at = closes + dt.timedelta(days=30)
    for k in range(count):
        person = Person(unit_id=unit.id, gender="nam", date_of_birth=dt.date(1990, 1, 1),
                        employment_type="cong_chuc", position="Chuyên viên")
        person.set_name(f"Người Thêm {k}")
        db.session.add(person)
        db.session.flush()
        nomination = make_nomination(officer, world.phase, world.awards["LDTT"], person=person,
                                     state=NominationStatus.VOTED)
        item = AgendaItem(session_id=world.session.id, nomination_id=nomination.id, position=10 + k)
        db.session.add(item)
        db.session.flush()
        db.session.add(VoteTally(session_id=world.session.id, item_id=item.id, agree=5, disagree=4))
        db.session.add(Recusal(item_id=item.id, person_id=world.members[4][0].id, reason="Cùng đơn vị"))
    world.phase.nomination_closes_at = closes
    db.session.commit()


def test_the_same_queries_at_two_agenda_sizes(council_world, count_queries):
    from campaign.models import NominationStatus

    _agency()
    world = council_world(status=SessionStatus.TALLIED, nomination_state=NominationStatus.VOTED)
    minutes_service.minutes_docx(world.session)
    db.session.expire_all()  # as in a request: nothing loaded beforehand
    with count_queries() as small:
        minutes_service.minutes_docx(world.session)
    with count_queries() as ballot_small:
        minutes_service.ballot_result_docx(world.session)
    _grow(world, 6)
    db.session.expire_all()
    with count_queries() as large:
        data = minutes_service.minutes_docx(world.session)
    with count_queries() as ballot_large:
        minutes_service.ballot_result_docx(world.session)
    assert "Người Thêm 5" in _text(_open(data))
    print(f"minutes: {small.count} / {large.count} queries; ballot result: {ballot_small.count} / "
          f"{ballot_large.count}")
    if os.environ.get("QUERIES_OUT"):
        Path(os.environ["QUERIES_OUT"]).write_text("\n=====\n".join(small.statements) + "\n#####\n"
                                                   + "\n=====\n".join(large.statements))
    assert large.count == small.count, (small.count, large.count)
    assert ballot_large.count == ballot_small.count


@pytest.mark.parametrize(("title", "subject"), [
    ("Phiên họp xét danh hiệu thi đua năm 2025", "Họp Hội đồng Thi đua – Khen thưởng xét danh hiệu thi đua năm 2025"),
    ("Sơ kết giai đoạn 1", "Họp Hội đồng Thi đua – Khen thưởng xét sơ kết giai đoạn 1"),
    ("Họp Hội đồng Thi đua – Khen thưởng quý IV", "Họp Hội đồng Thi đua – Khen thưởng quý IV"),
])
def test_the_default_subject_from_the_sessions_title(title, subject):
    from types import SimpleNamespace

    assert minutes_service.default_subject(SimpleNamespace(title=title)) == subject
