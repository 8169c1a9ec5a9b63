# ruff: noqa: F811  (the shared fixtures of test_dossiers are imported, then asked for by name)
"""The office's follow-up page: who has not entered results, not submitted, not reported on their plan
tasks; dossiers past the appraisal deadline. Each line links to the filtered list; bounded queries."""

from __future__ import annotations

import datetime as dt

from campaign.extensions import db
from campaign.models import NominationStatus, Role, local_now
from campaign.services import follow_up as follow_service
from campaign.services import nominations as nomination_service
from tests.factories import add_task_report, make_nomination, make_task
from tests.web.test_dossiers import client_as, complete, nominate, officer, world  # noqa: F401 (fixtures)


def lines_of(follow, kind):
    return [line for p in follow.phases for line in p.lines if line.kind == kind] + [
        line for lines in follow.plan_lines.values() for line in lines if line.kind == kind]


def test_follow_up_names_the_late_units_and_links_to_the_filtered_lists(app, officer, world, make_user, login):  # noqa: F811
    client, user = officer  # Phòng KHĐT: results entered, one dossier submitted
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, nomination)
    make_user(role=Role.UNIT_OFFICER, unit=world.dngs)  # Phòng DNGS: nothing
    world.phase.appraisal_deadline = local_now().date() - dt.timedelta(days=2)
    today = local_now().date()
    task = make_task(world.campaign, "Số hóa hồ sơ đầu tư", world.khdt, [world.dngs],
                     deadline=dt.date(today.year, 12, 31), source="Kế hoạch chuyển đổi số giai đoạn 2026 – 2030")
    add_task_report(task, world.khdt, status="in_progress")
    db.session.commit()

    follow = follow_service.follow_up()
    [results] = lines_of(follow, "results")
    assert [u.name for u in results.units] == ["Phòng Doanh nghiệp – Giám sát đầu tư"]
    [dossiers] = lines_of(follow, "dossiers")
    assert [u.name for u in dossiers.units] == ["Phòng Doanh nghiệp – Giám sát đầu tư"]
    [appraisal] = lines_of(follow, "appraisal")
    assert appraisal.label.startswith("1 hồ sơ chờ thẩm định") and "đã qua 2 ngày" in appraisal.detail
    [plan] = lines_of(follow, "plan_reports")
    assert [u.name for u in plan.units] == ["Phòng Doanh nghiệp – Giám sát đầu tư"]
    assert plan.units[0].note == "1/1 nhiệm vụ" and "hạn báo cáo trước ngày" in plan.detail

    office, _ = client_as(app, make_user, login, Role.OFFICE)
    html = office.get("/theo-doi").get_data(as_text=True)
    assert "Theo dõi, đôn đốc" in html
    assert f'href="/ho-so/de-nghi?giai-doan={world.phase.id}&amp;don-vi={world.dngs.id}"' in html
    assert f'href="/tham-dinh?giai-doan={world.phase.id}"' in html
    assert f"/ho-so/ket-qua/{world.phase.id}?don-vi={world.dngs.id}" in html
    assert f"/phong-trao/{world.campaign.id}/nhiem-vu?don-vi={world.dngs.id}" in html
    assert 'data-testid="follow-appraisal"' in html and 'data-testid="follow-plan_reports"' in html
    assert "Theo dõi, đôn đốc" in office.get("/").get_data(as_text=True)  # the menu item
    # the unit's officer has neither the page nor the menu item
    assert client.get("/theo-doi").status_code == 403
    assert "Theo dõi, đôn đốc" not in client.get("/").get_data(as_text=True)


def test_a_provider_adds_its_own_lines(app, world):  # noqa: F811
    def registration(context):
        for work in context.phases:
            yield follow_service.FollowUpLine("registration", "2 đơn vị chưa đăng ký thi đua", "dossiers.nominations",
                                              {"giai-doan": work.phase.id}, phase_id=work.phase.id)

    follow = follow_service.follow_up(providers=[*follow_service.PROVIDERS, registration])
    assert [line.label for line in lines_of(follow, "registration")] == ["2 đơn vị chưa đăng ký thi đua"]


def test_the_page_costs_the_same_queries_at_two_sizes(app, world, make_user, make_unit, make_person, login,
                                                      count_queries):  # noqa: F811
    office, _ = client_as(app, make_user, login, Role.OFFICE)
    make_user(role=Role.UNIT_OFFICER, unit=world.dngs)
    make_task(world.campaign, "Nhiệm vụ 1", world.dngs, deadline=dt.date(local_now().year, 12, 31))
    db.session.commit()
    office.get("/theo-doi")
    with count_queries() as small:
        assert office.get("/theo-doi").status_code == 200
    for i in range(6):
        unit = make_unit(f"P{i}", f"Phòng thử {i}")
        make_user(role=Role.UNIT_OFFICER, unit=unit)
        officer_ = make_user(role=Role.UNIT_OFFICER, unit=unit)
        nominate(officer_, world, make_person(f"Cán bộ {i}", unit))
        make_task(world.campaign, f"Nhiệm vụ thêm {i}", unit, [world.dngs], deadline=dt.date(local_now().year, 12, 31))
    db.session.commit()
    with count_queries() as large:
        html = office.get("/theo-doi").get_data(as_text=True)
    assert "Phòng thử 5" in html
    assert large.count == small.count, large.statements[small.count:]


def test_a_sub_unit_whose_parent_submitted_for_it_is_not_late(app, officer, world, make_user):
    _, user = officer
    make_user(role=Role.UNIT_OFFICER, unit=world.khdt_sub)
    follow = follow_service.follow_up()
    assert "Tổ Xúc tiến đầu tư" in [u.name for u in lines_of(follow, "dossiers")[0].units]
    make_nomination(user, world.phase, world.ldtt, person=world.dung, state=NominationStatus.SUBMITTED)
    names = [u.name for line in lines_of(follow_service.follow_up(), "dossiers") for u in line.units]
    assert "Tổ Xúc tiến đầu tư" not in names and "Phòng Kế hoạch – Đầu tư và Xúc tiến" not in names


def test_units_not_registered_in_an_open_window(app, client, login):
    """The demo's phase 1 registration is open on its load day and one unit has not registered: the follow-up
    page names it, linked to its form (services/follow_up.registration_lines)."""
    from sqlalchemy import select

    from campaign.demo import load_demo
    from campaign.models import User
    from campaign.services import registration

    load_demo("khanhhoa")
    windows = registration.open_windows(local_now())
    assert windows
    missing = {u.name for w in windows for u in registration.unregistered_units(w)}
    assert "Phòng Doanh nghiệp – Giám sát đầu tư" in missing
    lines = [line for line in follow_service.registration_lines(follow_service.load_context())]
    assert lines and all(line.kind == "registration" for line in lines)
    assert "Phòng Doanh nghiệp – Giám sát đầu tư" in {u.name for line in lines for u in line.units}
    login(client, db.session.scalar(select(User).where(User.username == "vanphong")), "demo12345")
    html = client.get("/theo-doi").get_data(as_text=True)
    assert "đơn vị chưa đăng ký thi đua" in html and "Phòng Doanh nghiệp – Giám sát đầu tư" in html
