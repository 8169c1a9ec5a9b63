"""Công khai (services/publication.py): the office's page of a session's publication (publish, the objections
with a handling form each, withdraw) and everyone's page of the open publications (the lists, an objection
form, one's own objections and how they were handled). Thin: every write through the service."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ... import permissions
from ...models import Handling, SessionStatus, local_now
from ...services import ServiceError
from ...services import publication as service
from ...services.ranking import load_session
from ...vietnamese import short_date
from .. import refuse, reopens_at
from ..forms import BaseForm
from . import bp


def _version(text) -> int:
    """The version a form was shown (a hidden field): anything but a number reads as stale."""
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


class PublishForm(BaseForm):
    starts_on = StringField("Ngày bắt đầu công khai", validators=[Optional(), Length(max=20)],
                            render_kw={"placeholder": "ngày/tháng/năm", "autocomplete": "off", "data-maxlength": False})
    days = StringField("Số ngày công khai", validators=[Optional(), Length(max=3)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "data-maxlength": False},
                       description=f"Từ {service.DAYS_MIN} đến {service.DAYS_MAX} ngày, kể cả ngày bắt đầu.")
    note = TextAreaField("Ghi chú gửi kèm danh sách (tùy chọn)", validators=[Optional(),
                                                                          Length(max=service.NOTE_MAX)],
                         render_kw={"rows": 3})


class WithdrawForm(BaseForm):
    version = HiddenField()
    reason = TextAreaField("Lý do thu hồi", validators=[Optional(), Length(max=service.NOTE_MAX)],
                           render_kw={"rows": 2})


class HandleForm(BaseForm):
    version = HiddenField()
    handling = RadioField("Cách xử lý", choices=list(Handling.LABELS.items()), validate_choice=False)
    note = TextAreaField("Nội dung xử lý", validators=[Optional(), Length(max=service.HANDLING_NOTE_MAX)],
                         render_kw={"rows": 3},
                         description="Tiếp thu: ghi điều gì thay đổi. Không chấp nhận: ghi lý do, căn cứ.")


class ObjectionForm(BaseForm):
    nomination_id = SelectField("Ý kiến về", validate_choice=False)
    text = TextAreaField("Nội dung ý kiến phản ánh", validators=[Optional(), Length(max=service.TEXT_MAX)],
                         render_kw={"rows": 4})


# --- the office's page ----------------------------------------------------------------------------------------


def _session_or_404(session_id: int):
    permissions.can_read_documents(current_user).require()
    session = load_session(session_id)
    if session is None:
        abort(404)
    return session


def _publish_form(formdata=None) -> PublishForm:
    form = PublishForm(formdata=formdata, prefix="ck")
    if formdata is None:
        form.starts_on.data = short_date(local_now().date() + dt.timedelta(days=1))
        form.days.data = str(service.DEFAULT_DAYS)
    return form


def _handle_form(objection, formdata=None) -> HandleForm:
    form = HandleForm(formdata=formdata, prefix=f"yk{objection.id}")
    if formdata is None:
        form.version.data = objection.version
        form.handling.data = objection.handling or ""
        form.note.data = objection.handling_note
    return form


def _office_page(session, *, publish_form=None, withdraw_form=None, handle_forms=None, status: int = 200):
    may_publish = bool(permissions.can_publish(current_user))
    publications = service.publications_of(session)
    current = next((p for p in publications if p.withdrawn_at is None), None)
    earlier = [p for p in publications if p is not current]
    today = local_now().date()
    handle_forms = dict(handle_forms or {})
    if may_publish and current is not None:
        for objection in current.objections:
            handle_forms.setdefault(objection.id, _handle_form(objection))
        if withdraw_form is None:
            withdraw_form = WithdrawForm(formdata=None, prefix="th")
            withdraw_form.version.data = current.version
    can_publish_now = may_publish and current is None and session.status == SessionStatus.APPROVED
    return render_template(
        "documents/publication.html", session=session, current=current, earlier=earlier,
        lists=service.published_lists([session.id]).get(session.id, []),
        publish_form=(publish_form or _publish_form()) if can_publish_now else None,
        withdraw_form=withdraw_form if may_publish and current is not None else None,
        handle_forms=handle_forms if may_publish else {}, may_publish=may_publish, today=today,
        blockers=service.issue_blockers(session, today), summary=service.summary_sentence(session, today)), status


@bp.route("/van-ban/phien/<int:session_id>/cong-khai")
@login_required
def publication_office(session_id: int):
    return _office_page(_session_or_404(session_id))


@bp.route("/van-ban/phien/<int:session_id>/cong-khai/dang", methods=["GET", "POST"])
@login_required
@reopens_at("documents.publication_office")
def publish(session_id: int):
    session = _session_or_404(session_id)
    permissions.can_publish(current_user).require()
    form = PublishForm(prefix="ck")
    if not form.validate_on_submit():
        return _office_page(session, publish_form=form, status=422)
    try:
        publication = service.publish(current_user, session, starts_on_text=form.starts_on.data or "",
                                      days_text=form.days.data or "", note=form.note.data or "")
    except ServiceError as err:
        if not err.field:
            refuse(err)
            return redirect(url_for("documents.publication_office", session_id=session.id))
        refuse(err, form)
        return _office_page(session, publish_form=form, status=422)
    flash(f"Đã công khai danh sách từ ngày {short_date(publication.starts_on)} đến hết ngày "
          f"{short_date(publication.ends_on)}.", "success")
    return redirect(url_for("documents.publication_office", session_id=session.id))


def _publication_or_404(publication_id: int):
    publication = service.load_publication(publication_id)
    if publication is None:
        abort(404)
    return publication


@bp.route("/van-ban/cong-khai/<int:publication_id>/thu-hoi", methods=["GET", "POST"])
@login_required
def withdraw_publication(publication_id: int):
    publication = _publication_or_404(publication_id)
    back = url_for("documents.publication_office", session_id=publication.session_id)
    if request.method == "GET":  # the address reopened: the page (which checks who may read it)
        return redirect(back)
    permissions.can_publish(current_user).require()
    form = WithdrawForm(prefix="th")
    session = _session_or_404(publication.session_id)
    if not form.validate_on_submit():
        return _office_page(session, withdraw_form=form, status=422)
    try:
        service.withdraw(current_user, publication, form.reason.data or "", seen_version=_version(form.version.data))
    except ServiceError as err:
        refuse(err, form)
        return _office_page(session, withdraw_form=form, status=422)
    flash("Đã thu hồi danh sách công khai.", "success")
    return redirect(back)


@bp.route("/van-ban/y-kien/<int:objection_id>/xu-ly", methods=["GET", "POST"])
@login_required
def handle_objection(objection_id: int):
    objection = service.load_objection(objection_id)
    if objection is None:
        abort(404)
    session_id = objection.publication.session_id
    back = url_for("documents.publication_office", session_id=session_id) + f"#y-kien-{objection.id}"
    if request.method == "GET":  # the address reopened: the page (which checks who may read it)
        return redirect(back)
    permissions.can_publish(current_user).require()
    form = HandleForm(prefix=f"yk{objection.id}")
    session = _session_or_404(session_id)
    if not form.validate_on_submit():
        return _office_page(session, handle_forms={objection.id: form}, status=422)
    try:
        service.handle_objection(current_user, objection, handling=form.handling.data or "",
                                 note=form.note.data or "", seen_version=_version(form.version.data))
    except ServiceError as err:
        refuse(err, form)
        return _office_page(session, handle_forms={objection.id: form}, status=422)
    flash("Đã ghi việc xử lý ý kiến phản ánh.", "success")
    return redirect(back)


# --- everyone's page ------------------------------------------------------------------------------------------


def _objection_form(publication, rows, formdata=None) -> ObjectionForm:
    form = ObjectionForm(formdata=formdata, prefix=f"ck{publication.id}")
    form.nomination_id.choices = [("", "Danh sách nói chung")] + [
        (str(row.nomination_id), f"{row.name} ({form_list.award_form})") for form_list in rows for row in form_list.rows]
    return form


def _public_page(*, failed=None, status: int = 200):
    today = local_now().date()
    publications = service.open_publications(today)
    lists = service.published_lists([p.session_id for p in publications])
    forms = {}
    for publication in publications:
        if failed is not None and failed[0] == publication.id:
            forms[publication.id] = failed[1]
            failed[1].nomination_id.choices = _objection_form(publication, lists.get(publication.session_id, [])
                                                           ).nomination_id.choices
        else:
            forms[publication.id] = _objection_form(publication, lists.get(publication.session_id, []))
    return render_template("documents/public.html", publications=publications, lists=lists, forms=forms,
                           mine=service.objections_of(current_user), today=today), status


@bp.route("/cong-khai")
@login_required
def public_lists():
    return _public_page()


@bp.route("/cong-khai/<int:publication_id>/y-kien", methods=["GET", "POST"])
@login_required
@reopens_at("documents.public_lists")
def public_objection(publication_id: int):
    publication = _publication_or_404(publication_id)
    form = ObjectionForm(prefix=f"ck{publication.id}")
    answer = permissions.can_object(current_user, publication)
    if not answer:
        flash(answer.reason, "error")
        return redirect(url_for("documents.public_lists"))
    if not form.validate_on_submit():
        return _public_page(failed=(publication.id, form), status=422)
    try:
        service.file_objection(current_user, publication, nomination_id=form.nomination_id.data or None,
                               text=form.text.data or "")
    except ServiceError as err:
        if not err.field:
            refuse(err)
            return redirect(url_for("documents.public_lists"))
        refuse(err, form)
        return _public_page(failed=(publication.id, form), status=422)
    flash("Đã gửi ý kiến phản ánh. Văn phòng sẽ xem xét và ghi kết quả xử lý; bạn xem được ở cuối trang này.",
          "success")
    return redirect(url_for("documents.public_lists") + "#y-kien-cua-toi")
