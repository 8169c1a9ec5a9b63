# ruff: noqa: F811  (the shared fixtures of test_dossiers are imported, then asked for by name)
"""Units with sub-units: the parent's officer reaches its sub-units' dossiers; a sub-unit's officer reads,
and only reads, the dossiers its parent made for its people (permissions.can_read_nomination)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from campaign import permissions
from campaign.extensions import db
from campaign.models import Nomination, NominationStatus, Role
from campaign.services import PermissionDenied, ServiceError
from campaign.services import dossiers as queries
from campaign.services import nominations as nomination_service
from campaign.services import results as results_service
from tests.web.test_dossiers import client_as, nominate, officer, world  # noqa: F401 (fixtures)


def test_the_sub_units_officer_reads_the_parents_dossier_for_its_person_and_changes_nothing(
        app, officer, world, make_user, login):  # noqa: F811
    parent_client, parent = officer
    for_dung = nominate(parent, world, world.dung)  # Phòng KHĐT proposes a person of its Tổ Xúc tiến
    for_an = nominate(parent, world, world.an)  # … and one of its own people
    sub_client, sub = client_as(app, make_user, login, Role.UNIT_OFFICER, unit=world.khdt_sub,
                                full_name="Vũ Minh Tâm")
    # the list: the parent's dossier for the sub-unit's person, marked; not the parent's other dossiers
    html = sub_client.get("/ho-so/de-nghi").get_data(as_text=True)
    assert "Phạm Quốc Dũng" in html and "Nguyễn Văn An" not in html
    assert "do đơn vị cấp trên lập" in html
    # the parent's officer sees both, none marked as made above
    parent_html = parent_client.get("/ho-so/de-nghi").get_data(as_text=True)
    assert "Phạm Quốc Dũng" in parent_html and "Nguyễn Văn An" in parent_html
    assert "do đơn vị cấp trên lập" not in parent_html
    # the dossier page opens read-only
    page = sub_client.get(f"/ho-so/de-nghi/{for_dung.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Hồ sơ này do đơn vị cấp trên lập" in text
    assert "Sửa hồ sơ" not in text and "Nộp hồ sơ" not in text and "Xóa hồ sơ" not in text
    assert sub_client.get(f"/ho-so/de-nghi/{for_an.id}").status_code == 403
    # every write refuses the sub-unit's officer
    version = for_dung.version
    assert sub_client.get(f"/ho-so/de-nghi/{for_dung.id}/sua").status_code == 403
    assert sub_client.post(f"/ho-so/de-nghi/{for_dung.id}/sua", data={"summary": "x", "version": version}
                           ).status_code == 403
    assert sub_client.post(f"/ho-so/de-nghi/{for_dung.id}/nop", data={"version": version}).status_code == 403
    assert sub_client.post(f"/ho-so/de-nghi/{for_dung.id}/xoa", data={"version": version}).status_code == 403
    assert sub_client.post(f"/ho-so/de-nghi/{for_dung.id}/rut", data={"version": version,
                                                                     "reason": "Rút để sửa lại."}).status_code == 403
    nomination = db.session.get(Nomination, for_dung.id)
    assert not permissions.can_edit_nomination(sub, nomination)
    assert not permissions.can_act(sub, nomination, "submit")
    with pytest.raises(PermissionDenied):
        nomination_service.update_nomination(sub, nomination, {"summary": "Sửa trộm"})
    with pytest.raises((PermissionDenied, ServiceError)):
        nomination_service.submit_nomination(sub, nomination)
    assert db.session.get(Nomination, for_dung.id).status == NominationStatus.DRAFT
    # the counts and the home page agree with the list: the home shows only what the unit proposes
    assert queries.status_counts(sub) == {NominationStatus.DRAFT: 1}
    assert "Phạm Quốc Dũng" not in sub_client.get("/").get_data(as_text=True).split('data-testid="unit-nominations"')[-1]
    # another unit's officer sees neither
    other, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, unit=world.dngs)
    assert other.get(f"/ho-so/de-nghi/{for_dung.id}").status_code == 403
    assert "Phạm Quốc Dũng" not in other.get("/ho-so/de-nghi").get_data(as_text=True)


def test_the_office_filtering_by_the_sub_unit_finds_the_dossiers_made_for_it(app, officer, world, make_user,
                                                                             login):  # noqa: F811
    _, parent = officer
    for_dung = nominate(parent, world, world.dung)
    office, clerk = client_as(app, make_user, login, Role.OFFICE)
    ids = [n.id for n in db.session.scalars(queries.nominations_query(clerk, unit_id=world.khdt_sub.id))]
    assert ids == [for_dung.id]
    html = office.get(f"/ho-so/de-nghi?don-vi={world.khdt_sub.id}").get_data(as_text=True)
    assert "Phạm Quốc Dũng" in html and "do đơn vị cấp trên lập" not in html


def test_the_list_costs_the_same_queries_at_two_sizes(app, officer, world, make_user, login, make_person,
                                                      count_queries):  # noqa: F811
    _, parent = officer
    sub_client, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, unit=world.khdt_sub)
    nominate(parent, world, world.dung)
    sub_client.get("/ho-so/de-nghi")
    with count_queries() as small:
        assert sub_client.get("/ho-so/de-nghi").status_code == 200
    for i in range(4):
        nominate(parent, world, make_person(f"Cán bộ Tổ {i} Xúc tiến", world.khdt_sub))
    with count_queries() as large:
        html = sub_client.get("/ho-so/de-nghi").get_data(as_text=True)
    assert html.count('data-testid="made-above"') == 5
    assert large.count == small.count
    assert db.session.scalar(select(Nomination.id).limit(1))


def test_the_results_of_a_dossier_made_above_are_read_only_for_the_sub_unit(app, officer, world, make_user, login):
    _, parent = officer
    nominate(parent, world, world.dung)
    sub_client, sub = client_as(app, make_user, login, Role.UNIT_OFFICER, unit=world.khdt_sub)
    page = sub_client.get(f"/ho-so/ket-qua/{world.phase.id}").get_data(as_text=True)
    assert "Phạm Quốc Dũng" in page  # the sheet of the person the parent nominated
    with pytest.raises(PermissionDenied, match="do Phòng Kế hoạch – Đầu tư và Xúc tiến lập"):
        results_service.save_result(sub, phase=world.phase, criterion=world.i_on_time, unit=world.khdt_sub,
                                    person=world.dung, value=Decimal("97"), explanation="Sửa của phòng.")
    response = sub_client.post(f"/ho-so/ket-qua/{world.phase.id}/P{world.dung.id}/{world.i_on_time.id}",
                               data={"value": "97", "explanation": "x", "version": 0})
    assert response.status_code == 403
    # the parent's officer still records them
    results_service.save_result(parent, phase=world.phase, criterion=world.i_on_time, unit=world.khdt_sub,
                                person=world.dung, value=Decimal("97"), explanation="Trích xuất từ E-Office.")
