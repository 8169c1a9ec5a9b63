"""Demo dossiers: phase 1 (its window already closed) with about 25 nominations across the units and
award forms, with results, initiatives, prior awards, a sanction and evidence files, some returned and
resubmitted, most accepted; phase 2 (open) with a few drafts.

Deterministic: who is nominated for what follows the staff order, the values follow the criteria. Found
again by natural keys (phase, award, nominee; unit and title; person and year), so a second run adds
nothing. Results and dossiers go through the real services (results, nominations, and so the workflow's
one transition), each step at its own demo time inside the phase's window (the services' `now`).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..extensions import db
from ..models import (
    AwardRecord,
    Criterion,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Person,
    Result,
    Role,
    Sanction,
    User,
    subject_key,
)
from ..services import files as file_service
from ..services import nominations, results

# (unit code, award code, index of the person in the unit's staff order, or None for the unit itself, state)
# state: accepted | returned_then_accepted | submitted | draft
PHASE_ONE = [
    ("VP", "TTLDTT", None, "accepted"), ("KHDT", "TTLDXS", None, "returned_then_accepted"),
    ("DNGS", "TTLDTT", None, "accepted"), ("QLDAHT", "TTLDTT", None, "submitted"),
    ("VP.TH", "GK", None, "accepted"), ("QLDAHT.KT", "GK", None, "accepted"), ("QLDAHT.KH", "TTLDTT", None, "accepted"),
    ("VP", "GK", 1, "accepted"), ("VP", "LDTT", 2, "accepted"), ("VP", "CSTDCS", 2, "returned_then_accepted"),
    ("VP", "GK", 4, "submitted"), ("VP.TH", "LDTT", 0, "accepted"),
    ("KHDT", "GK", 1, "accepted"), ("KHDT", "LDTT", 3, "accepted"), ("KHDT", "CSTDCS", 3, "accepted"),
    ("KHDT", "BKUBND", 0, "returned_then_accepted"), ("KHDT", "GK", 5, "submitted"),
    ("DNGS", "GK", 1, "accepted"), ("DNGS", "LDTT", 2, "accepted"), ("DNGS", "GK", 4, "submitted"),
    ("QLDAHT", "GK", 1, "accepted"), ("QLDAHT.KT", "LDTT", 2, "accepted"), ("QLDAHT.KT", "GK", 3, "accepted"),
    ("QLDAHT.KH", "GK", 1, "accepted"), ("QLDAHT.KH", "LDTT", 2, "submitted"),
]
PHASE_TWO = [("KHDT", "GK", 2, "draft"), ("KHDT", "TTLDTT", None, "draft"), ("DNGS", "GK", 3, "draft")]

# Initiatives: (unit code, staff indexes of the authors with their share, title, level or None, benefit)
INITIATIVES = [
    ("VP", [(2, 70), (4, 30)], "Số hóa quy trình tiếp nhận, xử lý văn bản đến trên hệ thống quản lý văn bản",
     "co_so", "Rút ngắn thời gian chuyển văn bản đến lãnh đạo từ 1 ngày xuống còn 2 giờ."),
    ("KHDT", [(3, 100)], "Bản đồ số các dự án đầu tư trong khu kinh tế, khu công nghiệp", "co_so",
     "Nhà đầu tư tra cứu quỹ đất, hạ tầng trực tuyến; giảm 30% yêu cầu cung cấp thông tin trực tiếp."),
    ("KHDT", [(0, 60), (3, 40)], "Giải pháp theo dõi tiến độ dự án đầu tư bằng bảng điều khiển dữ liệu", "tinh",
     "Cảnh báo sớm dự án chậm tiến độ; được UBND tỉnh công nhận và nhân rộng."),
    ("DNGS", [(2, 100)], "Mẫu báo cáo giám sát đầu tư điện tử dùng chung cho doanh nghiệp", "co_so",
     "Doanh nghiệp nộp báo cáo trực tuyến, giảm chi phí đi lại và in ấn."),
    ("QLDAHT.KT", [(2, 50), (3, 50)], "Ứng dụng mô hình thông tin công trình (BIM) trong thẩm định thiết kế",
     "co_so", "Phát hiện sớm xung đột thiết kế, giảm điều chỉnh trong thi công."),
    ("QLDAHT.KH", [(2, 100)], "Sổ theo dõi hợp đồng xây dựng trên bảng tính dùng chung", None,
     "Đang áp dụng thử tại Ban Quản lý dự án hạ tầng."),
]

# What a unit writes for a qualitative criterion (the council scores it).
QUALITATIVE = [
    "Tham gia đầy đủ, chủ động đề xuất cách làm mới; kết quả được lãnh đạo đơn vị ghi nhận.",
    "Hoàn thành tốt nội dung được giao, đúng tiến độ; có sản phẩm cụ thể kèm theo.",
    "Thực hiện thường xuyên, nêu gương trong đơn vị; được biểu dương tại hội nghị cơ quan.",
    "Hoàn thành nội dung được giao; cần tiếp tục nâng cao chất lượng trong giai đoạn sau.",
]

RETURN_POINTS = [
    {"topic": "evidence", "reason": "Bổ sung minh chứng kết quả khảo sát mức độ hài lòng (phiếu khảo sát, báo cáo tổng hợp)."},
    {"topic": "summary", "reason": "Báo cáo thành tích cần nêu số liệu cụ thể so với chỉ tiêu của giai đoạn."},
]


@dataclass
class _Officers:
    office: User | None
    by_unit: dict[int, User]

    def for_unit(self, unit, units_by_id) -> User | None:
        while unit is not None:
            if unit.id in self.by_unit:
                return self.by_unit[unit.id]
            unit = units_by_id.get(unit.parent_id)
        return None


@functools.lru_cache(maxsize=64)
def _evidence_bytes(title: str) -> bytes:
    """A small .docx to stand for a scanned document, so that the demo's files open (one per title)."""
    document = Document()
    document.add_heading("Minh chứng", level=1)
    document.add_paragraph(title)
    document.add_paragraph("Tài liệu mẫu của dữ liệu trình diễn.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _evidence_file(title: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(_evidence_bytes(title)), filename="minh-chung.docx",
                       content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _value(criterion: Criterion, phase_id: int, seed: int) -> Decimal | None:
    """A plausible result near the phase target: most reach it, a few fall short."""
    target = criterion.target_for(phase_id)
    if target is None:
        return None
    shortfall = Decimal((seed * 7) % 9) / Decimal(100)  # 0 … 8 %
    value = target.value * (Decimal(1) - shortfall) if seed % 3 else target.value * Decimal("1.02")
    if criterion.unit_of_measure.strip() == "%":
        value = min(value, Decimal(100))
    return value.quantize(Decimal("0.1"))


def dossiers_step(ctx) -> None:
    if ctx.campaign is None or len(ctx.phases) < 2:
        return
    db.session.flush()
    phase_one, phase_two = sorted(ctx.phases.values(), key=lambda p: p.start_date)[:2]
    units_by_id = {u.id: u for u in ctx.units.values()}
    staff: dict[str, list[Person]] = {}
    for person in db.session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.sort_key)):
        unit = units_by_id.get(person.unit_id)
        if unit is not None:
            staff.setdefault(unit.code, []).append(person)
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)).all()
    officers = _Officers(office=next((u for u in users if u.role == Role.OFFICE), None),
                         by_unit={u.unit_id: u for u in users if u.role == Role.UNIT_OFFICER})
    criteria = db.session.scalars(select(Criterion).where(Criterion.campaign_id == ctx.campaign.id,
                                                          Criterion.retired.is_(False))
                                  .order_by(Criterion.position)).all()

    def person_at(code: str, index: int | None) -> Person | None:
        people = staff.get(code, [])
        return people[index % len(people)] if index is not None and people else None

    _initiatives(ctx, staff, officers, units_by_id)
    _history(ctx, staff)
    existing = {(n.phase_id, n.award_form_id, n.subject) for n in db.session.scalars(select(Nomination))}
    # The timeline starts two days (phase 1) or one day (phase 2) after each window opened: phase 1's window
    # has closed since, and the office has locked it (units_may_edit off) once it closed, as offices do.
    for phase, plan, days_in in ((phase_one, PHASE_ONE, 2), (phase_two, PHASE_TWO, 1)):
        locked_later = not phase.units_may_edit
        phase.units_may_edit = True
        for number, (code, award_code, index, state) in enumerate(plan):
            unit, award = ctx.units.get(code), ctx.awards.get(award_code)
            if unit is None or award is None:
                continue
            person = person_at(code, index)
            key = subject_key(person.id if person else None, unit.id)
            officer = officers.for_unit(unit, units_by_id)
            if (phase.id, award.id, key) in existing or officer is None or officers.office is None:
                continue
            existing.add((phase.id, award.id, key))
            start = phase.nomination_opens_at + dt.timedelta(days=days_in, hours=number)
            _results(ctx, phase, unit, person, key, criteria, officer, seed=number, now=start)
            _nomination(ctx, phase, award, unit, person, state, officer, officers.office, start)
        phase.units_may_edit = not locked_later


def _initiatives(ctx, staff, officers, units_by_id) -> None:
    known = {(i.unit_id, i.title) for i in db.session.scalars(select(Initiative))}
    for number, (code, authors, title, level, benefit) in enumerate(INITIATIVES):
        unit = ctx.units.get(code)
        people = staff.get(code, [])
        if unit is None or not people or (unit.id, title) in known:
            continue
        officer = officers.for_unit(unit, units_by_id)
        initiative = Initiative(
            unit_id=unit.id, title=title, benefits=benefit, level=level,
            description=f"{title}. Áp dụng tại {unit.name} từ năm 2026.",
            first_applied_on=dt.date(2026, 3 + number, 10),
            decision_number=f"{20 + number:02d}/QĐ-{ctx.agency.symbol}" if level else "",
            decision_date=dt.date(2026, 9, 15) if level else None,
            decision_body=("Chủ tịch UBND tỉnh" if level == "tinh" else "Trưởng Ban Quản lý") if level else "",
            created_by_id=officer.id if officer else None)
        shares: dict[int, Decimal] = {}
        for index, share in authors:
            person = people[index % len(people)]
            shares[person.id] = shares.get(person.id, Decimal(0)) + Decimal(share)
        initiative.authors = [InitiativeAuthor(person_id=pid, contribution=share) for pid, share in shares.items()]
        db.session.add(initiative)
        ctx.count("initiative")
        if level:
            db.session.flush()
            initiative.files.append(file_service.store_upload(
                officer, _evidence_file(f"Quyết định công nhận sáng kiến: {title}"), unit.id))


def _history(ctx, staff) -> None:
    """Prior awards (LĐTT in 2024–2025 for most, CSTĐCS two years running for one) and one sanction."""
    known = {(r.person_id, r.year, r.title) for r in db.session.scalars(select(AwardRecord))}
    ldtt, cstdcs = ctx.awards.get("LDTT"), ctx.awards.get("CSTDCS")
    for code, people in staff.items():
        for index, person in enumerate(people):
            for year in (2024, 2025):
                if ldtt is not None and index % 4 != 3 and (person.id, year, ldtt.name) not in known:
                    db.session.add(AwardRecord(person_id=person.id, year=year, award_form_id=ldtt.id, title=ldtt.name,
                                               decision_number=f"{10 + year - 2024:02d}/QĐ-{ctx.agency.symbol}",
                                               decision_date=dt.date(year, 12, 20), issuer="Trưởng Ban Quản lý"))
                    ctx.count("award_record")
            if code == "KHDT" and index == 0 and cstdcs is not None:
                for year in (2024, 2025):
                    if (person.id, year, cstdcs.name) not in known:
                        db.session.add(AwardRecord(
                            person_id=person.id, year=year, award_form_id=cstdcs.id, title=cstdcs.name,
                            decision_number=f"{12 + year - 2024:02d}/QĐ-{ctx.agency.symbol}",
                            decision_date=dt.date(year, 12, 22), issuer="Trưởng Ban Quản lý"))
                        ctx.count("award_record")
    sanctioned = staff.get("DNGS", [])
    if len(sanctioned) > 4:
        person = sanctioned[4]  # nominated for a Giấy khen in phase 1: the rules say why not
        if not db.session.scalar(select(Sanction.id).where(Sanction.person_id == person.id)):
            db.session.add(Sanction(person_id=person.id, level="khien_trach", decided_on=dt.date(2026, 7, 14),
                                    decision_number=f"05/QĐ-{ctx.agency.symbol}",
                                    note="Chậm thực hiện nhiệm vụ được giao"))
            ctx.count("sanction")


def _results(ctx, phase, unit, person, key, criteria, officer, seed: int, now: dt.datetime) -> None:
    """The nominee's results, recorded by the unit's officer through the results service at `now`."""
    kind = "individual" if person is not None else "collective"
    known = {r.criterion_id for r in db.session.scalars(select(Result).where(Result.phase_id == phase.id,
                                                                             Result.subject == key))}
    for offset, criterion in enumerate(criteria):
        if (criterion.applies_to not in (kind, "both") or criterion.id in known
                or criterion.source == "task_completion"):  # computed from the plan tasks' reports
            continue
        value = _value(criterion, phase.id, seed + offset) if criterion.is_quantitative else None
        if criterion.is_quantitative and value is None:
            continue
        explanation = (f"Đã thực hiện theo kế hoạch; số liệu tổng hợp đến {now:%d/%m/%Y}."
                       if criterion.is_quantitative else QUALITATIVE[(seed + offset) % len(QUALITATIVE)])
        uploads = [_evidence_file(f"{criterion.code}. {criterion.name}")] if criterion.evidence_required else []
        results.save_result(officer, phase=phase, criterion=criterion, unit=unit, person=person, value=value,
                            explanation=explanation, uploads=uploads, now=now)
        ctx.count("result")


def _nomination(ctx, phase, award, unit, person, state, officer, office, start: dt.datetime) -> None:
    """One dossier through the real workflow (services/nominations.py), each step at its demo time."""
    owner = person.full_name if person else unit.name
    nomination = nominations.create_nomination(
        officer, phase=phase, award_form=award, nominee_unit=None if person else unit, person=person,
        members_complete=True if person is None else None, now=start,
        duties=(f"{person.position} tại {unit.name}: tham mưu, thực hiện các nhiệm vụ chuyên môn được giao; "
                "tham gia triển khai chuyển đổi số của đơn vị." if person else
                f"{unit.name} tham mưu cho Trưởng Ban Quản lý trong lĩnh vực được giao; "
                "tổ chức thực hiện các nhiệm vụ của kế hoạch chuyển đổi số."),
        summary=(f"Trong {phase.name}, {owner} hoàn thành tốt các chỉ tiêu thi đua, chủ động ứng dụng công nghệ "
                 "số trong xử lý công việc, tham gia đầy đủ các lớp bồi dưỡng kỹ năng số; kết quả cụ thể theo "
                 "bảng tiêu chí kèm theo."))
    ctx.count("nomination")
    if state == "draft":
        return
    at = start + dt.timedelta(hours=1)
    nominations.update_nomination(officer, nomination, {}, now=at, uploads=[
        _evidence_file(f"Báo cáo thành tích đề nghị {award.name}")])
    nominations.submit_nomination(officer, nomination, now=start + dt.timedelta(hours=72))
    if state == "returned_then_accepted":
        nominations.return_nomination(office, nomination, RETURN_POINTS, "Đề nghị đơn vị bổ sung trước hạn thẩm định.",
                                      now=start + dt.timedelta(hours=120))
        nominations.submit_nomination(officer, nomination, now=start + dt.timedelta(hours=168))
    if state in ("accepted", "returned_then_accepted"):
        nominations.accept_nomination(office, nomination, "Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.",
                                      now=start + dt.timedelta(hours=240))
