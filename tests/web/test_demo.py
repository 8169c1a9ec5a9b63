"""The demo boards: Khánh Hòa (seeds 000, 001, 003) and Lạng Sơn (seed 002)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from campaign.demo import AGENCIES, DEMO_PASSWORD, load_demo
from campaign.demo import names as demo_names
from campaign.demo import steps as demo_steps
from campaign.demo.spec import MAX_AGE, MIN_AGE, REFERENCE_DATE, staff
from campaign.demo.steps import phase_calendar, plan_people
from campaign.extensions import db
from campaign.models import (
    Agency,
    AuditEvent,
    AwardCondition,
    AwardForm,
    AwardQuota,
    AwardRecord,
    BaseSalaryRate,
    Campaign,
    CampaignStatus,
    Council,
    CouncilMember,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    LegalBasis,
    Nomination,
    Person,
    Phase,
    PlanTask,
    Role,
    Sanction,
    Signer,
    TaskReport,
    Unit,
    User,
    local_now,
)
from campaign.permissions import unit_scope, unit_subtree_ids
from campaign.rules.calendar import PhaseDates, overlap_problem, phase_problems, window_state
from campaign.rules.criteria import CriterionPoints, points_by_kind
from campaign.services import ServiceError
from campaign.services.awards import REQUIRED_PARAMETERS
from campaign.services.setup import launch_problems
from campaign.web.dashboard.views import overdue_tasks_by_unit

from ..conftest import TEST_PASSWORD

KHANHHOA_UNITS = {
    "VP": "Văn phòng",
    "KHDT": "Phòng Kế hoạch – Đầu tư và Xúc tiến",
    "DNGS": "Phòng Doanh nghiệp – Giám sát đầu tư",
    "QLDAHT": "Ban Quản lý dự án hạ tầng",
}
SHARED_ACCOUNTS = {
    "admin": Role.ADMIN,
    "vanphong": Role.OFFICE,
    "truongban": Role.LEADER,
    "chutich": Role.COUNCIL_CHAIR,
    "thuky": Role.COUNCIL_SECRETARY,
    **{f"uyvien{i}": Role.COUNCIL_MEMBER for i in range(1, 8)},
}


CAMPAIGN_TITLE = "Đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, chuyển đổi xanh"
PHASE_1, PHASE_2 = "Giai đoạn 1 (2026–2027)", "Giai đoạn 2 (2028–2030)"
ORG_MODELS = (Agency, Signer, Unit, Person, User, AuditEvent, Council, CouncilMember, Nomination, AwardRecord)
CAMPAIGN_MODELS = (Campaign, LegalBasis, Phase, CriterionGroup, Criterion, CriterionTarget, AwardForm,
                   AwardCondition, AwardQuota, BaseSalaryRate, PlanTask, TaskReport)


# The day the demo is loaded in these tests (Vietnam time): the story is told as it stands on it.
LOAD_DAY = dt.datetime(2026, 12, 1, 10, 0)


@pytest.fixture(autouse=True)
def load_day(monkeypatch):
    """Every load of this module happens on LOAD_DAY unless a test moves it (set_load_day)."""
    monkeypatch.setattr(demo_steps, "local_now", lambda: LOAD_DAY)
    return LOAD_DAY


def set_load_day(monkeypatch, when: dt.datetime) -> None:
    monkeypatch.setattr(demo_steps, "local_now", lambda: when)


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (*ORG_MODELS, *CAMPAIGN_MODELS)}


def _campaign() -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.title == CAMPAIGN_TITLE))


def _phases() -> dict[str, Phase]:
    return {p.name: p for p in _campaign().phases}


def _criteria() -> dict[str, Criterion]:
    return {c.code: c for c in db.session.scalars(select(Criterion))}


def _awards() -> dict[str, AwardForm]:
    return {a.code: a for a in db.session.scalars(select(AwardForm))}


def _phase_dates(phase: Phase) -> PhaseDates:
    return PhaseDates(name=phase.name, start=phase.start_date, end=phase.end_date,
                      opens_at=phase.nomination_opens_at, closes_at=phase.nomination_closes_at,
                      appraisal_deadline=phase.appraisal_deadline, council_date=phase.council_date)


def _windows() -> dict[str, tuple]:
    return {p.name: (p.nomination_opens_at, p.nomination_closes_at, p.appraisal_deadline, p.council_date)
            for p in db.session.scalars(select(Phase))}


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _units() -> dict[str, Unit]:
    return {u.code: u for u in db.session.scalars(select(Unit))}


# --- Khánh Hòa ----------------------------------------------------------------------------------


def test_khanhhoa_builds_the_board(app):
    result = load_demo("khanhhoa")

    agency = db.session.scalar(select(Agency))
    assert agency.name == "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa"
    assert (agency.short_name, agency.parent_body, agency.symbol, agency.place_name) == (
        "Ban Quản lý", "UBND TỈNH KHÁNH HÒA", "KKTKCN", "Khánh Hòa")
    assert [(s.full_name, s.title, s.is_head) for s in agency.signers] == [
        ("Trần Minh Chiến", "Trưởng Ban", True), ("Phan Châu Vinh", "Phó Trưởng Ban", False)]

    units = _units()
    for code, name in KHANHHOA_UNITS.items():
        assert units[code].name == name and units[code].parent_id is None
    assert units["LD"].name == "Lãnh đạo Ban" and units["LD"].parent_id is None
    sub_units = [u for u in units.values() if u.parent_id is not None]
    assert 2 <= len(sub_units) <= 3
    for unit in sub_units:
        assert unit.parent.code in KHANHHOA_UNITS and unit.code.startswith(unit.parent.code + ".")
    # Sub-units sort right after their parent.
    ordered = sorted(units.values(), key=lambda u: u.sort_order)
    for unit in sub_units:
        assert ordered.index(unit) > ordered.index(unit.parent)

    people = db.session.scalars(select(Person)).all()
    assert len(people) >= 55
    assert {p.unit.code for p in people} == set(units)  # every unit has staff
    org = {k: result.created[k] for k in ("agency", "signer", "unit", "person", "user")}
    assert org == {"agency": 1, "signer": 2, "unit": len(units), "person": len(people), "user": 17}  # donvi.qldaht.kt (issue 11)
    # the seed campaign (2 phases, 5 groups) and the regular one (2 annual rounds, 3 groups)
    assert {k: result.created[k] for k in ("campaign", "phase", "criterion_group", "award_form", "base_salary")} == {
        "campaign": 2, "phase": 4, "criterion_group": 8, "award_form": 7, "base_salary": 1}
    assert result.created["criterion"] == db.session.scalar(select(func.count()).select_from(Criterion))
    assert result.created["plan_task"] == db.session.scalar(select(func.count()).select_from(PlanTask))
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "demo.load")) == 1


def test_khanhhoa_staff_is_plausible(app):
    load_demo("khanhhoa")
    people = db.session.scalars(select(Person)).all()
    by_unit: dict[str, list[Person]] = {}
    for person in people:
        by_unit.setdefault(person.unit.code, []).append(person)

    # Each top unit has exactly one head, who is a leader; deputies are leaders too.
    heads = {"VP": "Chánh Văn phòng", "KHDT": "Trưởng phòng", "DNGS": "Trưởng phòng", "QLDAHT": "Giám đốc"}
    for code, title in heads.items():
        assert [p.is_leader for p in by_unit[code] if p.position == title] == [True]
    for person in people:
        leading = person.position.startswith(("Trưởng phòng", "Trưởng Ban", "Phó ", "Chánh ", "Giám đốc"))
        assert person.is_leader == leading, person
    # Công chức in the phòng and the Văn phòng, viên chức in the Ban QLDA, a few người lao động.
    kinds = {p.employment_type for p in people}
    assert kinds == {"cong_chuc", "vien_chuc", "nguoi_lao_dong"}
    for person in people:
        if person.employment_type == "nguoi_lao_dong":
            continue
        in_board = person.unit.code.split(".")[0] == "QLDAHT"
        assert person.employment_type == ("vien_chuc" if in_board else "cong_chuc"), person
    assert sum(p.employment_type == "nguoi_lao_dong" for p in people) <= 6
    genders = {p.gender for p in people}
    assert genders == {"nam", "nu"}


def test_khanhhoa_accounts_are_bound_to_their_people_and_units(app):
    result = load_demo("khanhhoa")
    units = _units()
    expected = dict(SHARED_ACCOUNTS, **{f"donvi.{code.lower()}": Role.UNIT_OFFICER for code in KHANHHOA_UNITS},
                    **{"donvi.qldaht.kt": Role.UNIT_OFFICER})  # a phòng's own officer (issue 11)
    assert [a.username for a in result.accounts] == list(expected)
    for username, role in expected.items():
        user = _user(username)
        assert user is not None and user.role == role and user.active, username
        assert user.check_password(DEMO_PASSWORD)

    assert _user("truongban").full_name == "Trần Minh Chiến"
    assert _user("vanphong").person.unit.code.split(".")[0] == "VP"
    assert _user("thuky").person.unit.code.split(".")[0] == "VP"

    for code in KHANHHOA_UNITS:
        officer = _user(f"donvi.{code.lower()}")
        assert officer.unit_id == units[code].id
        assert officer.person is not None and officer.person.unit_id == units[code].id
        assert officer.full_name == officer.person.full_name
        assert unit_scope(officer) == unit_subtree_ids(units[code].id)

    # Council members are unit leaders, linked to their Person rows (recusal by unit needs it).
    members = [_user(f"uyvien{i}") for i in range(1, 7)]
    assert all(m.person is not None and m.person.is_leader for m in members)
    assert len({m.person_id for m in members}) == 6
    assert {m.person.unit.code for m in members} >= set(KHANHHOA_UNITS)
    # The board's leaders are people of the "Lãnh đạo Ban" unit, and the signers refer to them.
    for username, signer in (("truongban", "Trần Minh Chiến"), ("chutich", "Phan Châu Vinh")):
        person = _user(username).person
        assert (person.full_name, person.unit.code, person.is_leader) == (signer, "LD", True)
        assert db.session.scalar(select(Signer).where(Signer.full_name == signer)).person_id == person.id


def test_describe_lists_every_account_with_role_and_unit(app):
    result = load_demo("khanhhoa")
    text = result.describe()
    assert "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa" in text
    assert "  vanphong — Văn phòng (thường trực Hội đồng) — Văn phòng (" in text
    assert "  truongban — Lãnh đạo Ban (người ký) — Lãnh đạo Ban (Trần Minh Chiến, Trưởng Ban)" in text
    assert "  donvi.khdt — Cán bộ thi đua đơn vị — Phòng Kế hoạch – Đầu tư và Xúc tiến (" in text
    # What was created, the campaign and where its windows stand.
    n_criteria = db.session.scalar(select(func.count()).select_from(Criterion))
    for words in ("2 phong trào", "4 giai đoạn", "8 nhóm tiêu chí", f"{n_criteria} tiêu chí",
                  "7 hình thức khen thưởng", "1 mức lương cơ sở", "25 nhiệm vụ kế hoạch", "báo cáo tiến độ"):
        assert words in text, words
    assert f"Phong trào: «{CAMPAIGN_TITLE}» — Đã phát động, 01/06/2026 – 31/12/2030" in text
    assert f"  {PHASE_1} — sơ kết Quý IV/2027: đang nhận hồ sơ đến 17:00 29/10/2027" in text
    assert f"  {PHASE_2} — tổng kết Quý III/2030: sắp mở nhận hồ sơ từ 07:30 03/01/2028" in text
    assert "Phong trào: «Phong trào thi đua thường xuyên» — Đã phát động, 01/01/2025 – 31/12/2030" in text
    assert "  Năm 2025 — tổng kết năm 2025: đã hết hạn nhận hồ sơ (17:00 12/12/2025)" in text
    assert "  Năm 2026 — tổng kết năm 2026: đang nhận hồ sơ đến 17:00 " in text
    assert "Hội đồng Thi đua – Khen thưởng: Quyết định số 08/QĐ-KKTKCN ngày 12/01/2025, 9 thành viên" in text
    assert "(tập thể 100 điểm, cá nhân 100 điểm); 7 hình thức khen thưởng; 25 nhiệm vụ kế hoạch" in text
    lines = text.splitlines()
    for account in result.accounts:
        user = _user(account.username)
        line = next(li for li in lines if li.startswith(f"  {account.username} — "))
        assert user.role_label in line
        if user.person is not None:
            assert user.person.full_name in line and user.person.unit.name in line
    assert unicodedata.is_normalized("NFC", text)


def test_every_demo_account_logs_in_and_sees_its_home_page(app, login):
    result = load_demo("khanhhoa")
    assert len(result.accounts) == 17  # donvi.qldaht.kt (issue 11)
    for account in result.accounts:
        client = app.test_client()
        response = login(client, account.username, DEMO_PASSWORD)
        assert response.status_code == 302, (account.username, response.get_data(as_text=True)[:300])
        home = client.get("/")
        assert home.status_code == 200, account.username


def test_running_twice_creates_nothing(app):
    first = load_demo("khanhhoa")
    before = _counts()
    people_before = {(p.full_name, p.date_of_birth, p.unit_id) for p in db.session.scalars(select(Person))}
    db.session.expire_all()

    second = load_demo("khanhhoa")
    assert second.total_created == 0
    assert set(second.created.values()) == {0}
    assert _counts() == before  # not even an audit event
    assert {(p.full_name, p.date_of_birth, p.unit_id) for p in db.session.scalars(select(Person))} == people_before
    assert [a.username for a in second.accounts] == [a.username for a in first.accounts]
    assert all(not a.created and a.demo_password for a in second.accounts)
    assert "Không tạo thêm gì" in second.describe()
    assert f"Phong trào: «{CAMPAIGN_TITLE}»" in second.describe()


def test_a_later_run_does_not_move_the_windows(app, monkeypatch):
    """The windows count from the day of the first load; a run weeks later finds the phases by name and
    leaves their dates alone."""
    load_demo("khanhhoa")
    before = _windows()
    later = LOAD_DAY + dt.timedelta(days=40)  # into the next year: the annual rounds stay 2025 and 2026
    set_load_day(monkeypatch, later)
    db.session.expire_all()
    again = load_demo("khanhhoa")
    assert again.total_created == 0
    assert _windows() == before


def test_missing_records_are_filled_in_and_existing_ones_left_alone(app, make_user):
    admin = make_user(username="admin", role=Role.ADMIN, full_name="Quản trị viên thật")
    result = load_demo("khanhhoa")
    db.session.refresh(admin)
    assert admin.check_password(TEST_PASSWORD) and not admin.check_password(DEMO_PASSWORD)
    assert admin.full_name == "Quản trị viên thật"
    assert result.created["user"] == 16
    line = next(li for li in result.describe().splitlines() if li.startswith("  admin — "))
    assert "mật khẩu riêng" in line

    # A deleted account and person come back; nothing else is touched.
    officer = _user("donvi.dngs")
    db.session.delete(officer)
    db.session.commit()
    from campaign.models import InitiativeAuthor, Nomination, Result
    used = {*db.session.scalars(select(Result.person_id)), *db.session.scalars(select(Nomination.person_id)),
            *db.session.scalars(select(InitiativeAuthor.person_id)), *db.session.scalars(select(User.person_id))}
    guard = next(p for p in db.session.scalars(select(Person).order_by(Person.id)) if p.id not in used)
    db.session.delete(guard)
    db.session.commit()
    again = load_demo("khanhhoa")
    # the person comes back with their own prior awards (the dossier step), and nothing else
    history = again.created.get("award_record", 0)
    assert again.created["person"] == 1 and again.created["user"] == 1 and history <= 2
    assert again.total_created == 2 + history
    restored = _user("donvi.dngs")
    assert restored.unit.code == "DNGS" and restored.person.unit.code == "DNGS"


def test_deleted_campaign_records_come_back(app):
    load_demo("khanhhoa")
    task = db.session.scalar(select(PlanTask).where(PlanTask.deadline_text == "31/10/2026"))
    reports = len(task.reports)
    db.session.delete(task)
    condition = db.session.scalar(select(AwardCondition).join(AwardForm, AwardCondition.award_form_id == AwardForm.id)
                                  .where(AwardForm.code == "CSTDCS", AwardCondition.kind == "cap_share"))
    db.session.delete(condition)
    target = _criteria()["IV.1"].target_for(_phases()[PHASE_2].id)
    db.session.delete(target)
    db.session.commit()
    db.session.expire_all()

    again = load_demo("khanhhoa")
    assert {k: n for k, n in again.created.items() if n} == {
        "plan_task": 1, "task_report": reports, "award_condition": 1, "criterion_target": 1}
    assert _criteria()["IV.1"].target_for(_phases()[PHASE_2].id).value == 99


def test_a_failing_step_writes_nothing(app, monkeypatch):
    import campaign.demo as demo

    def broken(ctx):
        raise RuntimeError("hỏng")

    before = _counts()
    monkeypatch.setattr(demo, "STEPS", [*demo.STEPS, broken])
    with pytest.raises(RuntimeError):
        load_demo("khanhhoa")
    assert _counts() == before


def test_unknown_agency_is_refused(app):
    with pytest.raises(ServiceError) as err:
        load_demo("hanoi")
    assert "khanhhoa" in err.value.message and "langson" in err.value.message


# --- the Khánh Hòa campaign ----------------------------------------------------------------------


def test_khanhhoa_campaign_is_the_seed_plan_launched(app):
    load_demo("khanhhoa")
    campaign = _campaign()
    assert (campaign.kind, campaign.status) == ("thematic", CampaignStatus.LAUNCHED)
    assert campaign.plan_number == ""  # "Số: /KH-KKTKCN", not yet numbered in the seed
    assert (campaign.plan_date.year, campaign.plan_date.month) == (2026, 5)
    assert campaign.plan_issuer == "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa"
    assert (campaign.start_date.year, campaign.end_date) == (2026, dt.date(2030, 12, 31))
    bases = [b.text for b in campaign.legal_bases]
    assert [b.position for b in campaign.legal_bases] == list(range(1, len(bases) + 1))
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15" in bases[0]
    assert "Nghị định số 152/2025/NĐ-CP" in bases[1]
    assert "Kế hoạch số 5237/KH-UBND ngày 15/4/2026 của UBND tỉnh" in bases[2]
    assert all(b.startswith("Căn cứ ") for b in bases)
    assert all(b.endswith(";") for b in bases[:-1]) and bases[-1].endswith(".")
    # Content: the five contents of seed 000 §II; goals: its purposes and measurable aims.
    assert [line[:3] for line in campaign.content.splitlines()] == ["1. ", "2. ", "3. ", "4. ", "5. "]
    assert "Bình dân học vụ số" in campaign.content and "kinh tế tuần hoàn" in campaign.content
    assert "100% văn bản được xử lý trên môi trường điện tử" in campaign.goals
    assert "95%" in campaign.goals and "99%" in campaign.goals and "50 tin bài/năm" in campaign.goals
    for text in [campaign.title, campaign.content, campaign.goals, *bases]:
        assert unicodedata.is_normalized("NFC", text)


def test_khanhhoa_phases_are_valid_and_their_windows_follow_the_load_day(app):
    load_demo("khanhhoa")
    campaign = _campaign()
    phases = _phases()
    assert list(phases) == [PHASE_1, PHASE_2]
    one, two = phases[PHASE_1], phases[PHASE_2]
    assert (one.start_date, one.end_date, one.review_kind, one.review_period) == (
        dt.date(2026, 6, 1), dt.date(2027, 12, 31), "interim", "Quý IV/2027")
    assert (two.start_date, two.end_date, two.review_kind, two.review_period) == (
        dt.date(2028, 1, 1), dt.date(2030, 12, 31), "final", "Quý III/2030")
    for phase in (one, two):
        assert phase_problems(_phase_dates(phase), campaign.start_date, campaign.end_date) == {}, phase.name
    assert overlap_problem([_phase_dates(one), _phase_dates(two)]) is None

    # On the load day (1 December 2026) phase 1 runs: its window, on the plan's dates, takes the units'
    # results and dossiers until its review; phase 2 (2028–2030) has not opened. No date counts from the day.
    now = LOAD_DAY
    assert window_state(one.nomination_opens_at, one.nomination_closes_at, now) == "open"
    assert (one.nomination_opens_at, one.nomination_closes_at) == (
        dt.datetime(2026, 6, 1, 7, 30), dt.datetime(2027, 10, 29, 17, 0))
    assert one.nomination_closes_at.date() < one.appraisal_deadline < one.council_date <= one.end_date
    assert window_state(two.nomination_opens_at, two.nomination_closes_at, now) == "upcoming"
    assert two.nomination_opens_at.date() >= two.start_date
    assert two.nomination_closes_at.date() < two.appraisal_deadline < two.council_date <= two.end_date
    assert one.units_may_edit and two.units_may_edit


@pytest.mark.parametrize("key", sorted(AGENCIES))
@pytest.mark.parametrize("today", [dt.date(2026, 1, 1), dt.date(2026, 6, 2), dt.date(2027, 12, 31),
                                   dt.date(2030, 12, 20), dt.date(2032, 3, 1)])
def test_windows_stay_within_the_campaign_whatever_the_load_day(key, today):
    spec = AGENCIES[key].campaign
    for phase in spec.phases:
        fields = phase_calendar(phase.window, today, spec.start, spec.end)
        dates = PhaseDates(name=phase.name, start=phase.start, end=phase.end,
                           opens_at=fields["nomination_opens_at"], closes_at=fields["nomination_closes_at"],
                           appraisal_deadline=fields["appraisal_deadline"], council_date=fields["council_date"])
        assert phase_problems(dates, spec.start, spec.end) == {}, (phase.name, today)


def test_khanhhoa_criteria_add_up_and_the_campaign_could_be_launched(app):
    load_demo("khanhhoa")
    campaign = _campaign()
    assert launch_problems(campaign) == []
    criteria = [c for g in campaign.groups for c in g.criteria]
    sums = points_by_kind(CriterionPoints(c.code, c.applies_to, c.max_points, c.retired) for c in criteria)
    assert sums == {"collective": Decimal(100), "individual": Decimal(100)}
    # The five contents of seed 000 §II, in order.
    assert [g.code for g in campaign.groups] == ["I", "II", "III", "IV", "V"]
    names = [g.name for g in campaign.groups]
    assert names[0].startswith("Thi đua tạo đột phá trong tư duy")
    assert "hạ tầng số, hạ tầng xanh" in names[1] and "đổi mới sáng tạo" in names[2]
    assert "Bình dân học vụ số" in names[3] and "chuyển đổi xanh" in names[4]
    assert all(g.criteria for g in campaign.groups)
    # Each kind has quantitative and qualitative criteria; some need evidence; every one is described.
    for kind in ("collective", "individual"):
        mine = [c for c in criteria if c.applies_to in (kind, "both")]
        assert {c.measure for c in mine} == {"quantitative", "qualitative"}, kind
    assert {c.applies_to for c in criteria} == {"collective", "individual", "both"}
    assert 3 <= sum(c.evidence_required for c in criteria) < len(criteria)
    for c in criteria:
        assert len(c.description) > 60 and unicodedata.is_normalized("NFC", c.description), c.code
        assert bool(c.unit_of_measure) == c.is_quantitative, c.code
        assert len(c.targets) == (2 if c.is_quantitative else 0), c.code
    by_name = {c.name: c for c in criteria}
    sangkien = next(c for c in criteria if c.name.startswith("Sáng kiến, giải pháp"))
    assert sangkien.applies_to == "both" and not sangkien.is_quantitative and sangkien.evidence_required
    assert any(c.name.startswith("Tuyên truyền") and not c.is_quantitative for c in criteria)
    tasks = by_name["Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn"]
    assert (tasks.source, tasks.applies_to, tasks.unit_of_measure) == ("task_completion", "collective", "%")
    assert [c.code for c in criteria if c.source == "task_completion"] == [tasks.code]


def _targets(criterion: Criterion) -> list[Decimal]:
    phases = _phases()
    return [criterion.target_for(phases[name].id).value for name in (PHASE_1, PHASE_2)]


def test_khanhhoa_targets_follow_the_seed_phase_by_phase(app):
    load_demo("khanhhoa")
    criteria = _criteria()
    dvctt = criteria["IV.1"]
    assert "hài lòng" in dvctt.name and "dịch vụ công trực tuyến" in dvctt.name
    assert (dvctt.unit_of_measure, _targets(dvctt)) == ("%", [95, 99])  # seed 003: 95 % → 99 %
    so_hoa = criteria["II.1"]
    assert "số hóa" in so_hoa.name and _targets(so_hoa)[1] == 100 and _targets(so_hoa)[0] < 100
    van_ban = criteria["IV.2"]
    assert "văn bản" in van_ban.name and "môi trường điện tử" in van_ban.name and _targets(van_ban) == [100, 100]
    ky_nang = criteria["I.1"]
    assert "kỹ năng số" in ky_nang.name and _targets(ky_nang) == [100, 100]
    tin_bai = criteria["IV.3"]
    assert (tin_bai.applies_to, tin_bai.unit_of_measure, _targets(tin_bai)) == ("collective", "tin bài/năm", [50, 50])


def _conditions(award: AwardForm) -> dict[int, set[tuple]]:
    found: dict[int, set[tuple]] = {}
    for c in award.conditions:
        found.setdefault(c.alternative, set()).add(
            (c.kind, c.title.code if c.title else None, c.years, c.count, c.level,
             None if c.percent is None else int(c.percent), c.strict))
    return found


def test_the_award_catalogue_of_the_domain(app):
    load_demo("khanhhoa")
    awards = _awards()
    assert list(awards) == ["GK", "BKUBND", "LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "CSTDT"]
    assert [a.position for a in awards.values()] == list(range(1, 8))

    def row(code):
        a = awards[code]
        return (a.threshold_share, a.threshold_strict, a.bonus_individual, a.bonus_collective, a.decided_by_board)

    assert row("GK") == (Decimal("0.5"), True, Decimal("0.3"), Decimal("0.6"), True)
    assert row("BKUBND") == (Decimal("0.6667"), False, Decimal("1.0"), Decimal("2.0"), False)
    assert row("LDTT") == (Decimal("0.5"), True, Decimal("0.3"), None, True)
    assert row("CSTDCS") == (Decimal("0.6667"), False, Decimal("1.0"), None, True)
    assert row("TTLDTT")[2:] == (None, Decimal("0.8"), True)
    assert row("TTLDXS")[2:4] == (None, Decimal("1.5"))
    assert row("CSTDT")[:3] == (Decimal("0.9"), False, Decimal("3.0")) and not awards["CSTDT"].decided_by_board
    assert awards["GK"].name == "Giấy khen của Trưởng Ban Quản lý" and awards["GK"].authority == "Trưởng Ban Quản lý"
    assert awards["BKUBND"].name == "Bằng khen của Chủ tịch UBND tỉnh" and awards["BKUBND"].level == "province"
    assert {awards[c].applies_to for c in ("LDTT", "CSTDCS", "CSTDT")} == {"individual"}
    assert {awards[c].applies_to for c in ("TTLDTT", "TTLDXS")} == {"collective"}
    for award in awards.values():
        assert "06/2022/QH15" in award.legal_basis and "152/2025/NĐ-CP" in award.legal_basis, award.code

    assert _conditions(awards["BKUBND"]) == {
        1: {("prior_title", "CSTDCS", 2, None, None, None, False)},
        2: {("prior_title", "LDTT", 2, None, None, None, False), ("initiative", None, None, 2, "co_so", None, False)},
    }
    assert _conditions(awards["CSTDCS"]) == {1: {
        ("same_year_title", "LDTT", None, None, None, None, False),
        ("initiative", None, None, 1, "co_so", None, False),
        ("cap_share", "LDTT", None, None, None, 15, False)}}
    assert _conditions(awards["TTLDTT"]) == {1: {
        ("member_title_share", "LDTT", None, None, None, 50, True),
        ("no_sanction", None, None, None, "canh_cao", None, False)}}
    assert _conditions(awards["TTLDXS"]) == {1: {
        ("all_members_complete", None, None, None, None, None, False),
        ("member_title_share", "LDTT", None, None, None, 70, False),
        ("member_with_title", "CSTDCS", None, 1, None, None, False),
        ("no_sanction", None, None, None, "canh_cao", None, False)}}
    assert not awards["GK"].conditions and not awards["LDTT"].conditions
    # Every condition carries what services.awards requires of its kind.
    for condition in db.session.scalars(select(AwardCondition)):
        for name in REQUIRED_PARAMETERS[condition.kind]:
            assert getattr(condition, name) is not None, (condition.award_form.code, condition.kind, name)

    phases = _phases()
    quotas = {(q.award_form.code, q.phase_id): q for q in db.session.scalars(select(AwardQuota))}
    gk = quotas["GK", phases[PHASE_1].id]
    assert (gk.kind, gk.value, gk.leaders_cap) == ("count", 10, 3)
    assert ("GK", phases[PHASE_2].id) in quotas
    assert {quotas["CSTDCS", p.id].kind for p in phases.values()} == {"share_staff"}
    rate = db.session.scalar(select(BaseSalaryRate))
    assert (rate.effective_from, rate.amount) == (dt.date(2024, 7, 1), 2_340_000)
    assert "73/2024/NĐ-CP" in rate.basis


# Deadlines as the seed tables write them, and the last day each allows.
_DEADLINE_WORDS = {"12/2026": dt.date(2026, 12, 31), "Quý II/2026": dt.date(2026, 6, 30),
                   "Năm 2026 – 2030": dt.date(2030, 12, 31), "2026 - 2030": dt.date(2030, 12, 31)}


def _deadline_of(text: str) -> dt.date:
    if text in _DEADLINE_WORDS:
        return _DEADLINE_WORDS[text]
    day, month, year = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text).groups()
    return dt.date(int(year), int(month), int(day))


def test_task_tables_are_transcribed_consistently():
    spec = AGENCIES["khanhhoa"]
    codes = {u.code for u in spec.units}
    keys = [(t.section, t.name) for t in spec.tasks]
    assert len(keys) == len(set(keys)) == 25
    for task in spec.tasks:
        assert task.deadline == _deadline_of(task.deadline_text), task.number
        assert len(task.section) <= 300 and len(task.number) <= 20 and len(task.product) <= 500, task.name
        assert task.lead is None or task.lead in codes
        assert set(task.partners) <= codes and task.lead not in task.partners, task.name
        assert task.lead_text, task.name  # what the table says, always kept
        for report in task.reports:
            assert report.unit == task.lead or report.unit in task.partners, (task.name, report.unit)
            assert report.status in ("done", "in_progress")
        for text in (task.section, task.name, task.lead_text, task.partner_text, task.product, task.legal_basis):
            assert unicodedata.is_normalized("NFC", text) and "  " not in text, text


def test_khanhhoa_plan_tasks_with_progress_and_some_overdue(app):
    load_demo("khanhhoa")
    campaign = _campaign()
    tasks = db.session.scalars(select(PlanTask).order_by(PlanTask.position)).all()
    assert len(tasks) == 25 and {t.campaign_id for t in tasks} == {campaign.id}
    assert [t.position for t in tasks] == list(range(1, 26))
    sections = {t.section for t in tasks}
    assert any("Phụ lục I – I. Nâng cao nhận thức" in s for s in sections)
    assert any(s.startswith("Kế hoạch chuyển đổi số giai đoạn 2026 – 2030, Phụ lục II") for s in sections)
    by_deadline = {t.deadline_text: t.deadline for t in tasks}
    assert by_deadline["30/6/2026"] == dt.date(2026, 6, 30)
    assert by_deadline["12/2026"] == dt.date(2026, 12, 31)
    assert by_deadline["Quý II/2026"] == dt.date(2026, 6, 30)
    assert by_deadline["Năm 2026 – 2030"] == dt.date(2030, 12, 31)
    # Bodies outside the board lead some tasks: the table's words are kept, the board's units take part.
    outside = next(t for t in tasks if t.lead_text == "Sở Khoa học và Công nghệ; Công an tỉnh")
    assert outside.lead_unit is None and {u.code for u in outside.partners} == {"KHDT", "DNGS", "QLDAHT"}
    website = next(t for t in tasks if t.deadline_text == "30/6/2026")
    assert (website.lead_unit.code, website.product) == ("VP", "Website")
    assert {u.code for u in website.partners} == {"KHDT", "DNGS", "QLDAHT"}
    assert "2044/KH-UBND" in website.legal_basis
    nine = next(t for t in tasks if "50 tin bài/năm" in t.name)
    assert nine.lead_unit.code == "VP"

    today = LOAD_DAY.date()
    reports = db.session.scalars(select(TaskReport)).all()
    done = [r for r in reports if r.status == "done"]
    assert len([r for r in done if r.on_time]) >= 3
    late = [r for r in done if not r.on_time]
    assert len(late) == 1 and late[0].completed_on > late[0].task.deadline
    assert any(r.status == "in_progress" for r in reports)
    for report in reports:
        task = report.task
        assert report.unit_id == task.lead_unit_id or report.unit in task.partners
        assert report.completed_on is None or report.completed_on <= today
        officer = db.session.get(User, report.reported_by_id)  # the unit officers of the demo report
        assert officer.role == Role.UNIT_OFFICER and officer.unit_id == report.unit_id

    overdue = dict(overdue_tasks_by_unit(today))
    assert overdue.get("Văn phòng", 0) >= 2  # the website (30/6/2026 and Quý II/2026), still in progress


# --- the pages, on the demo board -----------------------------------------------------------------


def test_the_set_up_pages_and_the_home_page_render_the_demo(app, login):
    load_demo("khanhhoa")
    campaign_id = _campaign().id
    client = app.test_client()
    assert login(client, "vanphong", DEMO_PASSWORD).status_code == 302

    # The pages tell the windows' state at the real time (the demo was loaded on LOAD_DAY).
    labels = {"open": "đang mở", "upcoming": "sắp mở", "closed": "đã đóng"}
    states = [labels[window_state(p.nomination_opens_at, p.nomination_closes_at, local_now())]
              for p in _phases().values()]
    page = client.get(f"/phong-trao/{campaign_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for text in (CAMPAIGN_TITLE, "Đã phát động", "Kế hoạch (chưa có số)", "Kế hoạch số 5237/KH-UBND",
                 PHASE_1, PHASE_2, "Sơ kết Quý IV/2027", "Tổng kết Quý III/2030", *states):
        assert text in html, text
    assert "launch-problems" not in html

    page = client.get(f"/phong-trao/{campaign_id}/tieu-chi")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("100 / 100") == 2
    for text in ("Tỷ lệ người dân, doanh nghiệp hài lòng khi sử dụng dịch vụ công trực tuyến", "95 %", "99 %",
                 "50 tin bài/năm", "từ nhiệm vụ kế hoạch", "cần minh chứng", f"Chỉ tiêu {PHASE_2}"):
        assert text in html, text
    assert "thiếu" not in html

    page = client.get("/hinh-thuc-khen-thuong")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for text in ("Giấy khen của Trưởng Ban Quản lý", "Bằng khen của Chủ tịch UBND tỉnh", "Chiến sĩ thi đua cấp tỉnh",
                 "Đã đạt «Chiến sĩ thi đua cơ sở» 2 năm liên tục", "Đã đạt «Lao động tiên tiến» 2 năm liên tục",
                 "Có 2 sáng kiến được công nhận từ cấp cơ sở trở lên", "Số lượng không quá 15% số đạt «Lao động tiên tiến»",
                 "Trên 50% thành viên đạt «Lao động tiên tiến»", "Không có ai bị kỷ luật từ mức cảnh cáo trở lên",
                 "từ 66,67% trở lên", "từ 90% trở lên", "2.340.000 đồng", "Nghị định số 73/2024/NĐ-CP"):
        assert text in html, text
    assert ">hoặc<" in html

    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for text in (f"nhận hồ sơ: {states[0]}", 'id="overdue-chart"', "Văn phòng",
                 "Nhiệm vụ kế hoạch quá hạn theo đơn vị chủ trì"):
        assert text in html, text
    assert "Không có nhiệm vụ nào quá hạn." not in html


def test_a_unit_officer_sees_the_launched_campaign(app, login):
    load_demo("khanhhoa")
    campaign_id = _campaign().id
    client = app.test_client()
    assert login(client, "donvi.khdt", DEMO_PASSWORD).status_code == 302
    for url in (f"/phong-trao/{campaign_id}", f"/phong-trao/{campaign_id}/tieu-chi", "/hinh-thuc-khen-thuong"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(f"/phong-trao/{campaign_id}").get_data(as_text=True)
    assert CAMPAIGN_TITLE in html and "Sửa thông tin" not in html


# --- Lạng Sơn -----------------------------------------------------------------------------------


def test_langson_builds_the_border_gate_board(app):
    result = load_demo("langson")
    agency = db.session.scalar(select(Agency))
    assert agency.name == "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn"
    assert (agency.parent_body, agency.symbol, agency.place_name) == ("UBND TỈNH LẠNG SƠN", "BQLKKTCK", "Lạng Sơn")
    head = next(s for s in agency.signers if s.is_head)
    assert (head.full_name, head.title) == ("Nguyễn Quốc Toàn", "Trưởng Ban")
    assert len(agency.signers) == 2

    units = _units()
    top = [u for u in units.values() if u.parent_id is None]
    assert units["VP"].name == "Văn phòng" and units["TTQLCK"].name == "Trung tâm Quản lý cửa khẩu"
    assert units["LD"].name == "Lãnh đạo Ban"
    top = [u for u in top if u.code != "LD"]
    phong = [u for u in top if u.code not in ("VP", "TTQLCK")]
    assert 2 <= len(phong) <= 3 and all(u.name.startswith("Phòng ") for u in phong)
    centre_rooms = [u for u in units.values() if u.parent_id == units["TTQLCK"].id]
    assert 2 <= len(centre_rooms) <= 3 and all(u.name.startswith("Phòng ") for u in centre_rooms)

    people = db.session.scalars(select(Person)).all()
    assert 45 <= len(people) <= 60
    assert {p.employment_type for p in people if p.unit.code.startswith("TTQLCK")} >= {"vien_chuc"}

    expected = dict(SHARED_ACCOUNTS, **{f"donvi.{u.code.lower()}": Role.UNIT_OFFICER for u in top})
    assert {a.username for a in result.accounts} == set(expected)
    for username, role in expected.items():
        assert _user(username).role == role, username
    assert _user("truongban").full_name == "Nguyễn Quốc Toàn"
    for unit in top:
        officer = _user(f"donvi.{unit.code.lower()}")
        assert officer.unit_id == unit.id and officer.person.unit_id == unit.id

    assert load_demo("langson").total_created == 0


def test_langson_campaign_follows_seed_002(app):
    result = load_demo("langson")
    campaign = _campaign()
    assert campaign.status == CampaignStatus.LAUNCHED
    assert campaign.plan_issuer == "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn"
    assert campaign.end_date == dt.date(2030, 12, 31)
    assert any("Kế hoạch số 160/KH-UBND ngày 27/4/2026" in b.text for b in campaign.legal_bases)
    phases = list(campaign.phases)
    assert [(p.name, p.review_kind, p.review_period) for p in phases] == [
        (PHASE_1, "interim", "Quý IV/2027"), (PHASE_2, "final", "Quý III/2030")]
    for phase in phases:
        assert phase_problems(_phase_dates(phase), campaign.start_date, campaign.end_date) == {}
    assert [window_state(p.nomination_opens_at, p.nomination_closes_at, LOAD_DAY) for p in phases] == [
        "open", "upcoming"]

    assert launch_problems(campaign) == []
    criteria = [c for g in campaign.groups for c in g.criteria]
    assert 5 <= len(criteria) <= 10
    assert points_by_kind(CriterionPoints(c.code, c.applies_to, c.max_points) for c in criteria) == {
        "collective": 100, "individual": 100}
    assert any("cửa khẩu thông minh" in c.name for c in criteria)
    differing = [c for c in criteria if c.is_quantitative and len({t.value for t in c.targets}) == 2]
    assert differing

    assert set(_awards()) == {"GK", "BKUBND", "LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "CSTDT"}
    assert db.session.scalar(select(func.count()).select_from(AwardQuota)) == 4
    assert db.session.scalar(select(func.count()).select_from(PlanTask)) == 0
    assert "nhiệm vụ kế hoạch" not in result.describe()
    before = _counts()
    assert load_demo("langson").total_created == 0
    assert _counts() == before


def test_langson_on_a_khanhhoa_database_is_refused_and_writes_nothing(app):
    load_demo("khanhhoa")
    before = _counts()
    with pytest.raises(ServiceError) as err:
        load_demo("langson")
    message = err.value.message
    assert "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa" in message
    assert "Lạng Sơn" in message
    db.session.expire_all()
    assert _counts() == before
    assert db.session.scalar(select(Agency.symbol)) == "KKTKCN"
    assert _user("donvi.ttqlck") is None


def test_khanhhoa_on_a_langson_database_is_refused(app):
    load_demo("langson")
    with pytest.raises(ServiceError):
        load_demo("khanhhoa")


# --- names --------------------------------------------------------------------------------------


def _check_names(people) -> None:
    """people: (full_name, gender, date_of_birth) triples."""
    families = set(demo_names.FAMILY_SOUTH_CENTRAL) | set(demo_names.FAMILY_NORTHERN_UPLAND)
    seen = set()
    for full_name, gender, born in people:
        assert unicodedata.is_normalized("NFC", full_name), full_name
        words = full_name.split()
        assert 3 <= len(words) <= 4 and " ".join(words) == full_name, full_name
        assert all(w[0].isupper() and w[1:].islower() for w in words), full_name
        assert words[0] in families, full_name
        given = demo_names.GIVEN_FEMALE if gender == "nu" else demo_names.GIVEN_MALE
        assert words[-1] in given, full_name
        assert ("Thị" in words) <= (gender == "nu"), full_name  # "Thị" is a woman's middle name
        age = REFERENCE_DATE.year - born.year - 1
        assert MIN_AGE <= age <= MAX_AGE, (full_name, born)
        assert (full_name, born) not in seen, full_name
        seen.add((full_name, born))


def test_demo_names_are_nfc_and_plausible(app):
    load_demo("khanhhoa")
    leaders = _units()["LD"].id  # the signers, named by the seed plans
    _check_names(db.session.execute(select(Person.full_name, Person.gender, Person.date_of_birth)
                                    .where(Person.unit_id != leaders)).all())
    names = [p.full_name for p in db.session.scalars(select(Person))]
    assert len(set(names)) == len(names)  # not even the same name twice
    for user in db.session.scalars(select(User)):
        assert unicodedata.is_normalized("NFC", user.full_name)


@pytest.mark.parametrize("key", sorted(AGENCIES))
def test_planned_staff_is_deterministic_and_plausible(key):
    spec = AGENCIES[key]
    planned = plan_people(spec)
    assert planned == plan_people(spec)
    _check_names([(p.full_name, p.gender, p.date_of_birth) for p in planned])
    signers = {s.full_name for s in spec.signers}
    assert not signers & {p.full_name for p in planned}
    # Every account points at a planned person or a unit of the spec; every top unit has its officer.
    keys = {p.key for p in planned if p.key} | {s.key for s in spec.signers if s.key}
    codes = {u.code for u in spec.units}
    for account in spec.accounts:
        assert account.person is None or account.person in keys, account
        assert account.unit is None or account.unit in codes, account
    officers = {a.username for a in spec.accounts if a.role == Role.UNIT_OFFICER}
    top_officers = {f"donvi.{u.code.lower()}" for u in spec.top_units if u.code != spec.leaders_unit}
    assert officers - top_officers <= {"donvi.qldaht.kt"} and top_officers <= officers
    for text in [spec.name, spec.parent_body, *(u.name for u in spec.units), *(s.position for s in spec.staff)]:
        assert unicodedata.is_normalized("NFC", text), text


def test_adding_staff_does_not_rename_the_others():
    """People are found again by name and date of birth: a new row must not reshuffle everyone
    (a new position anywhere, or more holders of a position after its existing rows)."""
    spec = AGENCIES["khanhhoa"]
    before = plan_people(spec)
    grown = dataclasses.replace(spec, staff=[staff("DNGS", "Chuyên viên pháp chế"), *spec.staff,
                                             staff("KHDT", "Chuyên viên", count=2)])
    after = plan_people(grown)
    assert len(after) == len(before) + 3
    assert {(p.full_name, p.date_of_birth) for p in before} <= {(p.full_name, p.date_of_birth) for p in after}


# --- the command --------------------------------------------------------------------------------


def test_cli_demo_prints_the_accounts_and_the_password(app):
    runner = app.test_cli_runner()
    outcome = runner.invoke(args=["campaign", "demo"])
    assert outcome.exit_code == 0, outcome.output
    out = outcome.output
    for username in [*SHARED_ACCOUNTS, *(f"donvi.{c.lower()}" for c in KHANHHOA_UNITS)]:
        assert f"  {username} — " in out, username
    assert DEMO_PASSWORD in out
    assert "Đã tạo mới:" in out
    assert db.session.scalar(select(func.count()).select_from(Person)) >= 55

    assert f"Phong trào: «{CAMPAIGN_TITLE}»" in out and "đang nhận hồ sơ đến" in out

    again = runner.invoke(args=["campaign", "demo"])
    assert again.exit_code == 0 and "Không tạo thêm gì" in again.output

    refused = runner.invoke(args=["campaign", "demo", "--agency", "langson"])
    assert refused.exit_code != 0
    assert "Khánh Hòa" in refused.output


def _rounds() -> dict[str, Phase]:
    annual = db.session.scalar(select(Campaign).where(Campaign.title == "Phong trào thi đua thường xuyên"))
    return {p.name: p for p in annual.phases}


def _nominations(phase: Phase) -> list:
    from campaign.models import Nomination

    return db.session.scalars(select(Nomination).where(Nomination.phase_id == phase.id)
                              .order_by(Nomination.id)).all()


def test_demo_dossiers_cover_the_whole_workflow(app):
    """The current annual round (open): dossiers accepted, returned and resubmitted, returned, submitted and
    drafts, with results, initiatives and files on disk; the previous round: every dossier accepted."""
    from pathlib import Path

    from flask import current_app

    from campaign.models import Initiative, NominationStatus, Result, StoredFile
    from campaign.services.facts import eligibility

    load_demo("khanhhoa")
    rounds = _rounds()
    current = _nominations(rounds["Năm 2026"])
    assert 14 <= len(current) <= 16
    assert {n.nominee_kind for n in current} == {"collective", "individual"}
    assert {n.award_form.code for n in current} == {"LDTT", "CSTDCS", "TTLDTT"}
    assert len({n.unit_id for n in current}) == 4  # by the officer's unit (Ban QLDA's rooms under it)
    states = [n.status for n in current]
    assert {NominationStatus.ACCEPTED, NominationStatus.SUBMITTED, NominationStatus.RETURNED,
            NominationStatus.DRAFT} <= set(states)
    returned = [n for n in current if [e.action for e in n.events][:4] == ["created", "submitted", "returned",
                                                                            "resubmitted"]]
    assert returned and all(e.points for n in returned for e in n.events if e.action == "returned")

    assert db.session.scalar(select(func.count(Result.id))) > 100
    assert db.session.scalar(select(func.count(Initiative.id))) == 6
    folder = Path(current_app.config["UPLOAD_DIR"])
    stored = db.session.scalars(select(StoredFile)).all()
    assert stored and all((folder / f.storage_name).is_file() for f in stored)
    assert all(n.files for n in current if n.status != NominationStatus.DRAFT)

    # the sanctioned person's LĐTT: the rules say why not
    sanctioned_people = set(db.session.scalars(select(Sanction.person_id)))
    sanctioned = next(n for n in current if n.person_id in sanctioned_people)
    verdict = eligibility(sanctioned)
    assert not verdict.eligible and "kỷ luật khiển trách" in verdict.reasons[0]


def _story_problems(today: dt.date) -> list[str]:
    """Everything dated after the load day, or a window that ought not to be open."""
    from campaign.models import AwardRecord, Initiative, NominationEvent, Result

    problems = []
    for initiative in db.session.scalars(select(Initiative)):
        for day in (initiative.first_applied_on, initiative.decision_date):
            if day and day > today:
                problems.append(f"initiative {initiative.title} {day}")
    limit = dt.datetime.combine(today, dt.time(23, 59)) - dt.timedelta(hours=7)  # naive UTC
    for result in db.session.scalars(select(Result)):
        if result.updated_at > limit:
            problems.append(f"result {result.id} {result.updated_at}")
    for event in db.session.scalars(select(NominationEvent)):
        if event.created_at > limit:
            problems.append(f"event {event.action} {event.created_at}")
    for record in db.session.scalars(select(AwardRecord)):
        if record.year >= today.year or (record.decision_date and record.decision_date > today):
            problems.append(f"award {record.title} {record.year}")
    for sanction in db.session.scalars(select(Sanction)):
        if sanction.decided_on > today:
            problems.append(f"sanction {sanction.decided_on}")
    for report in db.session.scalars(select(TaskReport)):
        if report.completed_on and report.completed_on > today:
            problems.append(f"task report {report.completed_on}")
    return problems


def test_the_story_on_1_december_2026(app):
    """Phase 1 of the seed campaign runs (results and drafts so far, plan tasks in progress), phase 2 has not
    opened and holds nothing; the 2025 round is complete, the 2026 round open; nothing dated after the day."""
    from campaign.models import NominationStatus

    load_demo("khanhhoa")
    phases = _phases()
    one, two = phases[PHASE_1], phases[PHASE_2]
    assert window_state(two.nomination_opens_at, two.nomination_closes_at, LOAD_DAY) == "upcoming"
    assert _nominations(two) == []
    drafts = _nominations(one)
    assert drafts and {n.status for n in drafts} == {NominationStatus.DRAFT}
    assert {n.award_form.code for n in drafts} <= {"GK", "BKUBND"}
    assert any(t.status == "in_progress" for t in db.session.scalars(select(TaskReport)))
    assert _story_problems(LOAD_DAY.date()) == []

    rounds = _rounds()
    assert list(rounds) == ["Năm 2025", "Năm 2026"]
    previous, current = rounds["Năm 2025"], rounds["Năm 2026"]
    assert previous.campaign.kind == "regular" and previous.campaign.status == CampaignStatus.LAUNCHED
    assert window_state(previous.nomination_opens_at, previous.nomination_closes_at, LOAD_DAY) == "closed"
    assert previous.council_date < LOAD_DAY.date()
    assert window_state(current.nomination_opens_at, current.nomination_closes_at, LOAD_DAY) == "open"
    assert current.nomination_opens_at < LOAD_DAY < current.nomination_closes_at
    assert LOAD_DAY.date() < current.appraisal_deadline < current.council_date

    # The 2025 round: every dossier judged by the council, KHĐT's among them: awarded by the issued decisions,
    # or not recommended; in decision still: the CSTĐCS (its decision a draft, the newcomer's to issue). The
    # TTLĐXS is awarded by the province's answer to the board's Tờ trình (campaign/demo/statistics.py).
    done = _nominations(previous)
    assert done and {n.status for n in done} == {NominationStatus.AWARDED, NominationStatus.NOT_RECOMMENDED,
                                                 NominationStatus.IN_DECISION}
    assert {n.award_form.code for n in done if n.status == NominationStatus.IN_DECISION} == {"CSTDCS"}
    from campaign.models import DocumentKind, OfficialDocument
    documents = db.session.scalars(select(OfficialDocument).order_by(OfficialDocument.id)).all()
    answered = [d for d in documents if d.outcome_number]
    assert [(d.number_text, d.outcome_number) for d in answered] == [("12/TTr-KKTKCN", "85/QĐ-UBND")]
    assert answered[0].issued_on < answered[0].outcome_on < LOAD_DAY.date()
    from campaign.rules.statistics import TTLDXS
    from campaign.services.statistics import form_0603
    assert form_0603(answered[0].outcome_on.year).line("collective").get(TTLDXS) == 1
    issued = {(d.kind, d.number_text) for d in documents if d.is_issued}
    assert issued == {(DocumentKind.SUBMISSION, "11/TTr-VP"), (DocumentKind.SUBMISSION, "12/TTr-KKTKCN"),
                      (DocumentKind.DECISION, "46/QĐ-KKTKCN"), (DocumentKind.DECISION, "47/QĐ-KKTKCN"),
                      (DocumentKind.MINUTES, "01/BB-HĐTĐKT"), (DocumentKind.BALLOT, "02/BB-HĐTĐKT"),
                      (DocumentKind.REVIEW, "03/BC-KKTKCN")}
    assert [d.award_form.code for d in documents if not d.is_issued and d.kind == DocumentKind.DECISION] == ["CSTDCS"]
    codes = [n.award_form.code for n in done]
    # LĐTT for most of the collectives' staff: each one's title needs its share of members with it (TTLĐXS 70 %).
    assert codes.count("LDTT") >= 20 and codes.count("CSTDCS") >= 3
    assert {"TTLDTT", "TTLDXS"} <= set(codes)
    khdt = [n for n in done if n.unit.code == "KHDT"]
    assert len(khdt) >= 3 and {n.award_form.code for n in khdt} >= {"LDTT", "CSTDCS", "TTLDXS"}
    assert all(e.created_at < previous.nomination_closes_at for n in done for e in n.events
               if e.action in ("created", "submitted", "resubmitted"))
    # Its own titles come from the council's approved session (the replay), not from the history's years.
    from campaign.models import AwardRecord
    assert {r.year for r in db.session.scalars(select(AwardRecord))} == {2023, 2024, 2025}
    awarded_2025 = {(r.person_id, r.nominee_unit_id, r.award_form_id)
                    for r in db.session.scalars(select(AwardRecord).where(AwardRecord.year == 2025))}
    assert awarded_2025 == {(n.person_id, None if n.person_id else n.nominee_unit_id, n.award_form_id)
                            for n in done if n.status == NominationStatus.AWARDED}
    # The 2026 round has dossiers submitted and accepted, all inside its window.
    states = {n.status for n in _nominations(current)}
    assert {NominationStatus.SUBMITTED, NominationStatus.ACCEPTED} <= states


def test_the_council_by_decision_with_nine_members_who_have_accounts(app, login):
    from campaign.models import Council, CouncilRole

    result = load_demo("khanhhoa")
    council = db.session.scalar(select(Council))
    assert (council.decision_number, council.decision_date) == ("08/QĐ-KKTKCN", dt.date(2025, 1, 12))
    assert "Trưởng Ban Quản lý" in council.issuer and council.term_start <= dt.date(2025, 11, 17)
    assert council.term_end is None or council.term_end >= dt.date(2026, 12, 31)
    members = council.members
    assert len(members) == 9 and len({m.person_id for m in members}) == 9
    roles = [m.council_role for m in members]
    assert roles.count(CouncilRole.CHAIR) == 1 and roles.count(CouncilRole.SECRETARY) == 1
    assert roles.count(CouncilRole.VICE_CHAIR) == 1 and roles.count(CouncilRole.MEMBER) == 6
    chair = next(m for m in members if m.council_role == CouncilRole.CHAIR)
    assert chair.user.username == "chutich" and chair.person.unit.code == "LD"
    assert next(m for m in members if m.council_role == CouncilRole.SECRETARY).user.username == "thuky"
    assert [m.person.unit.code for m in members].count("KHDT") == 1  # the member recused on KHĐT's dossiers
    client = app.test_client()
    for member in members:
        assert member.user is not None and member.user.person_id == member.person_id and member.user.active
        assert login(client, member.user.username, DEMO_PASSWORD).status_code == 302
    # The replay's data names real members and dossiers of the plan.
    replay = AGENCIES["khanhhoa"].council.replay
    usernames = {m.user.username for m in members}
    assert replay.written_ballot in usernames
    assert all(set(voters) <= usernames for _, voters in replay.disagree)
    from campaign.demo.dossiers import nomination_for
    from campaign.demo.steps import DemoContext

    ctx = DemoContext(spec=AGENCIES["khanhhoa"], password=DEMO_PASSWORD)
    ctx.units, ctx.awards = _units(), _awards()
    previous = _rounds()["Năm 2025"]
    refs = [ref for ref, _ in replay.shares] + [ref for ref, _ in replay.disagree]
    refs += [replay.outlier[1], replay.override.nominee]
    found = [nomination_for(ctx, previous, ref) for ref in refs]
    assert all(n is not None and n.status in ("awarded", "in_decision", "not_recommended") for n in found), refs
    assert found[-1].award_form.code == "CSTDCS" and replay.override.reason
    assert len(replay.member_offsets) == len(members)
    assert "Hội đồng Thi đua – Khen thưởng: Quyết định số 08/QĐ-KKTKCN" in result.describe()
    # Loading twice adds no second council.
    assert load_demo("khanhhoa").total_created == 0
    assert db.session.scalar(select(func.count()).select_from(Council)) == 1


def test_langson_has_its_council_and_rounds_too(app):
    from campaign.models import Council

    load_demo("langson")
    council = db.session.scalar(select(Council))
    assert council.decision_number == "05/QĐ-BQLKKTCK" and len(council.members) == 9
    assert all(m.user is not None for m in council.members)
    assert [m.person.unit.code for m in council.members].count("QLDT") == 1
    previous = _nominations(_rounds()["Năm 2025"])
    assert previous and any(n.unit.code == "QLDT" for n in previous)
    assert sum(n.award_form.code == "LDTT" for n in previous) >= 7
    assert _story_problems(LOAD_DAY.date()) == []
    from campaign.demo.dossiers import nomination_for
    from campaign.demo.steps import DemoContext

    ctx = DemoContext(spec=AGENCIES["langson"], password=DEMO_PASSWORD)
    ctx.units, ctx.awards = _units(), _awards()
    replay = AGENCIES["langson"].council.replay
    refs = [ref for ref, _ in replay.disagree] + [replay.override.nominee]
    assert all(nomination_for(ctx, _rounds()["Năm 2025"], ref) is not None for ref in refs)


@pytest.mark.parametrize("when", [dt.datetime(2027, 1, 3, 9, 0), dt.datetime(2027, 6, 15, 9, 0),
                                  dt.datetime(2027, 12, 28, 9, 0), dt.datetime(2028, 3, 1, 9, 0)])
def test_the_story_holds_at_another_load_day(app, monkeypatch, when):
    """Loaded later, the same story moves on: the annual rounds are the year before and the year of the load
    day, the seed campaign's phases stand where their plan dates put them, nothing is dated after the day."""
    from campaign.models import NominationStatus

    set_load_day(monkeypatch, when)
    load_demo("khanhhoa")
    today = when.date()
    assert _story_problems(today) == []
    rounds = _rounds()
    assert list(rounds) == [f"Năm {today.year - 1}", f"Năm {today.year}"]
    current = rounds[f"Năm {today.year}"]
    assert window_state(current.nomination_opens_at, current.nomination_closes_at, when) == "open"
    previous = rounds[f"Năm {today.year - 1}"]
    judged = {NominationStatus.AWARDED, NominationStatus.IN_DECISION, NominationStatus.RECOMMENDED,
              NominationStatus.NOT_RECOMMENDED}
    statuses = {n.status for n in _nominations(previous)}
    # Judged by the council once its session's day has come (awarded once the decision's day has), else waiting.
    assert statuses and statuses <= (judged if previous.council_date <= today else {NominationStatus.ACCEPTED})
    phases = _phases()
    for phase in phases.values():
        state = window_state(phase.nomination_opens_at, phase.nomination_closes_at, when)
        nominations = _nominations(phase)
        if state == "upcoming":
            assert nominations == []
        elif state == "open":
            assert nominations and {n.status for n in nominations} == {NominationStatus.DRAFT}
        else:  # its whole round, submitted before the deadline
            assert NominationStatus.ACCEPTED in {n.status for n in nominations}
            assert all(e.created_at <= phase.nomination_closes_at for n in nominations for e in n.events
                       if e.action in ("created", "submitted", "resubmitted"))
    assert load_demo("khanhhoa").total_created == 0


def test_an_earlier_demo_gets_its_leaders_and_council(app):
    """A database loaded by an earlier demo (leaders not yet people, no council): a new run binds the
    leaders' accounts and signers to their people and establishes the council; nothing else changes."""
    from campaign.models import AwardRecord, CouncilSession, FundEntry, OfficialDocument

    load_demo("khanhhoa")
    for record in db.session.scalars(select(AwardRecord).where(AwardRecord.document_id.is_not(None))):
        db.session.delete(record)  # nor documents
    for entry in db.session.scalars(select(FundEntry).where(FundEntry.document_id.is_not(None))):
        db.session.delete(entry)  # nor the decisions' postings to the fund
    for document in db.session.scalars(select(OfficialDocument)):
        db.session.delete(document)
    db.session.flush()
    for session in db.session.scalars(select(CouncilSession)):  # an earlier demo had no sessions either
        db.session.delete(session)
    db.session.flush()
    db.session.delete(db.session.scalar(select(Council)))
    for username in ("truongban", "chutich"):
        _user(username).person_id = None
    for signer in db.session.scalars(select(Signer)):
        signer.person_id = None
    db.session.commit()
    db.session.expire_all()

    again = load_demo("khanhhoa")
    # The 2025 round's dossiers were judged already; the current round's accepted ones get their session again.
    assert {k: n for k, n in again.created.items() if n} == {"council": 1, "council_member": 9, "council_session": 1}
    assert _user("chutich").person.unit.code == "LD" and _user("truongban").person.full_name == "Trần Minh Chiến"
    assert all(s.person_id is not None for s in db.session.scalars(select(Signer)))
    council = db.session.scalar(select(Council))
    assert council.members[0].user.username == "chutich"


def test_the_previous_round_was_held_and_approved_by_the_council(app, client, login):
    """Issue 9, item 11: 9 members, 8 present and 1 written ballot, scores, ballots, the KHĐT member's recusal
    on KHĐT's dossiers, an approved ranking with the chair's move and its reason; the current round prepared."""
    from campaign.models import (
        AgendaItem,
        Attendance,
        BallotCast,
        CouncilSession,
        Recusal,
        Score,
        SessionStatus,
    )

    load_demo("khanhhoa")
    sessions = db.session.scalars(select(CouncilSession).order_by(CouncilSession.held_on)).all()
    assert [s.status for s in sessions] == [SessionStatus.APPROVED, SessionStatus.PREPARED]
    held, prepared = sessions
    assert held.held_on == dt.date(2025, 12, 26) and held.approved_at.date() == held.held_on
    assert sorted(m.attendance for m in held.members) == [Attendance.PRESENT] * 8 + [Attendance.WRITTEN]
    casts = db.session.scalars(select(BallotCast).where(BallotCast.session_id == held.id)).all()
    assert len(casts) == 9 and sum(c.written for c in casts) == 1
    khdt_member = next(m for m in held.members if m.user.username == "uyvien2")
    khdt_items = [i for i in held.items if i.nomination.unit.code == "KHDT"]
    recused = {r.item_id for r in db.session.scalars(select(Recusal).where(Recusal.person_id == khdt_member.person_id))}
    assert khdt_items and {i.id for i in khdt_items} <= recused
    assert not db.session.scalar(select(Score.id).where(Score.person_id == khdt_member.person_id,
                                                        Score.item_id.in_([i.id for i in khdt_items])).limit(1))
    moved = db.session.scalars(select(AgendaItem).where(AgendaItem.session_id == held.id,
                                                        AgendaItem.override.is_not(None))).all()
    assert len(moved) == 1 and moved[0].override == "down" and len(moved[0].override_reason) > 20
    assert moved[0].outcome == "reserve"
    outcomes = {i.outcome for i in held.items}
    assert outcomes == {"recommended", "reserve", "out"} and all(i.outcome_reason for i in held.items)
    assert prepared.items and all(i.nomination.phase_id == prepared.phase_id for i in prepared.items)

    assert login(client, "chutich", "demo12345").status_code == 302
    page = client.get(f"/hoi-dong/phien/{held.id}/xep-hang").get_data(as_text=True)
    assert moved[0].override_reason[:40] in page
    export = client.get(f"/hoi-dong/phien/{held.id}/xep-hang.xlsx")
    assert export.status_code == 200 and export.data[:2] == b"PK"


def test_the_phong_officer_reads_the_dossiers_its_parent_made_for_its_people(app, client, login):
    """Ban QLDA hạ tầng makes the dossiers of its phòng's people; the phòng's own officer reads them,
    marked and read-only; the Ban's officer sees them as its own (issue 11, item 2)."""
    from campaign import permissions

    load_demo("khanhhoa")
    units = _units()
    parent, phong = _user("donvi.qldaht"), _user("donvi.qldaht.kt")
    assert phong.unit_id == units["QLDAHT.KT"].id and phong.person.unit_id == units["QLDAHT.KT"].id
    made_above = db.session.scalars(select(Nomination).where(
        Nomination.unit_id == units["QLDAHT"].id, Nomination.nominee_unit_id == units["QLDAHT.KT"].id)).all()
    assert made_above and any(n.status == "submitted" for n in made_above)
    for nomination in made_above:
        assert permissions.can_read_nomination(phong, nomination) and permissions.made_above(phong, nomination)
        assert not permissions.can_edit_nomination(phong, nomination)
        assert permissions.can_read_nomination(parent, nomination) and not permissions.made_above(parent, nomination)
    assert not db.session.scalar(select(func.count(Nomination.id)).where(Nomination.unit_id == units["QLDAHT.KT"].id))
    assert login(client, "donvi.qldaht.kt", DEMO_PASSWORD).status_code == 302
    html = client.get("/ho-so/de-nghi").get_data(as_text=True)
    assert html.count('data-testid="made-above"') == len(made_above)
    page = client.get(f"/ho-so/de-nghi/{made_above[0].id}").get_data(as_text=True)
    assert "Hồ sơ này do đơn vị cấp trên lập" in page and "Sửa hồ sơ" not in page
