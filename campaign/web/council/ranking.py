"""The ranking of a session (per award form × nominee kind, every position with its reason), the chair's
moves across the cut, the approval, and the .xlsx export (services/ranking.py, services/ranking_export.py)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from ... import permissions
from ...models import SessionStatus
from ...services import ServiceError, ranking_export
from ...services import ranking as ranking_service
from .. import refuse, reopens_at
from ..forms import BaseForm
from .views import bp

DIRECTIONS = [("up", "Đưa vào danh sách đề nghị"), ("down", "Đưa xuống danh sách dự bị"),
              ("", "Bỏ đề xuất đã ghi (xếp lại theo kết quả)")]


class OverrideForm(BaseForm):
    direction = SelectField("Đề xuất của Chủ tịch", choices=DIRECTIONS, validate_choice=True)
    reason = TextAreaField("Lý do (bắt buộc khi đưa qua ngưỡng cắt)", validators=[Optional(), Length(max=5000)],
                           render_kw={"rows": 2})


class ApproveForm(BaseForm):
    version = HiddenField()


def _session_or_404(session_id: int):
    session = ranking_service.load_session(session_id)
    if session is None:
        abort(404)
    permissions.can_view_session(current_user, session).require()
    return session


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page(session, *, forms: dict | None = None, approve_form: ApproveForm | None = None, status: int = 200):
    seen = permissions.can_see_ranking(current_user, session)
    if not seen:
        return render_template("council/ranking.html", session=session, closed=seen.reason, result=None,
                               chair=False, forms={}, approve_form=None,
                               status_labels=SessionStatus.LABELS), status
    result = ranking_service.session_ranking(session)
    chair = bool(permissions.can_chair(current_user, session)) and session.status == SessionStatus.TALLIED
    forms = dict(forms or {})
    if chair:
        for ranked in result.lists:
            for row in ranked.rows:
                if row.item.id not in forms and row.status != "out":
                    form = OverrideForm(formdata=None, prefix=f"muc-{row.item.id}")
                    form.direction.data = row.item.override or ("up" if row.status == "reserve" else "down")
                    form.reason.data = row.item.override_reason
                    forms[row.item.id] = form
        if approve_form is None:
            approve_form = ApproveForm(formdata=None)
            approve_form.version.data = session.version
    return render_template("council/ranking.html", session=session, closed="", result=result, chair=chair,
                           forms=forms, approve_form=approve_form if chair else None,
                           status_labels=SessionStatus.LABELS), status


@bp.route("/hoi-dong/phien/<int:session_id>/xep-hang")
@login_required
def ranking(session_id: int):
    return _page(_session_or_404(session_id))


@bp.route("/hoi-dong/phien/<int:session_id>/xep-hang/<int:item_id>/nguong-cat", methods=["GET", "POST"])
@login_required
@reopens_at(".ranking")
def ranking_override(session_id: int, item_id: int):
    session = _session_or_404(session_id)
    item = next((i for i in session.items if i.id == item_id), None)
    if item is None:
        abort(404)
    permissions.can_chair(current_user, session).require()
    form = OverrideForm(prefix=f"muc-{item_id}")
    if form.validate_on_submit():
        try:
            ranking_service.set_override(current_user, session, item, form.direction.data or None,
                                         form.reason.data or "")
        except ServiceError as err:
            if session.status != SessionStatus.TALLIED:  # no form on the page any more: say it above
                refuse(err)
                return redirect(url_for(".ranking", session_id=session_id))
            refuse(err, form)
        else:
            name = item.nomination.nominee_name
            flash(f"Đã ghi đề xuất của Chủ tịch Hội đồng đối với hồ sơ của {name}." if item.override
                  else f"Đã bỏ đề xuất đối với hồ sơ của {name}: xếp lại theo kết quả.", "success")
            return redirect(url_for(".ranking", session_id=session_id) + f"#muc-{item_id}")
    session = _session_or_404(session_id)
    return _page(session, forms={item_id: form}, status=422)


@bp.route("/hoi-dong/phien/<int:session_id>/xep-hang/phe-duyet", methods=["GET", "POST"])
@login_required
@reopens_at(".ranking")
def ranking_approve(session_id: int):
    session = _session_or_404(session_id)
    permissions.can_chair(current_user, session).require()
    form = ApproveForm()
    if form.validate_on_submit():
        try:
            ranking_service.approve(current_user, session, _int(form.version.data))
        except ServiceError as err:
            if session.status != SessionStatus.TALLIED:
                refuse(err)
                return redirect(url_for(".ranking", session_id=session_id))
            refuse(err, form)
        else:
            flash("Đã phê duyệt kết quả xét của Hội đồng: các hồ sơ đã chuyển Đề nghị / Không đề nghị khen thưởng.",
                  "success")
            return redirect(url_for(".ranking", session_id=session_id))
    return _page(_session_or_404(session_id), approve_form=form, status=422)


@bp.route("/hoi-dong/phien/<int:session_id>/xep-hang.xlsx")
@login_required
def ranking_export_xlsx(session_id: int):
    session = _session_or_404(session_id)
    seen = permissions.can_see_ranking(current_user, session)
    if not seen:
        flash(seen.reason, "error")
        return redirect(url_for(".ranking", session_id=session_id))
    data = ranking_export.ranking_xlsx(ranking_service.session_ranking(session))
    return send_file(io.BytesIO(data), mimetype=ranking_export.XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"xep-hang-phien-{session.id}.xlsx")

