"""The scoring pages: a member's sheet (each score saved on change with htmx, or by a plain POST per cell
without JavaScript), submitting the sheet, the members' progress for the chair and the office, and the
aggregation of the submitted sheets (services/scoring.py; who sees what: permissions.can_see_scores)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from ...models import AGGREGATIONS, AgendaItem, CouncilSession, Criterion, SessionStatus
from ...permissions import can_see_progress, can_see_scores, can_take_part, session_member
from ...services import PermissionDenied, ServiceError
from ...services import scoring as scoring_service
from .. import get_or_404, refuse
from ..forms import BaseForm, VietnameseDecimalField
from .views import bp


class ScoreForm(BaseForm):
    points = VietnameseDecimalField("Điểm", places=2, example="7,5")
    comment = TextAreaField("Nhận xét", validators=[Length(max=scoring_service.COMMENT_MAX)])
    version = HiddenField()


def _htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _sheet_page(session: CouncilSession, sheet, *, error_cell=None, error_form=None, status: int = 200):
    seeing = can_see_scores(current_user, session)
    totals = scoring_service.compute_aggregates(session) if seeing and sheet.submitted else None
    return render_template("council/scoring.html", session=session, sheet=sheet, error_cell=error_cell,
                           error_form=error_form, totals=totals, seeing=seeing, methods=AGGREGATIONS,
                           may_see_progress=can_see_progress(current_user, session),
                           status_label=SessionStatus.LABELS.get(session.status, session.status)), status


@bp.route("/hoi-dong/phien/<int:session_id>/cham-diem")
@login_required
def scoring_sheet(session_id: int):
    session = get_or_404(CouncilSession, session_id)
    sheet = scoring_service.scoring_sheet(current_user, session)
    return _sheet_page(session, sheet)


@bp.route("/hoi-dong/phien/<int:session_id>/cham-diem/<int:item_id>/<int:criterion_id>", methods=["GET", "POST"])
@login_required
def score_save(session_id: int, item_id: int, criterion_id: int):
    session = get_or_404(CouncilSession, session_id)
    can_take_part(current_user, session).require()
    if request.method == "GET":  # the address reopened after a plain POST: the sheet, at the cell
        return redirect(url_for(".scoring_sheet", session_id=session.id) + f"#o-{item_id}-{criterion_id}")
    item = get_or_404(AgendaItem, item_id)
    criterion = get_or_404(Criterion, criterion_id)
    if item.session_id != session.id:
        abort(404)
    form = ScoreForm()
    saved = False
    if form.validate_on_submit():
        try:
            scoring_service.save_score(current_user, session, item, criterion, form.points.data,
                                       form.comment.data or "", seen_version=form.version.data)
        except ServiceError as err:
            refuse(err, form)
        else:
            saved = True
    member = session_member(current_user, session)
    sheet = scoring_service.build_sheet(session, member)
    cell = sheet.cell(item.id, criterion.id)
    if cell is None:
        abort(404)
    if _htmx():
        return render_template("council/_score_cell.html", session=session, sheet=sheet, item=sheet.item(item.id),
                               cell=cell, form=None if saved else form, saved=saved, oob=True)
    if saved:
        flash(f"Đã lưu điểm tiêu chí {criterion.code} của {item.nomination.nominee_name}.", "success")
        return redirect(url_for(".scoring_sheet", session_id=session.id) + f"#o-{item.id}-{criterion.id}")
    return _sheet_page(session, sheet, error_cell=(item.id, criterion.id), error_form=form)


@bp.route("/hoi-dong/phien/<int:session_id>/cham-diem/nop", methods=["POST"])
@login_required
def scoring_submit(session_id: int):
    session = get_or_404(CouncilSession, session_id)
    can_take_part(current_user, session).require()
    form = BaseForm()
    if not form.validate_on_submit():
        flash("Mã bảo mật của biểu mẫu không hợp lệ: hãy tải lại trang rồi nộp lại.", "error")
    else:
        try:
            scoring_service.submit_scores(current_user, session)
        except ServiceError as err:
            refuse(err)
        else:
            flash("Đã nộp phiếu chấm điểm. Phiếu chấm không sửa được nữa.", "success")
    return redirect(url_for(".scoring_sheet", session_id=session.id))


@bp.route("/hoi-dong/phien/<int:session_id>/tien-do")
@login_required
def scoring_progress(session_id: int):
    session = get_or_404(CouncilSession, session_id)
    rows = scoring_service.session_progress(current_user, session)
    return render_template("council/scoring_progress.html", session=session, rows=rows,
                           member=session_member(current_user, session),
                           submitted=sum(1 for r in rows if r.submitted),
                           status_label=SessionStatus.LABELS.get(session.status, session.status))


@bp.route("/hoi-dong/phien/<int:session_id>/tong-hop")
@login_required
def scoring_aggregates(session_id: int):
    session = get_or_404(CouncilSession, session_id)
    totals, refusal = None, ""
    try:
        totals = scoring_service.aggregates(session, for_user=current_user)
    except PermissionDenied:
        raise
    except ServiceError as err:
        refusal = err.message
    return render_template("council/scoring_aggregates.html", session=session, totals=totals, refusal=refusal,
                           methods=AGGREGATIONS,
                           member=session_member(current_user, session),
                           may_see_progress=can_see_progress(current_user, session),
                           status_label=SessionStatus.LABELS.get(session.status, session.status))
