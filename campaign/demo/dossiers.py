"""Demo dossiers, as they stand on the load day (ctx.now), in three rounds:

- the seed campaign's phases (GK, Bằng khen): a phase whose window is open on the load day has a few draft
  dossiers with results recorded so far; one whose window has closed has its whole round (most accepted,
  some returned and resubmitted, some only submitted); a phase whose window has not opened has nothing;
- the previous annual round (LĐTT, CSTĐCS, TTLĐTT, TTLĐXS of the year before the load day's): every dossier
  accepted, KHĐT's among them, nine LĐTT so that the CSTĐCS cap (15 % of LĐTT) cuts; the council's
  session on it is the coordinator's replay (steps.council_step), which awards its titles;
- the current annual round (window open around the load day): accepted, returned, submitted and drafts.

Deterministic: who is nominated for what follows the staff order, the values follow the criteria. Found
again by natural keys (phase, award, nominee; unit and title; person and year), so a second run adds
nothing. Results and dossiers go through the real services (results, nominations, and so the workflow's
one transition), each step at its own demo time inside the phase's window (the services' `now`), and no
step later than the load day: a dossier's story stops where the load day finds it.
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
from ..rules.calendar import window_state
from ..services import files as file_service
from ..services import nominations, results

# (unit code, award code, index of the person in the unit's staff order, or None for the unit itself, state)
# state: accepted | returned_then_accepted | returned | submitted | draft. Unit codes are Khánh Hòa's
# (DemoSpec.dossier_units maps them to another board's).
THEMATIC = [
    ("KHDT", "BKUBND", 0, "returned_then_accepted"), ("QLDAHT", "GK", 1, "accepted"),
    ("QLDAHT.KH", "GK", 1, "accepted"), ("VP.TH", "GK", None, "accepted"), ("DNGS", "GK", 1, "accepted"),
    ("QLDAHT.KT", "GK", None, "accepted"), ("KHDT", "GK", 1, "accepted"), ("VP", "GK", 1, "accepted"),
    ("VP", "GK", 4, "submitted"), ("KHDT", "GK", 5, "submitted"), ("DNGS", "GK", 3, "accepted"),
    ("QLDAHT.KT", "GK", 3, "returned_then_accepted"), ("DNGS", "GK", 6, "submitted"),
]
THEMATIC_DRAFTS = 6  # while the phase's window is open: the first few, as drafts with their results so far

PREVIOUS_ROUND = [
    ("VP.TH", "TTLDTT", None, "accepted"), ("KHDT", "TTLDXS", None, "returned_then_accepted"),
    ("QLDAHT.KT", "TTLDTT", None, "accepted"),
    ("VP", "LDTT", 2, "accepted"), ("VP.TH", "LDTT", 0, "accepted"), ("KHDT", "LDTT", 3, "accepted"),
    ("KHDT", "LDTT", 4, "accepted"), ("KHDT", "LDTT", 6, "accepted"), ("DNGS", "LDTT", 2, "accepted"),
    ("DNGS", "LDTT", 5, "accepted"), ("QLDAHT.KT", "LDTT", 2, "accepted"), ("QLDAHT.KH", "LDTT", 2, "accepted"),
    ("VP", "CSTDCS", 2, "returned_then_accepted"), ("KHDT", "CSTDCS", 3, "accepted"),
    ("DNGS", "CSTDCS", 2, "accepted"),
]

# The year's Lao động tiên tiến goes to most of the staff of the collectives nominated above: on top of the
# rows above, their staff but each fourth (the pattern of the earlier years' history), so that each has the
# share of members with the title its own title needs (TTLĐTT more than half, TTLĐXS 70 %; Decree 152/2025
# art. 25–26). The other units nominate only the people named above (the demo stays small enough to load fast).
PREVIOUS_ROUND_LDTT_UNITS = ("VP.TH", "KHDT", "QLDAHT.KT")


def previous_round_plan(staff_count) -> list[tuple]:
    """PREVIOUS_ROUND and the year's LĐTT of most staff (`staff_count(unit code)` → number of staff)."""
    plan = list(PREVIOUS_ROUND)
    named = {(code, award, index) for code, award, index, _ in plan}
    for code in PREVIOUS_ROUND_LDTT_UNITS:
        for index in range(staff_count(code)):
            if index % 4 != 3 and (code, "LDTT", index) not in named:
                plan.append((code, "LDTT", index, "accepted"))
    return plan


CURRENT_ROUND = [
    ("VP", "TTLDTT", None, "accepted"), ("KHDT", "TTLDTT", None, "submitted"),
    ("QLDAHT.KH", "TTLDTT", None, "draft"), ("QLDAHT", "TTLDTT", None, "submitted"),
    ("DNGS", "TTLDTT", None, "returned"),
    ("VP", "LDTT", 2, "accepted"), ("VP", "LDTT", 5, "returned_then_accepted"), ("KHDT", "LDTT", 3, "accepted"),
    ("KHDT", "LDTT", 7, "returned"), ("DNGS", "LDTT", 2, "accepted"), ("DNGS", "LDTT", 4, "submitted"),
    ("QLDAHT.KT", "LDTT", 2, "submitted"), ("QLDAHT", "LDTT", 1, "draft"),
    ("KHDT", "CSTDCS", 3, "accepted"), ("VP", "CSTDCS", 2, "submitted"),
]
SANCTIONED = ("DNGS", 4)  # khiển trách in the current year: nominated for LĐTT, the rules say why not

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
    if ctx.campaign is None or not ctx.rounds:
        return
    db.session.flush()
    mapping = ctx.spec.dossier_units or {}
    units = {code: ctx.units.get(mapping.get(code, code)) for code in
             {row[0] for plan in (THEMATIC, PREVIOUS_ROUND, CURRENT_ROUND) for row in plan} | {SANCTIONED[0]}}
    units |= {code: ctx.units.get(mapping.get(code, code)) for code, *_ in INITIATIVES}
    units_by_id = {u.id: u for u in ctx.units.values()}
    staff: dict[str, list[Person]] = {}
    for person in db.session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.sort_key)):
        unit = units_by_id.get(person.unit_id)
        if unit is not None:
            staff.setdefault(unit.code, []).append(person)
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)).all()
    # The dossiers (and results, initiatives) are made by the officer of the top unit: a sub-unit's own
    # account (donvi.qldaht.kt) reads, read-only, what its parent made for its people.
    officers = _Officers(office=next((u for u in users if u.role == Role.OFFICE), None),
                         by_unit={u.unit_id: u for u in users if u.role == Role.UNIT_OFFICER
                                  and u.unit_id in units_by_id and units_by_id[u.unit_id].parent_id is None})

    def criteria_of(campaign) -> list[Criterion]:
        return db.session.scalars(select(Criterion).where(Criterion.campaign_id == campaign.id,
                                                          Criterion.retired.is_(False))
                                  .order_by(Criterion.position)).all()

    def people_of(code: str) -> list[Person]:
        unit = units.get(code)
        return staff.get(unit.code, []) if unit is not None else []

    previous_year = ctx.rounds["previous"].start_date.year
    _initiatives(ctx, units, people_of, officers, units_by_id, previous_year)
    _history(ctx, staff, previous_year, units, people_of)

    # Which rows of which plan each phase gets, and from when its dossiers' story starts.
    rounds = []
    thematic_criteria = criteria_of(ctx.campaign)
    for phase in sorted(ctx.phases.values(), key=lambda p: p.start_date):
        state = window_state(phase.nomination_opens_at, phase.nomination_closes_at, ctx.now)
        if state == "open":
            start = max(phase.nomination_opens_at + dt.timedelta(days=2), ctx.now - dt.timedelta(days=20))
            rounds.append((phase, [(*row[:3], "draft") for row in THEMATIC[:THEMATIC_DRAFTS]], start, thematic_criteria))
        elif state == "closed":
            rounds.append((phase, THEMATIC, phase.nomination_closes_at - dt.timedelta(days=25), thematic_criteria))
    annual_criteria = criteria_of(ctx.annual)
    previous_plan = previous_round_plan(lambda code: len(people_of(code)))
    for key, plan, days_in in (("previous", previous_plan, 2), ("current", CURRENT_ROUND, 1)):
        phase = ctx.rounds[key]
        rounds.append((phase, plan, phase.nomination_opens_at + dt.timedelta(days=days_in), annual_criteria))

    existing = {(n.phase_id, n.award_form_id, n.subject) for n in db.session.scalars(select(Nomination))}
    for phase, plan, first, criteria in rounds:
        locked_later = not phase.units_may_edit
        phase.units_may_edit = True
        for number, (code, award_code, index, state) in enumerate(plan):
            unit, award = units.get(code), ctx.awards.get(award_code)
            if unit is None or award is None:
                continue
            people = people_of(code)
            person = people[index % len(people)] if index is not None and people else None
            key = subject_key(person.id if person else None, unit.id)
            officer = officers.for_unit(unit, units_by_id)
            if (phase.id, award.id, key) in existing or officer is None or officers.office is None:
                continue
            start = first + dt.timedelta(hours=number)
            if start >= ctx.now:
                continue
            existing.add((phase.id, award.id, key))
            _results(ctx, phase, unit, person, key, criteria, officer, seed=number, now=start)
            _nomination(ctx, phase, award, unit, person, state, officer, officers.office, start)
        phase.units_may_edit = not locked_later


def nomination_for(ctx, phase, ref) -> Nomination | None:
    """The dossier a plan row names (ReplaySpec's NomineeRef: Khánh Hòa unit code, award code, staff index or
    None) in `phase`, or None: how the council's replay finds the nominations its data speaks of."""
    code, award_code, index = ref
    unit = ctx.units.get((ctx.spec.dossier_units or {}).get(code, code))
    award = ctx.awards.get(award_code)
    if unit is None or award is None:
        return None
    person = None
    if index is not None:
        people = db.session.scalars(select(Person).where(Person.active.is_(True), Person.unit_id == unit.id)
                                    .order_by(Person.sort_key)).all()
        if not people:
            return None
        person = people[index % len(people)]
    key = subject_key(person.id if person else None, unit.id)
    return db.session.scalar(select(Nomination).where(Nomination.phase_id == phase.id,
                                                      Nomination.award_form_id == award.id,
                                                      Nomination.subject == key))


def _initiatives(ctx, units, people_of, officers, units_by_id, year: int) -> None:
    """The units' initiatives, applied and recognised during the previous annual round's year (so always
    before the load day), the CSTĐCS nominees among their authors."""
    known = {(i.unit_id, i.title) for i in db.session.scalars(select(Initiative))}
    for number, (code, authors, title, level, benefit) in enumerate(INITIATIVES):
        unit = units.get(code)
        people = people_of(code)
        if unit is None or not people or (unit.id, title) in known:
            continue
        known.add((unit.id, title))
        officer = officers.for_unit(unit, units_by_id)
        initiative = Initiative(
            unit_id=unit.id, title=title, benefits=benefit, level=level,
            description=f"{title}. Áp dụng tại {unit.name} từ năm {year}.",
            first_applied_on=dt.date(year, 3 + number, 10),
            decision_number=f"{20 + number:02d}/QĐ-{ctx.agency.symbol}" if level else "",
            decision_date=dt.date(year, 9, 15) if level else None,
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


def _history(ctx, staff, previous_year: int, units, people_of) -> None:
    """Prior awards of the two years before the previous annual round (LĐTT for most, CSTĐCS two years
    running for one), and one sanction in the current year.

    The previous round's own titles are not written here: the council's replay (steps.council_step)
    awards them, so that no one holds that year's LĐTT from two sources."""
    known = {(r.person_id, r.year, r.title) for r in db.session.scalars(select(AwardRecord))}
    ldtt, cstdcs = ctx.awards.get("LDTT"), ctx.awards.get("CSTDCS")
    years = (previous_year - 2, previous_year - 1)
    khdt = units.get("KHDT")
    for code, people in staff.items():
        for index, person in enumerate(people):
            for number, year in enumerate(years):
                if ldtt is not None and index % 4 != 3 and (person.id, year, ldtt.name) not in known:
                    db.session.add(AwardRecord(person_id=person.id, year=year, award_form_id=ldtt.id, title=ldtt.name,
                                               decision_number=f"{10 + number:02d}/QĐ-{ctx.agency.symbol}",
                                               decision_date=dt.date(year, 12, 20), issuer="Trưởng Ban Quản lý"))
                    ctx.count("award_record")
            if khdt is not None and code == khdt.code and index == 0 and cstdcs is not None:
                for number, year in enumerate(years):
                    if (person.id, year, cstdcs.name) not in known:
                        db.session.add(AwardRecord(
                            person_id=person.id, year=year, award_form_id=cstdcs.id, title=cstdcs.name,
                            decision_number=f"{12 + number:02d}/QĐ-{ctx.agency.symbol}",
                            decision_date=dt.date(year, 12, 22), issuer="Trưởng Ban Quản lý"))
                        ctx.count("award_record")
    code, index = SANCTIONED
    sanctioned = people_of(code)
    if len(sanctioned) > index:
        person = sanctioned[index]
        if not db.session.scalar(select(Sanction.id).where(Sanction.person_id == person.id)):
            today = ctx.now.date()
            decided = min(dt.date(today.year, 7, 14), today - dt.timedelta(days=20))
            if decided.year < today.year:  # loaded in the first days of January
                decided = today - dt.timedelta(days=1)
            db.session.add(Sanction(person_id=person.id, level="khien_trach", decided_on=decided,
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
    # The rest of the dossier's story, each step at its time; it stops where the load day finds it.
    steps = [
        (start + dt.timedelta(hours=1), lambda at: nominations.update_nomination(officer, nomination, {}, now=at, uploads=[
            _evidence_file(f"Báo cáo thành tích đề nghị {award.name}")])),
        (start + dt.timedelta(hours=72), lambda at: nominations.submit_nomination(officer, nomination, now=at)),
    ]
    if state in ("returned", "returned_then_accepted"):
        steps.append((start + dt.timedelta(hours=120), lambda at: nominations.return_nomination(
            office, nomination, RETURN_POINTS, "Đề nghị đơn vị bổ sung trước hạn thẩm định.", now=at)))
    if state == "returned_then_accepted":
        steps.append((start + dt.timedelta(hours=168),
                      lambda at: nominations.submit_nomination(officer, nomination, now=at)))
    if state in ("accepted", "returned_then_accepted"):
        steps.append((start + dt.timedelta(hours=240), lambda at: nominations.accept_nomination(
            office, nomination, "Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.", now=at)))
    for at, step in steps:
        if at >= ctx.now:
            break
        step(at)
