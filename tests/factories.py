"""Test factories: campaigns, phases, criteria, award forms, nominations in any workflow state (through the
real services), prior awards and sanctions, and the .xlsx tables the imports read. Every test world is built
from these (units, people and accounts come from the `make_unit`, `make_person` and `make_user` fixtures of
conftest.py).

Each factory adds to the session and flushes; the caller commits when the world is ready.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
from openpyxl.styles import Font

from campaign.extensions import db
from campaign.models import (
    AgendaItem,
    Attendance,
    AwardCondition,
    AwardForm,
    AwardQuota,
    AwardRecord,
    Campaign,
    CampaignStatus,
    Council,
    CouncilMember,
    CouncilSession,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    Nomination,
    Phase,
    PlanTask,
    Role,
    Sanction,
    SessionMember,
    SessionStatus,
    TaskReport,
    User,
    VoteTally,
    local_now,
)
from campaign.rules.workflow import Action, NominationStatus
from campaign.services import nominations as nomination_service
from campaign.services import results as results_service
from campaign.services import unit_of_work
from campaign.services.workflow import transition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
SUMMARY = ("Hoàn thành xuất sắc nhiệm vụ được giao; chủ trì số hóa 100% hồ sơ đầu tư năm 2026, "
           "rút ngắn thời gian thẩm định dự án còn 10 ngày.")
CAMPAIGN_TITLE = "Đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, chuyển đổi xanh"


def make_campaign(*, title: str = CAMPAIGN_TITLE, status: str = CampaignStatus.LAUNCHED,
                  start: dt.date = dt.date(2026, 1, 1), end: dt.date = dt.date(2030, 12, 31), **kw) -> Campaign:
    """A campaign (launched, 2026–2030, by default) without phases or criteria."""
    campaign = Campaign(title=title, kind=kw.pop("kind", "thematic"), start_date=start, end_date=end, status=status,
                        **kw)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def make_phase(campaign: Campaign, *, name: str = "Giai đoạn 1 (2026–2027)", start: dt.date = dt.date(2026, 1, 1),
               end: dt.date = dt.date(2027, 12, 31), window: str | tuple | None = "open", units_may_edit: bool = True,
               now: dt.datetime | None = None, **kw) -> Phase:
    """A phase; `window`: 'open' (opened yesterday, closes in ten days), 'closed', 'upcoming' or None (not set),
    counted from `now` (Vietnam time; the current time by default), or an (opens, closes) pair of fixed times."""
    now = now or local_now()
    opens, closes = window if isinstance(window, tuple) else {
        "open": (now - dt.timedelta(days=1), now + dt.timedelta(days=10, hours=2)),
        "closed": (now - dt.timedelta(days=30), now - dt.timedelta(days=1)),
        "upcoming": (now + dt.timedelta(days=2), now + dt.timedelta(days=20)),
        None: (None, None),
    }[window]
    phase = Phase(campaign_id=campaign.id, name=name, start_date=start, end_date=end, nomination_opens_at=opens,
                  nomination_closes_at=closes, units_may_edit=units_may_edit, **kw)
    db.session.add(phase)
    db.session.flush()
    db.session.refresh(campaign)
    return phase


def make_phases(campaign: Campaign, **kw) -> list[Phase]:
    """The plan's two phases, no window set: Giai đoạn 1 (2026–2027) and Giai đoạn 2 (2028–2030, final review)."""
    kw.setdefault("window", None)
    return [make_phase(campaign, name="Giai đoạn 1", **kw),
            make_phase(campaign, name="Giai đoạn 2", start=dt.date(2028, 1, 1), end=dt.date(2030, 12, 31),
                       review_kind="final", **kw)]


def make_group(campaign: Campaign, *, code: str = "I", name: str = "Chuyển đổi số", position: int = 1) -> CriterionGroup:
    """A criterion group of the campaign."""
    group = CriterionGroup(campaign_id=campaign.id, code=code, name=name, position=position)
    db.session.add(group)
    db.session.flush()
    return group


def make_criterion(campaign: Campaign, group: CriterionGroup, code: str, applies_to: str, points, *,
                   target=None, targets=(), position: int = 0, unit_of_measure: str | None = None,
                   **kw) -> Criterion:
    """Quantitative with a `target` (every phase) or `targets` (phase by phase, maybe fewer), qualitative otherwise."""
    values = [target] * len(campaign.phases) if target is not None else list(targets)
    quantitative = bool(values)
    criterion = Criterion(campaign_id=campaign.id, group_id=group.id, code=code, name=kw.pop("name", f"Tiêu chí {code}"),
                          applies_to=applies_to, max_points=Decimal(points), position=position,
                          measure="quantitative" if quantitative else "qualitative",
                          unit_of_measure=unit_of_measure if unit_of_measure is not None else ("%" if quantitative else ""),
                          **kw)
    criterion.targets = [CriterionTarget(phase_id=p.id, value=Decimal(v))
                         for p, v in zip(campaign.phases, values, strict=False)]
    db.session.add(criterion)
    db.session.flush()
    return criterion


def make_award_form(code: str, name: str, applies_to: str = "both", *, position: int = 0, conditions=(),
                    quota: tuple[Phase, int] | None = None, kind: str = "title", level: str = "agency",
                    threshold_share=Decimal("0.5"), **kw) -> AwardForm:
    """An award form with its conditions [(kind, {fields})] and, optionally, a count quota in a phase."""
    award = AwardForm(code=code, name=name, applies_to=applies_to, kind=kind, level=level, position=position,
                      threshold_share=Decimal(threshold_share), **kw)
    db.session.add(award)
    db.session.flush()
    for condition_kind, fields in conditions:
        db.session.add(AwardCondition(award_form_id=award.id, kind=condition_kind, **fields))
    if quota is not None:
        db.session.add(AwardQuota(award_form_id=award.id, phase_id=quota[0].id, kind="count", value=Decimal(quota[1])))
    db.session.flush()
    return award


def add_prior_award(award: AwardForm | None, year: int, *, person=None, unit=None, **kw) -> AwardRecord:
    """An award already received: a form of the catalogue, or None with the `title` written on the decision."""
    record = AwardRecord(person_id=person.id if person else None, nominee_unit_id=None if person else unit.id,
                         year=year, award_form_id=award.id if award else None,
                         title=kw.pop("title") if award is None else kw.pop("title", award.name), **kw)
    db.session.add(record)
    db.session.flush()
    return record


def add_sanction(person, level: str = "khien_trach", decided_on: dt.date = dt.date(2026, 7, 14), **kw) -> Sanction:
    """A sanction of the person (khiển trách on 14/07/2026 by default)."""
    sanction = Sanction(person_id=person.id, level=level, decided_on=decided_on, **kw)
    db.session.add(sanction)
    db.session.flush()
    return sanction


def make_task(campaign: Campaign, name: str, lead=None, partners=(), *, deadline: dt.date | None = None,
              deadline_text: str = "", lead_text: str | None = None, **kw) -> PlanTask:
    """A plan task after the campaign's last, led by `lead` (its name as the lead's words unless given)."""
    last = db.session.scalar(db.select(db.func.max(PlanTask.position)).where(PlanTask.campaign_id == campaign.id))
    task = PlanTask(campaign_id=campaign.id, name=name, lead_unit_id=lead.id if lead else None,
                    lead_text=lead_text if lead_text is not None else (lead.name if lead else ""), deadline=deadline,
                    deadline_text=deadline_text or (deadline.strftime("%d/%m/%Y") if deadline else ""),
                    position=(last or 0) + 1, **kw)
    task.partners = list(partners)
    db.session.add(task)
    db.session.flush()
    return task


def add_task_report(task: PlanTask, unit, status: str = "done", completed_on: dt.date | None = None,
                    **kw) -> TaskReport:
    """A unit's progress report on a task (its completion date kept only when done)."""
    report = TaskReport(task_id=task.id, unit_id=unit.id, status=status,
                        completed_on=completed_on if status == "done" else None, **kw)
    db.session.add(report)
    db.session.flush()
    return report


def complete_dossier(officer: User, nomination: Nomination) -> Nomination:
    """Record every result the dossier needs (quantitative at their target, evidence where required) and a
    summary long enough: after this the dossier can be submitted."""
    phase = nomination.phase
    criteria = db.session.scalars(db.select(Criterion).where(Criterion.campaign_id == phase.campaign_id,
                                                             Criterion.retired.is_(False))).all()
    for criterion in criteria:
        if criterion.applies_to not in (nomination.nominee_kind, "both") or criterion.source == "task_completion":
            continue
        target = criterion.target_for(phase.id)
        uploads = ([SimpleNamespace(filename="minh-chung.pdf", stream=io.BytesIO(PDF))]
                   if criterion.evidence_required else [])
        results_service.save_result(officer, phase=phase, criterion=criterion, unit=nomination.nominee_unit,
                                    person=nomination.person, value=target.value if target else None,
                                    explanation="Theo báo cáo của đơn vị.", uploads=uploads)
    db.session.refresh(nomination)
    nomination_service.update_nomination(officer, nomination, {"summary": SUMMARY}, seen_version=nomination.version)
    return nomination


# The services' path to each state: (action, who acts).
_PATH = {
    NominationStatus.DRAFT: [],
    NominationStatus.SUBMITTED: [(Action.SUBMIT, "unit")],
    NominationStatus.RETURNED: [(Action.SUBMIT, "unit"), (Action.RETURN, "office")],
    NominationStatus.ACCEPTED: [(Action.SUBMIT, "unit"), (Action.ACCEPT, "office")],
}
_COUNCIL = [(Action.CLOSE_SCORING, "chair"), (Action.CLOSE_VOTING, "chair")]
_PATH[NominationStatus.SCORED] = _PATH[NominationStatus.ACCEPTED] + _COUNCIL[:1]
_PATH[NominationStatus.VOTED] = _PATH[NominationStatus.ACCEPTED] + _COUNCIL
_PATH[NominationStatus.RECOMMENDED] = _PATH[NominationStatus.VOTED] + [(Action.RECOMMEND, "chair")]
_PATH[NominationStatus.NOT_RECOMMENDED] = _PATH[NominationStatus.VOTED] + [(Action.NOT_RECOMMEND, "chair")]
_PATH[NominationStatus.IN_DECISION] = _PATH[NominationStatus.RECOMMENDED] + [(Action.INCLUDE, "office")]
_PATH[NominationStatus.AWARDED] = _PATH[NominationStatus.IN_DECISION] + [(Action.AWARD, "office")]


def _actor(role: str, username: str) -> User:
    user = db.session.scalar(db.select(User).where(User.username == username))
    if user is None:
        user = User(username=username, full_name={"office": "Văn phòng", "council_chair": "Chủ tịch Hội đồng"}[role],
                    role=role, password_hash="!")
        db.session.add(user)
        db.session.flush()
    return user


def make_nomination(officer: User, phase: Phase, award: AwardForm, *, person=None, unit=None,
                    state: str = NominationStatus.DRAFT, office: User | None = None, chair: User | None = None,
                    complete: bool | None = None, **details) -> Nomination:
    """A nomination by `officer` (`details`: duties, summary) taken to `state` through the real services.

    The office and the council's chair act where the workflow says; they are created when not given."""
    state = NominationStatus(state)
    nomination = nomination_service.create_nomination(officer, phase=phase, award_form=award,
                                                      nominee_unit=unit if person is None else None, person=person,
                                                      **details)
    if complete if complete is not None else state != NominationStatus.DRAFT:
        complete_dossier(officer, nomination)
    office = office or _actor(Role.OFFICE, "factory-office")
    chair = chair or _actor(Role.COUNCIL_CHAIR, "factory-chair")
    for action, who in _PATH[state]:
        actor = {"unit": officer, "office": office, "chair": chair}[who]
        if action == Action.SUBMIT:
            nomination_service.submit_nomination(actor, nomination)
        elif action == Action.RETURN:
            nomination_service.return_nomination(actor, nomination, [{"topic": "evidence",
                                                                      "reason": "Bổ sung minh chứng."}])
        elif action == Action.ACCEPT:
            nomination_service.accept_nomination(actor, nomination)
        else:
            with unit_of_work():
                transition(actor, nomination, action)
    return nomination


def xlsx_bytes(rows: list[list], bold_rows: tuple[int, ...] = ()) -> bytes:
    """An .xlsx workbook of `rows` (one list of cells a row), the rows numbered in `bold_rows` (from 1) in bold."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for index, row in enumerate(rows, start=1):
        sheet.append(row)
        if index in bold_rows:
            for cell in sheet[index]:
                cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the council ---------------------------------------------------------------------------------

# The nine members of the demo's council: (name, title, council role, account role, unit code).
COUNCIL_MEMBERS = [
    ("Lê Văn Tuấn", "Trưởng Ban", "chair", Role.COUNCIL_CHAIR, "LD"),
    ("Phạm Thị Hạnh", "Phó Trưởng Ban", "vice_chair", Role.COUNCIL_MEMBER, "LD"),
    ("Nguyễn Hữu Dũng", "Chánh Văn phòng", "member", Role.COUNCIL_MEMBER, "VP"),
    ("Trần Minh Khoa", "Trưởng phòng Kế hoạch – Đầu tư", "member", Role.COUNCIL_MEMBER, "KHDT"),
    ("Võ Thị Lan", "Trưởng phòng Doanh nghiệp – Giấy phép", "member", Role.COUNCIL_MEMBER, "DNGS"),
    ("Đặng Quốc Bình", "Giám đốc Trung tâm", "member", Role.COUNCIL_MEMBER, "TT"),
    ("Bùi Thanh Hà", "Chủ tịch Công đoàn", "member", Role.COUNCIL_MEMBER, "VP"),
    ("Hồ Ngọc Sơn", "Bí thư Chi đoàn", "member", Role.COUNCIL_MEMBER, "DNGS"),
    ("Ngô Thu Trang", "Phó Chánh Văn phòng", "secretary", Role.COUNCIL_SECRETARY, "VP"),
]


def make_council(members: list[tuple], *, decision_number: str = "15/QĐ-BQL",
                 decision_date: dt.date = dt.date(2026, 1, 10), term_start: dt.date = dt.date(2026, 1, 10),
                 term_end: dt.date | None = None) -> Council:
    """A council by decision; `members`: (person, user, council role, title) in the decision's order."""
    council = Council(decision_number=decision_number, decision_date=decision_date, term_start=term_start,
                      term_end=term_end, issuer="Trưởng Ban Quản lý Khu kinh tế")
    council.members = [CouncilMember(person_id=person.id, user_id=user.id if user else None, council_role=role,
                                     title=title, position=index)
                       for index, (person, user, role, title) in enumerate(members, start=1)]
    db.session.add(council)
    db.session.flush()
    return council


def make_session(phase: Phase, council: Council, nominations: list[Nomination], *,
                 status: str = SessionStatus.PREPARED, held_on: dt.date = dt.date(2026, 12, 20),
                 attendance: str = Attendance.PRESENT, **kw) -> CouncilSession:
    """A session of `council` on `nominations` (in that order), with its members' snapshot, at `status` set
    directly (the services' own path is what their tests test). From voting on, the tallies exist."""
    session = CouncilSession(phase_id=phase.id, council_id=council.id, title=kw.pop("title", "Phiên họp xét khen thưởng"),
                             held_on=held_on, place="Phòng họp số 1", status=status, **kw)
    session.members = [SessionMember(person_id=m.person_id, user_id=m.user_id, unit_id=m.person.unit_id,
                                     full_name=m.person.full_name, title=m.title, council_role=m.council_role,
                                     position=m.position, attendance=attendance)
                       for m in council.members]
    session.items = [AgendaItem(nomination_id=n.id, position=i) for i, n in enumerate(nominations, start=1)]
    db.session.add(session)
    db.session.flush()
    if status in (SessionStatus.VOTING, SessionStatus.TALLIED, SessionStatus.APPROVED):
        db.session.add_all(VoteTally(session_id=session.id, item_id=item.id) for item in session.items)
        db.session.flush()
    return session


def make_council_world(make_unit, make_person, make_user, *, status: str = SessionStatus.PREPARED,
                       nomination_state: str = NominationStatus.ACCEPTED, seats: tuple[int, ...] | None = None,
                       ldtt_quota: int | None = None, attendance: str = Attendance.PRESENT):
    """The board's council as the demo has it, in a small world that every council test shares.

    Units LD (Lãnh đạo Ban), VP, KHDT, DNGS, TT; the nine COUNCIL_MEMBERS with their accounts (password
    TEST_PASSWORD); a campaign with one phase (its window closed yesterday), an individual and a collective criterion of
    each measure; award forms LDTT (individuals, > 50 %) and GK (both, ≥ 2/3 … here > 50 %); accepted
    nominations: KHDT's collective and two of its people for GK and LDTT, VP's person and DNGS's person
    for LDTT; a session at `status` with all five on the agenda. Returns a namespace.

    `seats`: which of COUNCIL_MEMBERS (numbered from 1) sit on the council (all nine by default; every one
    keeps an account); `ldtt_quota`: a count quota on LDTT in the phase; `attendance`: the members' attendance."""
    units = {code: make_unit(code, name) for code, name in [
        ("LD", "Lãnh đạo Ban"), ("VP", "Văn phòng"), ("KHDT", "Phòng Kế hoạch – Đầu tư"),
        ("DNGS", "Phòng Doanh nghiệp – Giấy phép"), ("TT", "Trung tâm Dịch vụ")]}
    members, users = [], {}
    for index, (name, title, council_role, role, unit_code) in enumerate(COUNCIL_MEMBERS, start=1):
        person = make_person(name, units[unit_code], position=title, is_leader=unit_code == "LD",
                             gender="nu" if " Thị " in name or name.endswith(("Hà", "Trang")) else "nam")
        user = make_user(f"hd{index}", role=role, full_name=name, person_id=person.id)
        members.append((person, user, council_role, title))
        users[index] = user
    campaign = make_campaign()
    phase = make_phase(campaign, window="open")
    group = make_group(campaign)
    criteria = [
        make_criterion(campaign, group, "1", "individual", 40, target=100),
        make_criterion(campaign, group, "2", "individual", 60),
        make_criterion(campaign, group, "3", "collective", 50, target=100),
        make_criterion(campaign, group, "4", "collective", 50),
    ]
    ldtt = make_award_form("LDTT", "Lao động tiên tiến", "individual", position=1,
                           quota=(phase, ldtt_quota) if ldtt_quota is not None else None)
    gk = make_award_form("GK", "Giấy khen của Trưởng Ban", "both", position=2, kind="commendation")
    officers = {code: make_user(f"cb.{code.lower()}", role=Role.UNIT_OFFICER, unit=units[code])
                for code in ("VP", "KHDT", "DNGS")}
    people = {
        "khdt1": make_person("Lý Thị Mai", units["KHDT"], gender="nu"),
        "khdt2": make_person("Phan Văn Hùng", units["KHDT"]),
        "vp": make_person("Hoàng Thị Yến", units["VP"], gender="nu"),
        "dngs": make_person("Đỗ Minh Quân", units["DNGS"]),
    }
    nominations = [
        make_nomination(officers["KHDT"], phase, gk, unit=units["KHDT"], state=nomination_state),
        make_nomination(officers["KHDT"], phase, ldtt, person=people["khdt1"], state=nomination_state),
        make_nomination(officers["KHDT"], phase, ldtt, person=people["khdt2"], state=nomination_state),
        make_nomination(officers["VP"], phase, ldtt, person=people["vp"], state=nomination_state),
        make_nomination(officers["DNGS"], phase, ldtt, person=people["dngs"], state=nomination_state),
    ]
    phase.nomination_closes_at = local_now() - dt.timedelta(days=1)  # the round's window has closed
    council = make_council([m for index, m in enumerate(members, start=1) if seats is None or index in seats])
    session = make_session(phase, council, nominations, status=status, attendance=attendance)
    db.session.commit()
    return SimpleNamespace(units=units, members=members, users=users, chair=users[1], secretary=users[9],
                           khdt_member=users[4], campaign=campaign, phase=phase, criteria=criteria,
                           awards={"LDTT": ldtt, "GK": gk}, officers=officers, people=people,
                           nominations=nominations, council=council, session=session)
