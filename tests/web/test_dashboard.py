"""The office's home page: calendar of running campaigns, overdue plan tasks by lead unit."""

import datetime as dt
import json
import re

from campaign.extensions import db
from campaign.models import CampaignStatus, Role
from campaign.web.dashboard.views import overdue_tasks_by_unit
from tests.factories import add_task_report, make_campaign, make_phase, make_task


def _campaign(status=CampaignStatus.LAUNCHED):
    campaign = make_campaign(title="Đổi mới sáng tạo", status=status)
    make_phase(campaign, name="Giai đoạn 1", review_period="Quý IV/2027",
               window=(dt.datetime(2027, 10, 1, 8), dt.datetime(2027, 10, 31, 17)), council_date=dt.date(2027, 11, 25))
    db.session.commit()
    return campaign


def test_overdue_tasks_are_counted_by_lead_unit(app, make_unit, make_user):
    vp, khdt = make_unit(code="VP", name="Văn phòng"), make_unit(code="KHDT", name="Phòng Kế hoạch")
    campaign = _campaign()
    today = dt.date(2026, 11, 25)
    past, future = dt.date(2026, 6, 30), dt.date(2026, 12, 31)
    tasks = [make_task(campaign, f"Nhiệm vụ {i}", unit, deadline=deadline)
             for i, (unit, deadline) in enumerate([(vp, past), (vp, past), (vp, future), (khdt, past), (khdt, None)])]
    add_task_report(tasks[1], vp, "done", past)
    add_task_report(tasks[3], khdt, "in_progress")
    db.session.commit()
    assert dict(overdue_tasks_by_unit(today)) == {"Văn phòng": 1, "Phòng Kế hoạch": 1}
    joint = make_task(campaign, "Chung", None, [vp, khdt], deadline=past, lead_text="Các phòng")
    add_task_report(joint, khdt, "done", past)
    db.session.commit()
    # jointly led: VP has not finished its part, KHDT has
    assert dict(overdue_tasks_by_unit(today)) == {"Văn phòng": 2, "Phòng Kế hoạch": 1}
    db.session.delete(joint)
    db.session.commit()
    closed = _campaign(status=CampaignStatus.CLOSED)
    make_task(closed, "Cũ", vp, deadline=past)
    db.session.commit()
    assert dict(overdue_tasks_by_unit(today)) == {"Văn phòng": 1, "Phòng Kế hoạch": 1}


def test_office_home_shows_the_calendar_and_the_chart(logged_in, make_unit):
    vp = make_unit(code="VP", name="Văn phòng")
    campaign = _campaign()
    make_task(campaign, "Nâng cấp Trang thông tin điện tử", vp, deadline=dt.date(2026, 6, 30))
    db.session.commit()
    client, _ = logged_in(Role.OFFICE)
    html = client.get("/").get_data(as_text=True)
    assert "Lịch phong trào" in html and "Giai đoạn 1" in html
    assert "Hạn nộp hồ sơ: <strong>31/10/2027</strong>" in html
    assert "Họp Hội đồng: <strong>25/11/2027</strong>" in html
    assert 'id="overdue-chart"' in html and "chart.umd.min.js" in html
    chart = json.loads(re.search(r"data-chart='([^']+)'", html).group(1))
    assert chart == {"labels": ["Văn phòng"], "values": [1], "label": "Nhiệm vụ quá hạn"}
