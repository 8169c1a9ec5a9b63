"""The demo boards: Khánh Hòa (seeds 000, 001, 003) and Lạng Sơn (seed 002)."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from sqlalchemy import func, select

from campaign.demo import AGENCIES, DEMO_PASSWORD, load_demo
from campaign.demo import names as demo_names
from campaign.demo.spec import MAX_AGE, MIN_AGE, REFERENCE_DATE, staff
from campaign.demo.steps import plan_people
from campaign.extensions import db
from campaign.models import Agency, AuditEvent, Person, Role, Signer, Unit, User
from campaign.permissions import people_scope, unit_subtree_ids
from campaign.services import ServiceError

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
    **{f"uyvien{i}": Role.COUNCIL_MEMBER for i in range(1, 7)},
}


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Agency, Signer, Unit, Person, User, AuditEvent)}


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
    assert result.created == {"agency": 1, "signer": 2, "unit": len(units), "person": len(people), "user": 15}
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
        leading = person.position.startswith(("Trưởng phòng", "Phó ", "Chánh ", "Giám đốc"))
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
    expected = dict(SHARED_ACCOUNTS, **{f"donvi.{code.lower()}": Role.UNIT_OFFICER for code in KHANHHOA_UNITS})
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
        assert people_scope(officer) == unit_subtree_ids(units[code].id)

    # Council members are unit leaders, linked to their Person rows (recusal by unit needs it).
    members = [_user(f"uyvien{i}") for i in range(1, 7)]
    assert all(m.person is not None and m.person.is_leader for m in members)
    assert len({m.person_id for m in members}) == 6
    assert {m.person.unit.code for m in members} >= set(KHANHHOA_UNITS)


def test_describe_lists_every_account_with_role_and_unit(app):
    result = load_demo("khanhhoa")
    text = result.describe()
    assert "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa" in text
    assert "  vanphong — Văn phòng (thường trực Hội đồng) — Văn phòng (" in text
    assert "  truongban — Lãnh đạo Ban (người ký) — Lãnh đạo Ban (Trần Minh Chiến, Trưởng Ban)" in text
    assert "  donvi.khdt — Cán bộ thi đua đơn vị — Phòng Kế hoạch – Đầu tư và Xúc tiến (" in text
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
    assert len(result.accounts) == 15
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


def test_missing_records_are_filled_in_and_existing_ones_left_alone(app, make_user):
    admin = make_user(username="admin", role=Role.ADMIN, full_name="Quản trị viên thật")
    result = load_demo("khanhhoa")
    db.session.refresh(admin)
    assert admin.check_password(TEST_PASSWORD) and not admin.check_password(DEMO_PASSWORD)
    assert admin.full_name == "Quản trị viên thật"
    assert result.created["user"] == 14
    line = next(li for li in result.describe().splitlines() if li.startswith("  admin — "))
    assert "mật khẩu riêng" in line

    # A deleted account and person come back; nothing else is touched.
    officer = _user("donvi.dngs")
    person_id = officer.person_id
    db.session.delete(officer)
    db.session.commit()
    db.session.delete(db.session.get(Person, person_id))
    db.session.commit()
    again = load_demo("khanhhoa")
    assert again.total_created == 2 and again.created["person"] == 1 and again.created["user"] == 1
    restored = _user("donvi.dngs")
    assert restored.unit.code == "DNGS" and restored.person.unit.code == "DNGS"


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
    _check_names(db.session.execute(select(Person.full_name, Person.gender, Person.date_of_birth)).all())
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
    keys = {p.key for p in planned if p.key}
    codes = {u.code for u in spec.units}
    for account in spec.accounts:
        assert account.person is None or account.person in keys, account
        assert account.unit is None or account.unit in codes, account
    officers = {a.username for a in spec.accounts if a.role == Role.UNIT_OFFICER}
    assert officers == {f"donvi.{u.code.lower()}" for u in spec.top_units}
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

    again = runner.invoke(args=["campaign", "demo"])
    assert again.exit_code == 0 and "Không tạo thêm gì" in again.output

    refused = runner.invoke(args=["campaign", "demo", "--agency", "langson"])
    assert refused.exit_code != 0
    assert "Khánh Hòa" in refused.output
