"""The documents' access matrix: every route of the documents blueprint, every kind of account.

The routes are read from the application's URL map, so a new documents page is in this test the day it is
written. Anonymous visitors are sent to the log-in page; a unit's officer and the council's accounts (member,
chair, secretary) are refused (403) on every GET and POST (a GET of an action's address leads to its page,
which refuses); the board's leaders read every page and download every file but may do nothing (403 on
every POST); the office reads everything. An issued document's stored file is reached by no URL of the
application by a unit's officer, whatever ids are put in it.
"""

from __future__ import annotations

import hashlib
import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from campaign.extensions import db
from campaign.models import DocumentKind, OfficialDocument, Role
from campaign.services import decisions, publication
from tests.web.test_documents import TODAY, approved, drafted

pytestmark = pytest.mark.usefixtures("app")

__all__ = ["approved"]  # the fixture, imported from the documents' tests

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


# The published list and its objections are every account's (tests/web/test_publication.py): not in the matrix.
PUBLIC = {"documents.public_lists", "documents.public_objection"}


class Matrix:
    """The world the URLs are built from: an approved session whose documents are drafted, the province's
    submission issued with a signed scan (so every download has something to send), the LĐTT decision a
    draft, the phase's review drafted."""

    def __init__(self, app, world):
        docs = drafted(world)
        self.world = world
        self.decision = docs[(DocumentKind.DECISION, "LDTT")]
        self.submission = docs[(DocumentKind.SUBMISSION, "Chủ tịch UBND tỉnh")]
        scan = FileStorage(io.BytesIO(PNG), filename="ban-ky.png", content_type="image/png")
        decisions.issue(world.office, self.submission, number_text="12", date_text=TODAY.strftime("%d/%m/%Y"),
                        scan=scan)
        self.review = decisions.draft_review(world.office, world.phase)
        # The list published, and one objection to it (the office's publication pages)
        self.publication = publication.publish(world.office, world.session, starts_on_text=TODAY.strftime("%d/%m/%Y"),
                                               days_text="7")
        self.objection = publication.file_objection(world.officers["KHDT"], self.publication, nomination_id=None,
                                                    text="Đề nghị xem lại danh sách của Phòng Kế hoạch – Đầu tư.")
        db.session.commit()
        self.submission = db.session.get(OfficialDocument, self.submission.id)
        # Which document each route is asked about: the one for which the route has something to show.
        by_endpoint = {"documents.download_bundle": self.submission, "documents.download_scan": self.submission,
                       "documents.outcome": self.submission}
        self.urls: list[tuple[str, str, str]] = []
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("documents.") or rule.endpoint in PUBLIC:
                continue
            values = {"document_id": by_endpoint.get(rule.endpoint, self.decision).id,
                      "entry_id": self.decision.entries[0].id, "publication_id": self.publication.id,
                      "objection_id": self.objection.id,
                      "session_id": world.session.id, "phase_id": world.phase.id,
                      "campaign_id": world.campaign.id, "plan_key": "ke-hoach", "period": f"{TODAY.year}-nam"}
            url = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                self.urls.append((rule.endpoint, method, url))

    def post_data(self, endpoint: str) -> dict:
        document = self.submission if endpoint == "documents.outcome" else self.decision
        return {"version": document.version, "vb-version": document.version, "number": "5",
                "issued_on": TODAY.strftime("%d/%m/%Y"), "vb-subject": "Về việc khác"}


@pytest.fixture
def matrix(app, approved):
    return Matrix(app, approved(gk_to_province=True))


def test_every_documents_route_is_in_the_matrix(matrix):
    endpoints = {endpoint for endpoint, _, _ in matrix.urls}
    assert {"documents.register", "documents.document", "documents.download_docx", "documents.download_bundle",
            "documents.issue", "documents.edit"} <= endpoints
    assert len(matrix.urls) >= 20


def test_anonymous_visitors_are_sent_to_log_in(client, matrix):
    for endpoint, method, url in matrix.urls:
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"], (endpoint, method, url)


def _outsider(world, make_user, kind: str):
    return {"unit_officer": world.officers["KHDT"], "council_member": world.users[3], "council_chair": world.chair,
            "council_secretary": world.secretary}[kind]


@pytest.mark.parametrize("kind", ["unit_officer", "council_member", "council_chair", "council_secretary"])
def test_outsiders_are_refused_everywhere(client, login, make_user, matrix, kind):
    user = _outsider(matrix.world, make_user, kind)
    assert user.role in (Role.UNIT_OFFICER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR, Role.COUNCIL_SECRETARY)
    assert login(client, user).status_code == 302
    for endpoint, method, url in matrix.urls:
        data = matrix.post_data(endpoint) if method == "POST" else None
        response = client.open(url, method=method, data=data, follow_redirects=method == "GET")
        assert response.status_code == 403, (kind, endpoint, method, url, response.status_code)
    db.session.expire_all()
    assert not db.session.get(OfficialDocument, matrix.decision.id).is_issued  # nothing was done on the way


def test_leaders_read_everything_and_do_nothing(client, login, make_user, matrix):
    leader = make_user("lanhdao", role=Role.LEADER)
    assert login(client, leader).status_code == 302
    for endpoint, method, url in matrix.urls:
        if method == "GET":
            response = client.get(url, follow_redirects=True)
            assert response.status_code == 200, (endpoint, url, response.status_code)
            if "/tai/" in url and not url.endswith(".pdf"):  # the PDF falls back to the page without LibreOffice
                assert "attachment" in response.headers.get("Content-Disposition", ""), (endpoint, url)
        else:
            response = client.post(url, data=matrix.post_data(endpoint))
            assert response.status_code == 403, (endpoint, url, response.status_code)
    db.session.expire_all()
    decision = db.session.get(OfficialDocument, matrix.decision.id)
    assert not decision.is_issued and decision.texts.get("subject") != "Về việc khác"
    assert db.session.get(OfficialDocument, matrix.submission.id).outcome_number in (None, "")


def test_the_office_reads_every_page(client, login, matrix):
    assert login(client, matrix.world.office).status_code == 302
    for endpoint, method, url in matrix.urls:
        if method == "GET":
            response = client.get(url, follow_redirects=True)
            assert response.status_code == 200, (endpoint, url, response.status_code)


def test_a_document_that_does_not_exist_is_not_found(app, client, login, matrix):
    assert login(client, matrix.world.office).status_code == 302
    missing = 987654
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("documents.") or "document_id" not in rule.arguments or \
                rule.endpoint in PUBLIC:
            continue
        url = rule.build({name: missing for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data=matrix.post_data(rule.endpoint) if method == "POST"
                                   else None, follow_redirects=method == "GET")
            assert response.status_code == 404, (rule.endpoint, method, url, response.status_code)


def test_no_url_gives_a_unit_officer_an_issued_documents_file(app, client, login, matrix):
    """Every GET route of the application, its ids filled with the stored file's id, the document's id or
    the officer's own nomination's id: never the frozen .docx (nor the signed scan)."""
    world, submission = matrix.world, matrix.submission
    stored = {submission.sha256, hashlib.sha256(PNG).hexdigest()}
    assert submission.file_id and submission.scan_file_id
    officer = world.officers["KHDT"]
    own = [n.id for n in world.nominations if n.unit_id == officer.unit_id]
    candidates = {submission.file_id, submission.scan_file_id, submission.id, *own}
    assert login(client, officer).status_code == 302
    tried = 0
    for rule in app.url_map.iter_rules():
        ids = sorted(name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter))
        if "GET" not in rule.methods or not ids:
            continue
        # The other arguments: a choice's first item, else a word.
        fixed = {name: sorted(converter.items)[0] if isinstance(converter, AnyConverter) else "tep"
                 for name, converter in rule._converters.items() if name not in ids}
        fillings = [{name: value for name in ids} for value in candidates]
        if len(ids) == 2:  # an owner's id and a file's id
            fillings += [{ids[0]: a, ids[1]: b} for a in candidates for b in candidates]
        for filling in fillings:
            url = rule.build(fixed | filling, append_unknown=False)[1]
            response = client.get(url, follow_redirects=True)
            tried += 1
            assert hashlib.sha256(response.data).hexdigest() not in stored, (rule.endpoint, url)
            assert submission.sha256.encode() not in response.data, (rule.endpoint, url)
    assert tried > 50
