"""Councils by decision and their sessions: the office's councils list and members editor, preparing a
session, the session page (settings, agenda by award form, attendance, recusals, the chair's steps, the
timeline) and the session-day page that refreshes itself for the chair and the secretary."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import BuildError, RequestRedirect
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ... import permissions
from ...extensions import db
from ...models import (
    AgendaItem,
    Attendance,
    AwardForm,
    Council,
    CouncilRole,
    Phase,
    Recusal,
    Role,
    SessionStatus,
    User,
    local_now,
)
from ...permissions import can_chair, can_keep_minutes, can_manage_councils, can_view_session
from ...rules.council import ACTION_LABELS, REOPENS, SessionAction
from ...services import PermissionDenied, ServiceError
from ...services import council as service
from ...services import dossiers as dossier_queries
from .. import get_or_404, refuse
from ..forms import BaseForm, VietnameseDateField
from .views import bp


def _int(value):
    return int(value) if str(value).isdigit() else None


def url_if(endpoint: str, **values) -> str | None:
    """The address of `endpoint`, or None while that page does not exist yet (another module adds it)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _require(answer) -> None:
    if not answer:
        raise PermissionDenied(answer.reason or PermissionDenied().message)


# --- councils ----------------------------------------------------------------------------------------


class CouncilForm(BaseForm):
    name = StringField("Tên Hội đồng", default="Hội đồng Thi đua – Khen thưởng", validators=[Length(max=300)])
    decision_number = StringField("Số quyết định", validators=[InputRequired("Hãy nhập số quyết định."),
                                                               Length(max=60)],
                                  render_kw={"placeholder": "125/QĐ-BQL"})
    decision_date = VietnameseDateField("Ngày ký quyết định",
                                        validators=[InputRequired("Hãy nhập ngày ký quyết định.")])
    issuer = StringField("Người, cơ quan ban hành", validators=[Length(max=300)],
                         render_kw={"placeholder": "Trưởng Ban Quản lý …"})
    term_start = VietnameseDateField("Nhiệm kỳ từ ngày", validators=[InputRequired("Hãy nhập ngày bắt đầu.")])
    term_end = VietnameseDateField("Đến ngày (để trống nếu chưa định)", validators=[Optional()])
    note = TextAreaField("Ghi chú", validators=[Length(max=2000)], render_kw={"rows": 2})
    version = HiddenField()

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in service.COUNCIL_FIELDS}


MEMBER_ROWS_EXTRA = 3


def _account_choices() -> list[tuple]:
    """Accounts linked to a person (a member scores and votes with their own account)."""
    users = db.session.scalars(select(User).where(User.person_id.is_not(None), User.active.is_(True))
                               .options(joinedload(User.person)).order_by(User.full_name)).all()
    return [("", "— Chọn tài khoản —")] + [
        (str(u.id), f"{u.full_name} ({u.username}) · {u.person.position or u.role_label}") for u in users]


@bp.route("/hoi-dong", methods=["GET", "POST"])
@login_required
def councils():
    _require(can_manage_councils(current_user))
    form = CouncilForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                council = service.create_council(current_user, form.values())
            except ServiceError as err:
                refuse(err, form)
            else:
                flash(f"Đã ghi Quyết định số {council.decision_number}. Hãy nhập danh sách thành viên theo quyết "
                      "định.", "success")
                return redirect(url_for(".council", council_id=council.id))
        status = 400
    in_force = service.council_in_force(local_now().date())
    return render_template("council/councils.html", councils=service.councils(), form=form,
                           in_force=in_force), status


MEMBER_ROWS_MIN = 12


def _previous_council(council: Council) -> Council | None:
    """The latest other decision (a re-constitution usually keeps most members: its list is the start)."""
    return next((c for c in service.councils() if c.id != council.id and c.members), None)


def _member_rows(council: Council) -> tuple[list[dict], Council | None]:
    source = council if council.members else _previous_council(council)
    members = source.members if source is not None else []
    rows = [{"user_id": str(m.user_id or ""), "person": m.person, "council_role": m.council_role,
             "title": m.title, "position": m.position} for m in members]
    extra = max(MEMBER_ROWS_EXTRA, MEMBER_ROWS_MIN - len(rows))
    return rows + [{"user_id": "", "person": None, "council_role": CouncilRole.MEMBER, "title": "",
                    "position": ""} for _ in range(extra)], (source if source is not council else None)


def _council_page(council: Council, form: CouncilForm, rows=None, member_error: str = "", status: int = 200):
    copied_from = None
    if rows is None:
        rows, copied_from = _member_rows(council)
    return render_template("council/council.html", council=council, form=form, rows=rows, copied_from=copied_from,
                           accounts=_account_choices(), roles=CouncilRole.LABELS, member_error=member_error,
                           sessions=[s for s in service.sessions_for(current_user) if s.council_id == council.id]
                           ), status


@bp.route("/hoi-dong/<int:council_id>", methods=["GET", "POST"])
@login_required
def council(council_id: int):
    _require(can_manage_councils(current_user))
    council = get_or_404(Council, council_id)
    form = CouncilForm(obj=council)
    if request.method == "GET":
        form.version.data = council.version
        return _council_page(council, form)
    if form.validate_on_submit():
        try:
            service.update_council(current_user, council, form.values(), form.version.data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu thông tin quyết định.", "success")
            return redirect(url_for(".council", council_id=council.id))
    return _council_page(council, form, status=400)


@bp.route("/hoi-dong/<int:council_id>/thanh-vien", methods=["GET", "POST"])
@login_required
def council_members(council_id: int):
    _require(can_manage_councils(current_user))
    council = get_or_404(Council, council_id)
    if request.method == "GET":
        return redirect(url_for(".council", council_id=council.id) + "#thanh-vien")
    form = CouncilForm(obj=council)
    form.version.data = council.version
    users = {str(u.id): u for u in db.session.scalars(select(User).where(User.person_id.is_not(None)))}
    typed, rows = [], []
    count = min(_int(request.form.get("rows")) or 0, 200)
    for index in range(count):
        user_id = (request.form.get(f"user_{index}") or "").strip()
        role = request.form.get(f"role_{index}") or CouncilRole.MEMBER
        title = (request.form.get(f"title_{index}") or "").strip()
        position = (request.form.get(f"position_{index}") or "").strip()
        user = users.get(user_id)
        typed.append({"user_id": user_id, "person": user.person if user else None, "council_role": role,
                      "title": title, "position": position})
        if not user_id:
            continue
        rows.append(service.MemberRow(person_id=user.person_id if user else -1, user_id=user.id if user else None,
                                      council_role=role, title=title,
                                      position=_int(position) if _int(position) is not None else index + 1))
    try:
        if not rows:
            raise ServiceError("Hãy chọn ít nhất một thành viên.", "members")
        service.set_members(current_user, council, rows, request.form.get("version"))
    except ServiceError as err:
        if isinstance(err, PermissionDenied):
            raise
        council = get_or_404(Council, council_id)
        return _council_page(council, form, rows=typed, member_error=err.message, status=400)
    flash(f"Đã lưu {len(rows)} thành viên Hội đồng theo Quyết định số {council.decision_number}.", "success")
    return redirect(url_for(".council", council_id=council.id) + "#thanh-vien")


# --- sessions ----------------------------------------------------------------------------------------


class SessionForm(BaseForm):
    phase_id = SelectField("Đợt xét (giai đoạn)", coerce=_int, validators=[DataRequired("Hãy chọn đợt xét.")])
    title = StringField("Tên phiên họp", validators=[InputRequired("Hãy nhập tên phiên họp."), Length(max=300)],
                        render_kw={"placeholder": "Phiên họp xét khen thưởng năm 2026"})
    held_on = VietnameseDateField("Ngày họp", validators=[InputRequired("Hãy nhập ngày họp.")])
    starts_at = StringField("Giờ họp", validators=[Length(max=5)],
                            render_kw={"placeholder": "08:00", "inputmode": "numeric"})
    place = StringField("Địa điểm", validators=[Length(max=300)])
    quorum = StringField("Tỷ lệ thành viên có mặt tối thiểu", default="2/3", validators=[Length(max=20)],
                         render_kw={"inputmode": "numeric"})
    recused_leave_ballot = BooleanField("Thành viên tránh chấm điểm một hồ sơ cũng không bỏ phiếu hồ sơ đó")
    scores_attributed = BooleanField("Bảng điểm xuất ra ghi tên từng thành viên chấm")
    women_priority = BooleanField("Ưu tiên nữ khi bằng thành tích (Nghị định 98/2023/NĐ-CP, Điều 4)", default=True)
    version = HiddenField()

    def session_values(self) -> dict:
        return {"title": self.title.data, "held_on": self.held_on.data, "starts_at": self.starts_at.data or "",
                "place": self.place.data or "", "quorum": _quorum(self.quorum.data),
                "recused_leave_ballot": self.recused_leave_ballot.data,
                "scores_attributed": self.scores_attributed.data,
                "women_priority": self.women_priority.data}


def _quorum(text: str | None):
    text = (text or "").strip().replace(" ", "")
    if not text:
        return (2, 3)
    if "/" in text:
        top, _slash, bottom = text.partition("/")
        if top.isdigit() and bottom.isdigit() and int(bottom) > 0:
            return (int(top), int(bottom))
    raise ServiceError("Tỷ lệ thành viên có mặt tối thiểu ghi dạng phân số, ví dụ 2/3.", "quorum")


def _phase_choices(form: SessionForm) -> None:
    form.phase_id.choices = [(None, "— Chọn đợt xét —")] + [
        (w.phase.id, f"{w.phase.name} – {w.phase.campaign.title}") for w in dossier_queries.phase_windows()]


@bp.route("/hoi-dong/phien")
@login_required
def sessions():
    if not (can_manage_councils(current_user) or current_user.role in Role.COUNCIL):
        abort(403)
    return render_template("council/sessions.html", sessions=service.sessions_for(current_user),
                           can_prepare=bool(can_manage_councils(current_user)))


@bp.route("/hoi-dong/phien/moi", methods=["GET", "POST"])
@login_required
def session_new():
    _require(can_manage_councils(current_user))
    form = SessionForm()
    _phase_choices(form)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                session = service.prepare_session(current_user, phase=db.session.get(Phase, form.phase_id.data),
                                                  **form.session_values())
            except ServiceError as err:
                refuse(err, form)
            else:
                flash(f"Đã chuẩn bị phiên họp với {len(session.members)} thành viên Hội đồng. Hãy thêm hồ sơ vào "
                      "chương trình.", "success")
                return redirect(url_for(".session", session_id=session.id))
        status = 400
    return render_template("council/session_new.html", form=form), status


class AddItemsForm(BaseForm):
    award_form_id = SelectField("Danh hiệu, hình thức", coerce=_int,
                                validators=[DataRequired("Hãy chọn danh hiệu, hình thức.")])


class ConflictForm(BaseForm):
    item_id = SelectField("Hồ sơ", coerce=_int, validators=[DataRequired("Hãy chọn hồ sơ.")])
    session_member_id = SelectField("Thành viên", coerce=_int, validators=[DataRequired("Hãy chọn thành viên.")])
    reason = TextAreaField("Lý do xung đột lợi ích", validators=[InputRequired("Hãy ghi lý do xung đột lợi ích."),
                                                                 Length(max=service.REASON_MAX)],
                           render_kw={"rows": 2})


class ReasonForm(BaseForm):
    reason = TextAreaField("Lý do", validators=[Length(max=service.REASON_MAX)], render_kw={"rows": 2})


STEP_SLUGS = {
    "mo-cham-diem": SessionAction.OPEN_SCORING,
    "mo-bo-phieu": SessionAction.OPEN_VOTING,
    "ket-thuc-bo-phieu": SessionAction.CLOSE_VOTING,
    "mo-lai-cham-diem": SessionAction.REOPEN_SCORING,
    "mo-lai-bo-phieu": SessionAction.REOPEN_VOTING,
    "huy-phe-duyet": SessionAction.REOPEN_APPROVAL,
}
SLUG_OF = {action: slug for slug, action in STEP_SLUGS.items()}
# The step each state offers the chair (the approval is on the ranking page), and the steps back.
NEXT_STEP = {SessionStatus.PREPARED: SessionAction.OPEN_SCORING, SessionStatus.SCORING: SessionAction.OPEN_VOTING,
             SessionStatus.VOTING: SessionAction.CLOSE_VOTING}
BACK_STEP = {SessionStatus.VOTING: SessionAction.REOPEN_SCORING, SessionStatus.TALLIED: SessionAction.REOPEN_VOTING,
             SessionStatus.APPROVED: SessionAction.REOPEN_APPROVAL}
CONFIRM = {
    SessionAction.OPEN_SCORING: "Mở chấm điểm? Hồ sơ trong chương trình sẽ được niêm phong như Hội đồng xem.",
    SessionAction.OPEN_VOTING: "Kết thúc chấm điểm và mở bỏ phiếu kín?",
    SessionAction.CLOSE_VOTING: "Kết thúc bỏ phiếu? Sau đó không ai bỏ phiếu được nữa.",
}


def _load(session_id: int):
    session = service.load_session(session_id)
    if session is None:
        abort(404)
    _require(can_view_session(current_user, session))
    return session


# The other council modules' pages of a session (scoring.py, ballots.py, ranking.py), by address.
MODULE_PAGES = [("cham-diem", "Phiếu chấm điểm"), ("bo-phieu", "Phiếu bầu (bỏ phiếu kín)"),
                ("phieu-van-ban", "Phiếu bằng văn bản"), ("xep-hang", "Kết quả xếp hạng")]


def path_if(path: str) -> str | None:
    """`path` when a page answers it (GET), or None while that page does not exist yet."""
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except (NotFound, MethodNotAllowed):
        return None
    except RequestRedirect:
        return path
    return path


def _links(session) -> list[tuple[str, str]]:
    """The pages of the other council modules, where they exist yet."""
    links = [(label, url) for slug, label in MODULE_PAGES
             if (url := path_if(f"/hoi-dong/phien/{session.id}/{slug}"))]
    if session.status == "approved" and permissions.can_read_documents(current_user):
        links.append(("Văn bản của phiên họp", url_for("documents.session_documents", session_id=session.id)))
    return links


def _session_page(session, status: int = 200, **forms):
    overview = service.session_overview(session)
    add_form = forms.get("add_form") or AddItemsForm(formdata=None)
    available = service.available_by_award(session)
    add_form.award_form_id.choices = [(None, "— Chọn danh hiệu, hình thức —")] + [
        (award.id, f"{award.name} ({count} hồ sơ)") for award, count in available]
    conflict_form = forms.get("conflict_form") or ConflictForm(formdata=None)
    conflict_form.item_id.choices = [(None, "— Chọn hồ sơ —")] + [
        (i.id, f"{i.nomination.nominee_name} – {i.nomination.award_form.name}") for i in session.items]
    conflict_form.session_member_id.choices = [(None, "— Chọn thành viên —")] + [
        (m.id, m.full_name) for m in session.members]
    settings_form = forms.get("settings_form")
    if settings_form is None:
        settings_form = SessionForm(formdata=None, obj=session)
        settings_form.quorum.data = f"{session.quorum_numerator}/{session.quorum_denominator}"
        settings_form.version.data = session.version
    settings_form.phase_id.choices = [(session.phase_id, session.phase.name)]
    settings_form.phase_id.data = session.phase_id
    reason_form = forms.get("reason_form") or ReasonForm(formdata=None)
    status_value = session.status
    return render_template(
        "council/session.html", session=session, o=overview, add_form=add_form, conflict_form=conflict_form,
        settings_form=settings_form, reason_form=reason_form, links=_links(session),
        is_office=bool(can_manage_councils(current_user)), is_chair=bool(can_chair(current_user, session)),
        is_secretary=bool(can_keep_minutes(current_user, session)),
        next_step=NEXT_STEP.get(status_value), back_step=BACK_STEP.get(status_value), slug_of=SLUG_OF,
        action_labels=ACTION_LABELS, confirm=CONFIRM, statuses=SessionStatus.LABELS, attendance=Attendance.LABELS,
        roles=CouncilRole.LABELS, editable_attendance=status_value in service.ATTENDANCE_STATUSES,
        before_voting=status_value in service.BEFORE_VOTING, prepared=status_value == SessionStatus.PREPARED,
    ), status


@bp.route("/hoi-dong/phien/<int:session_id>")
@login_required
def session(session_id: int):
    return _session_page(_load(session_id))


def _back(session_id: int, anchor: str = ""):
    return redirect(url_for(".session", session_id=session_id) + anchor)


@bp.route("/hoi-dong/phien/<int:session_id>/thiet-lap", methods=["GET", "POST"])
@login_required
def session_settings(session_id: int):
    session = _load(session_id)
    _require(can_manage_councils(current_user))
    if request.method == "GET":
        return _back(session_id, "#thiet-lap")
    form = SessionForm()
    form.phase_id.choices = [(session.phase_id, session.phase.name)]
    form.phase_id.data = session.phase_id
    if form.validate_on_submit():
        try:
            service.update_session(current_user, session, form.session_values(), form.version.data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu thiết lập phiên họp.", "success")
            return _back(session_id, "#thiet-lap")
    return _session_page(_load(session_id), 400, settings_form=form)


@bp.route("/hoi-dong/phien/<int:session_id>/them-ho-so", methods=["GET", "POST"])
@login_required
def session_add_items(session_id: int):
    session = _load(session_id)
    _require(can_manage_councils(current_user))
    if request.method == "GET":
        return _back(session_id, "#chuong-trinh")
    form = AddItemsForm()
    form.award_form_id.choices = [(None, "")] + [(a.id, a.name) for a, _count in service.available_by_award(session)]
    if form.validate_on_submit():
        try:
            added = service.add_items_by_award(current_user, session, db.session.get(AwardForm, form.award_form_id.data))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã thêm {len(added)} hồ sơ vào chương trình.", "success")
            return _back(session_id, "#chuong-trinh")
    return _session_page(_load(session_id), 400, add_form=form)


@bp.route("/hoi-dong/phien/<int:session_id>/ho-so/<int:item_id>/bo", methods=["POST"])
@login_required
def session_remove_item(session_id: int, item_id: int):
    item = get_or_404(AgendaItem, item_id)
    if item.session_id != session_id:
        abort(404)
    name = item.nomination.nominee_name
    try:
        service.remove_item(current_user, item)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Đã bỏ hồ sơ của {name} khỏi chương trình.", "success")
    return _back(session_id, "#chuong-trinh")


@bp.route("/hoi-dong/phien/<int:session_id>/diem-danh", methods=["GET", "POST"])
@login_required
def session_attendance(session_id: int):
    session = _load(session_id)
    if request.method == "GET":
        return _back(session_id, "#diem-danh")
    values = {m.id: request.form.get(f"attendance_{m.id}") for m in session.members
              if request.form.get(f"attendance_{m.id}") is not None}
    try:
        service.set_attendance(current_user, session, values)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Đã lưu điểm danh: {service.quorum_of(session).message}", "success")
    return _back(session_id, "#diem-danh")


@bp.route("/hoi-dong/phien/<int:session_id>/xung-dot", methods=["GET", "POST"])
@login_required
def session_conflict(session_id: int):
    session = _load(session_id)
    if request.method == "GET":
        return _back(session_id, "#tranh-cham")
    _require(can_chair(current_user, session))
    form = ConflictForm()
    form.item_id.choices = [(None, "")] + [(i.id, "") for i in session.items]
    form.session_member_id.choices = [(None, "")] + [(m.id, "") for m in session.members]
    if form.validate_on_submit():
        item = next(i for i in session.items if i.id == form.item_id.data)
        member = next(m for m in session.members if m.id == form.session_member_id.data)
        try:
            service.add_conflict(current_user, item, member, form.reason.data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã ghi nhận: {member.full_name} không chấm hồ sơ của {item.nomination.nominee_name}.", "success")
            return _back(session_id, "#tranh-cham")
    return _session_page(_load(session_id), 400, conflict_form=form)


@bp.route("/hoi-dong/phien/<int:session_id>/xung-dot/<int:recusal_id>/bo", methods=["POST"])
@login_required
def session_conflict_remove(session_id: int, recusal_id: int):
    recusal = get_or_404(Recusal, recusal_id)
    if recusal.item.session_id != session_id:
        abort(404)
    try:
        service.remove_conflict(current_user, recusal)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã bỏ xung đột lợi ích.", "success")
    return _back(session_id, "#tranh-cham")


STEPS = {
    SessionAction.OPEN_SCORING: lambda actor, session, reason: service.open_scoring(actor, session),
    SessionAction.OPEN_VOTING: lambda actor, session, reason: service.open_voting(actor, session),
    SessionAction.CLOSE_VOTING: lambda actor, session, reason: service.close_voting(actor, session),
    SessionAction.REOPEN_SCORING: service.reopen_scoring,
    SessionAction.REOPEN_VOTING: service.reopen_voting,
    SessionAction.REOPEN_APPROVAL: service.reopen_approval,
}


@bp.route("/hoi-dong/phien/<int:session_id>/buoc/<slug>", methods=["GET", "POST"])
@login_required
def session_step(session_id: int, slug: str):
    action = STEP_SLUGS.get(slug)
    if action is None:
        abort(404)
    session = _load(session_id)
    if request.method == "GET":
        return _back(session_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            STEPS[action](current_user, session, form.reason.data or "")
        except ServiceError as err:
            refuse(err, form)
            if action in REOPENS:
                return _session_page(_load(session_id), 400, reason_form=form)
            flash(err.message, "error")
        else:
            flash(f"{ACTION_LABELS[action]}: phiên họp chuyển sang bước «{SessionStatus.LABELS[session.status]}».",
                  "success")
            return _back(session_id)
    else:
        return _session_page(_load(session_id), 400, reason_form=form)
    return _back(session_id)


@bp.route("/hoi-dong/phien/<int:session_id>/dien-bien")
@login_required
def session_day(session_id: int):
    session = _load(session_id)
    if not (can_chair(current_user, session) or can_keep_minutes(current_user, session)
            or can_manage_councils(current_user)):
        raise PermissionDenied("Chỉ Chủ tịch, Thư ký Hội đồng và Văn phòng xem được diễn biến phiên họp.")
    template = "council/_session_day.html" if request.headers.get("HX-Request") else "council/session_day.html"
    return render_template(template, session=session, o=service.session_overview(session),
                           statuses=SessionStatus.LABELS, attendance=Attendance.LABELS)
