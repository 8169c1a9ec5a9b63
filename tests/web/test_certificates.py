"""In giấy khen (services/certificates.py, web/records/certificates.py): the office's blanks with their checks,
the calibration page and the preview, the certificates of an issued decision printed (all, a selection, one)
with the right names, a draft refused, and nobody but the office let in."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextLine
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import AuditEvent, DocumentKind, Nomination, NominationStatus, Role
from campaign.models.records import CertificateProfile
from campaign.services import ServiceError, certificates, decisions
from tests.unit.test_certificate_pdf import read_pages
from tests.web.test_documents import TODAY, approved, drafted  # noqa: F401  (the fixture)

MM = 25.4 / 72


def page_texts(data: bytes) -> list[list[str]]:
    def lines(obj):
        if isinstance(obj, LTTextLine):
            yield obj.get_text().strip()
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from lines(child)

    return [list(lines(page)) for page in extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.05))]


def profile_form(name="Phôi Giấy khen (A4 ngang)", **overrides) -> dict:
    data = {"name": name, "paper": "A4", "orientation": "landscape", "offset_x": "1,5", "offset_y": "-2",
            "award_form_id": "", "note": "", "active": "y"}
    for key, box in certificates.ProfileInput.default().fields.items():
        if box.enabled:
            data[f"{key}_enabled"] = "y"
        data.update({f"{key}_x": str(box.x).replace(".", ","), f"{key}_y": str(box.y).replace(".", ","),
                     f"{key}_width": str(box.width).replace(".", ","), f"{key}_size": str(box.size),
                     f"{key}_align": box.align})
        if box.bold:
            data[f"{key}_bold"] = "y"
        if box.italic:
            data[f"{key}_italic"] = "y"
    data.update(overrides)
    return data


@pytest.fixture
def issued(approved):  # noqa: F811
    """The approved world with its LĐTT decision (four people) issued as number 46, and a blank for it."""

    def make():
        world = approved()
        docs = drafted(world)
        ldtt = docs[(DocumentKind.DECISION, "LDTT")]
        decisions.issue(world.office, ldtt, number_text="46", date_text=TODAY.strftime("%d/%m/%Y"))
        world.decision = decisions.load_document(ldtt.id)
        world.gk = docs[(DocumentKind.DECISION, "GK")]
        world.profile = certificates.create_profile(world.office, certificates.ProfileInput(
            **{**certificates.ProfileInput.default().__dict__, "name": "Phôi LĐTT",
               "award_form_id": world.awards["LDTT"].id, "offset_x": Decimal("1.5"), "offset_y": Decimal("-1")}))
        return world

    return make


def test_the_office_prints_all_and_a_selection_of_an_issued_decision(issued, client, login):
    world = issued()
    login(client, world.office)
    decision = world.decision
    names = [e.nomination.nominee_name for e in decision.entries]
    assert len(names) == 4
    page = client.get(f"/giay-khen/quyet-dinh/{decision.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert all(name in html for name in names) and "Phôi LĐTT" in html
    assert f'value="{world.profile.id}" selected' in html  # the blank of the decision's award form
    assert html.count(" checked") == 4
    unticked = client.get(f"/giay-khen/quyet-dinh/{decision.id}?chon=khong").get_data(as_text=True)
    assert unticked.count(" checked") == 0 and 'name="entries"' in unticked

    response = client.post(f"/giay-khen/quyet-dinh/{decision.id}/in",
                           data={"profile_id": world.profile.id, "all": "1"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "inline" in response.headers["Content-Disposition"]
    pages = page_texts(response.data)
    assert len(pages) == 4
    for texts, entry in zip(pages, decision.entries, strict=True):
        assert entry.nomination.nominee_name in texts
        assert f"Quyết định số 46/{decision.symbol} ngày {TODAY.strftime('%d/%m/%Y')}" in texts
        assert "TRƯỞNG BAN" in texts and "Trần Minh Chiến" in texts and "Lao động tiên tiến" in texts
    assert any(t.endswith("Phòng Kế hoạch – Đầu tư") for texts in pages for t in texts)
    assert any(t.startswith("Đã có thành tích") for t in pages[0])
    # Every field where the blank says, printer offset included (1 mm)
    texts = certificates.certificates_for(decision)[0].texts
    first = read_pages(response.data)[0]
    for key, box in certificates.profile_of(world.profile).fields.items():
        # the first line of the field (the reason wraps)
        line = min((li for li in first["lines"] if li[0] and texts[key].startswith(li[0])), key=lambda li: li[2])
        assert abs(line[2] - (box.y - 1)) <= 1, (key, line)
        assert abs((line[1] + line[3]) / 2 - (box.x + box.width / 2 + 1.5)) <= 1, (key, line)

    chosen = [decision.entries[1], decision.entries[3]]
    response = client.post(f"/giay-khen/quyet-dinh/{decision.id}/in",
                           data={"profile_id": world.profile.id, "entries": [e.id for e in chosen]})
    pages = page_texts(response.data)
    assert len(pages) == 2
    assert [next(n for n in names if n in texts) for texts in pages] == [e.nomination.nominee_name for e in chosen]

    one = decision.entries[2]
    response = client.post(f"/giay-khen/quyet-dinh/{decision.id}/in",
                           data={"profile_id": world.profile.id, "only": one.id,
                                 "entries": [e.id for e in decision.entries]})
    pages = page_texts(response.data)
    assert len(pages) == 1 and one.nomination.nominee_name in pages[0]

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "certificate.print")
                                .order_by(AuditEvent.id)).all()
    assert [e.changes["count"][1] for e in events] == [4, 2, 1]
    assert "In 4 giấy khen theo Quyết định số 46/" in events[0].summary


def test_nothing_chosen_and_a_draft_are_refused(issued, client, login):
    world = issued()
    login(client, world.office)
    response = client.post(f"/giay-khen/quyet-dinh/{world.decision.id}/in", data={"profile_id": world.profile.id})
    assert response.status_code == 422
    assert "Hãy chọn ít nhất một tập thể, cá nhân" in response.get_data(as_text=True)
    # The GK decision is still a draft
    page = client.get(f"/giay-khen/quyet-dinh/{world.gk.id}").get_data(as_text=True)
    assert 'data-testid="draft-refused"' in page and "còn là dự thảo" in page and "print-form" not in page
    response = client.post(f"/giay-khen/quyet-dinh/{world.gk.id}/in",
                           data={"profile_id": world.profile.id, "all": "1"})
    assert response.status_code == 422 and response.mimetype != "application/pdf"
    with pytest.raises(ServiceError, match="còn là dự thảo"):
        certificates.print_pdf(world.office, decisions.load_document(world.gk.id), world.profile)
    # Someone from another decision
    other = world.gk.entries[0].id
    response = client.post(f"/giay-khen/quyet-dinh/{world.decision.id}/in",
                           data={"profile_id": world.profile.id, "entries": [other]})
    assert response.status_code == 422 and "không có trong quyết định" in response.get_data(as_text=True)


def test_the_issued_decision_links_to_its_certificates_for_the_office_only(issued, app, client, login, make_user):
    world = issued()
    login(client, world.office)
    assert 'data-testid="print-certificates"' in client.get(f"/van-ban/{world.decision.id}").get_data(as_text=True)
    assert 'data-testid="print-certificates"' not in client.get(f"/van-ban/{world.gk.id}").get_data(as_text=True)
    leader = make_user("lanhdao", role=Role.LEADER)
    other = app.test_client()
    login(other, leader)
    page = other.get(f"/van-ban/{world.decision.id}")
    assert page.status_code == 200
    assert 'data-testid="print-certificates"' not in page.get_data(as_text=True)


def test_creating_and_editing_a_blank_with_the_checks_beside_the_fields(issued, client, login):
    world = issued()
    login(client, world.office)
    assert client.get("/giay-khen/phoi/moi?kho=A3").status_code == 200
    bad = profile_form(name="Phôi mới", offset_x="60", name_size="80", reason_x="400", award_width="0",
                       position_unit_y="abc")
    response = client.post("/giay-khen/phoi/moi", data=bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Phải là một số (ví dụ 84)." in html and 'value="abc"' in html  # the form's own check first
    bad["position_unit_y"] = "98"
    response = client.post("/giay-khen/phoi/moi", data=bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Độ lệch máy in từ −50 đến 50 mm (đã nhập 60)." in html
    assert "Cỡ chữ từ 6 đến 72 pt (đã nhập 80)." in html
    assert "Vị trí ngang phải nằm trong tờ giấy: từ 0 đến dưới 297 mm." in html
    assert "Độ rộng phải lớn hơn 0 mm." in html
    assert 'value="60"' in html and 'value="400"' in html  # the input is kept
    assert db.session.scalar(select(CertificateProfile).where(CertificateProfile.name == "Phôi mới")) is None
    # The same name twice
    response = client.post("/giay-khen/phoi/moi", data=profile_form(name="Phôi LĐTT"))
    assert response.status_code == 422 and "Đã có phôi tên «Phôi LĐTT»" in response.get_data(as_text=True)

    good = profile_form(name="Phôi Giấy khen (A4 ngang)", offset_x="12,5", award_form_id=str(world.awards["GK"].id))
    good.pop("award_enabled")  # pre-printed on this blank
    response = client.post("/giay-khen/phoi/moi", data=good)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    profile = db.session.scalar(select(CertificateProfile).where(CertificateProfile.name == "Phôi Giấy khen (A4 ngang)"))
    assert float(profile.offset_x_mm) == 12.5 and float(profile.offset_y_mm) == -2
    assert "award" not in profile.fields and profile.fields["name"]["size"] == 24
    assert profile.award_form_id == world.awards["GK"].id

    page = client.get(f"/giay-khen/phoi/{profile.id}").get_data(as_text=True)
    assert 'data-testid="preview-svg"' in page and 'data-field="name"' in page and "Nguyễn Thị Hằng" in page
    # The preview with the first awardee of the issued decision
    page = client.get(f"/giay-khen/phoi/{profile.id}?quyet-dinh={world.decision.id}").get_data(as_text=True)
    assert world.decision.entries[0].nomination.nominee_name in page

    edit = profile_form(name="Phôi Giấy khen (A4 ngang)", version=str(profile.version), name_y="90,5")
    response = client.post(f"/giay-khen/phoi/{profile.id}", data=edit)
    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.get(CertificateProfile, profile.id)
    assert profile.fields["name"]["y"] == 90.5 and "award" in profile.fields
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "certificate_profile.update")).one()
    assert "Họ và tên / Tên tập thể: x 38, y 90,5" in event.changes["fields"][1]
    # A stale edit
    response = client.post(f"/giay-khen/phoi/{profile.id}", data=dict(edit, version="0", name_y="70"))
    assert response.status_code == 422 and "Người khác đã lưu" in response.get_data(as_text=True)

    calibration = client.get(f"/giay-khen/phoi/{profile.id}/can-chinh.pdf")
    assert calibration.status_code == 200 and calibration.mimetype == "application/pdf"
    texts = page_texts(calibration.data)[0]
    assert "100" in texts and "200" in texts


@pytest.mark.parametrize("role", [Role.LEADER, Role.ADMIN, Role.UNIT_OFFICER, Role.COUNCIL_MEMBER])
def test_only_the_office_may_open_the_certificates(issued, client, login, make_user, role):
    world = issued()
    extra = {"unit": world.units["KHDT"]} if role == Role.UNIT_OFFICER else {}
    user = make_user(f"u-{role}", role=role, **extra)
    login(client, user)
    decision, profile = world.decision, world.profile
    for url in ("/giay-khen", "/giay-khen/phoi/moi", f"/giay-khen/phoi/{profile.id}",
                f"/giay-khen/phoi/{profile.id}/can-chinh.pdf", f"/giay-khen/quyet-dinh/{decision.id}"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/giay-khen/quyet-dinh/{decision.id}/in",
                       data={"profile_id": profile.id, "all": "1"}).status_code == 403
    assert client.post("/giay-khen/phoi/moi", data=profile_form(name="X")).status_code == 403
    with pytest.raises(ServiceError, match="Chỉ Văn phòng"):
        certificates.print_pdf(user, decision, profile)


def test_the_pages_run_a_bounded_number_of_queries(issued, client, login, count_queries, make_person, make_unit):
    world = issued()
    login(client, world.office)
    decision = world.decision
    counts = []
    for extra in (0, 15):
        for number in range(extra):
            unit = make_unit(f"U{number}", f"Phòng Thử {number}", parent=world.units["KHDT"]) if number % 3 == 0 \
                else world.units["VP"]
            person = make_person(f"Nguyễn Văn Thêm {number}", unit)
            nomination = Nomination(phase_id=world.phase.id, award_form_id=world.awards["LDTT"].id,
                                    unit_id=unit.id, nominee_kind="individual", nominee_unit_id=unit.id,
                                    person_id=person.id, subject=f"P{person.id}", status=NominationStatus.AWARDED)
            db.session.add(nomination)
            decision.entries.append(decisions.DocumentEntry(nomination=nomination, position=99 + number))
        db.session.commit()
        measured = []
        for url in (f"/giay-khen/quyet-dinh/{decision.id}", "/giay-khen"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            measured.append(counter.count)
        counts.append(measured)
    assert counts[0] == counts[1], counts
