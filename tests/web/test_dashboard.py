"""The office's home page: calendar of running campaigns, overdue plan tasks by lead unit."""

import datetime as dt
import json
import re

from campaign.extensions import db
from campaign.models import Campaign, CampaignStatus, Phase, PlanTask, Role, TaskReport
from campaign.web.dashboard.views import overdue_tasks_by_unit


def _campaign(status=CampaignStatus.LAUNCHED):
    campaign = Campaign(title="Đổi mới sáng tạo", start_date=dt.date(2026, 1, 1), end_date=dt.date(2030, 12, 31),
                        status=status)
    campaign.phases = [Phase(name="Giai đoạn 1", start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31),
                             review_period="Quý IV/2027", nomination_opens_at=dt.datetime(2027, 10, 1, 8),
                             nomination_closes_at=dt.datetime(2027, 10, 31, 17),
                             council_date=dt.date(2027, 11, 25))]
    db.session.add(campaign)
    db.session.commit()
    return campaign


def test_overdue_tasks_are_counted_by_lead_unit(app, make_unit, make_user):
    vp, khdt = make_unit(code="VP", name="Văn phòng"), make_unit(code="KHDT", name="Phòng Kế hoạch")
    campaign = _campaign()
    today = dt.date(2026, 11, 25)
    past, future = dt.date(2026, 6, 30), dt.date(2026, 12, 31)
    tasks = [PlanTask(campaign_id=campaign.id, name=f"Nhiệm vụ {i}", lead_unit_id=unit.id, deadline=deadline)
             for i, (unit, deadline) in enumerate([(vp, past), (vp, past), (vp, future), (khdt, past), (khdt, None)])]
    db.session.add_all(tasks)
    db.session.flush()
    db.session.add(TaskReport(task_id=tasks[1].id, unit_id=vp.id, status="done", completed_on=past))
    db.session.add(TaskReport(task_id=tasks[3].id, unit_id=khdt.id, status="in_progress"))
    db.session.commit()
    assert dict(overdue_tasks_by_unit(today)) == {"Văn phòng": 1, "Phòng Kế hoạch": 1}
    joint = PlanTask(campaign_id=campaign.id, name="Chung", lead_unit_id=None, lead_text="Các phòng",
                     deadline=past, partners=[vp, khdt])
    db.session.add(joint)
    db.session.flush()
    db.session.add(TaskReport(task_id=joint.id, unit_id=khdt.id, status="done", completed_on=past))
    db.session.commit()
    # jointly led: VP has not finished its part, KHDT has
    assert dict(overdue_tasks_by_unit(today)) == {"Văn phòng": 2, "Phòng Kế hoạch": 1}
    db.session.delete(joint)
    db.session.commit()
    closed = _campaign(status=CampaignStatus.CLOSED)
    db.session.add(PlanTask(campaign_id=closed.id, name="Cũ", lead_unit_id=vp.id, deadline=past))
    db.session.commit()
    assert dict(overdue_tasks_by_unit(today)) == {"Văn phòng": 1, "Phòng Kế hoạch": 1}


def test_office_home_shows_the_calendar_and_the_chart(logged_in, make_unit):
    vp = make_unit(code="VP", name="Văn phòng")
    campaign = _campaign()
    db.session.add(PlanTask(campaign_id=campaign.id, name="Nâng cấp Trang thông tin điện tử", lead_unit_id=vp.id,
                            deadline=dt.date(2026, 6, 30)))
    db.session.commit()
    client, _ = logged_in(Role.OFFICE)
    html = client.get("/").get_data(as_text=True)
    assert "Lịch phong trào" in html and "Giai đoạn 1" in html
    assert "Hạn nộp hồ sơ: <strong>31/10/2027</strong>" in html
    assert "Họp Hội đồng: <strong>25/11/2027</strong>" in html
    assert 'id="overdue-chart"' in html and "chart.umd.min.js" in html
    chart = json.loads(re.search(r"data-chart='([^']+)'", html).group(1))
    assert chart == {"labels": ["Văn phòng"], "values": [1], "label": "Nhiệm vụ quá hạn"}
