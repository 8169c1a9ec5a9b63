"""The secret ballot's pages: a member's ballot (choose, confirm, cast), the secretary's entry of written
ballots, and the tally once the chair closed voting.

Every write goes through services/ballots.py. No page shows a member's choices after the ballot is cast:
the confirmation page (before casting) is the last one that holds them, and it is never stored by the
browser (Cache-Control: no-store on every ballot page).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import RadioField

from ... import permissions
from ...models import Attendance, SessionStatus
from ...rules.tally import CHOICE_LABELS
from ...services import ServiceError
from ...services import ballots as ballot_service
from ...vietnamese import number
from .. import refuse
from ..forms import BaseForm
from .views import bp

CONFIRM, EDIT, CAST = "xac-nhan", "sua", "bo-phieu"  # the ballot form's steps (the `buoc` button)


class BallotForm(BaseForm):
    """The CSRF token; one radio field `item_<id>` per agenda item on the ballot (ballot_form)."""


def ballot_form(items) -> BallotForm:
    """A ballot form for `items` (the agenda items on this member's ballot). The choices are checked by the
    service (rules.tally.check_ballot), which lists every item left unanswered in one message."""
    fields = {f"item_{item.id}": RadioField(item.id, choices=list(CHOICE_LABELS.items()), validate_choice=False)
              for item in items}
    return type("BallotFormFor", (BallotForm,), fields)()


def _session_or_404(session_id: int):
    session = ballot_service.load_session(session_id)
    if session is None:
        abort(404)
    return session


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _groups(items):
    """The agenda items grouped by award form, in agenda order of each form's first item."""
    order: dict[int, int] = {}
    for index, item in enumerate(items):
        order.setdefault(item.nomination.award_form_id, index)
    ordered = sorted(items, key=lambda item: (order[item.nomination.award_form_id], item.position, item.id))
    return [(award, list(rows)) for award, rows in groupby(ordered, key=lambda item: item.nomination.award_form)]


def _choices(form, items) -> dict:
    return {item.id: form[f"item_{item.id}"].data for item in items if f"item_{item.id}" in form}


def _ballot_flow(session, member, *, action: str, cast, done: str, template_args: dict):
    """The choose → confirm → cast steps shared by the member's ballot and the secretary's written one.
    `cast(choices)` writes; `done` is where a cast ballot leads."""
    items = ballot_service.agenda(session)
    off = ballot_service.off_ballot(session, member.person_id)
    recused = ballot_service.recused_items(session, member.person_id)
    on_ballot = [item for item in items if item.id not in off]
    form = ballot_form(on_ballot)
    args = dict(session=session, member=member, form=form, groups=_groups(items), off=off, recused=recused,
                action=action, choice_labels=CHOICE_LABELS, **template_args)
    if request.method == "POST" and form.validate():
        step = request.form.get("buoc", CONFIRM)
        choices = _choices(form, on_ballot)
        try:
            if step == CAST:
                cast(choices)
                return redirect(done)
            ballot_service.check_choices(session, member, choices)
        except ServiceError as err:
            refuse(err, form)
            return _no_store(render_template("council/ballot.html", **args))
        if step == CONFIRM:
            return _no_store(render_template("council/ballot_confirm.html", choices=choices, **args))
    return _no_store(render_template("council/ballot.html", **args))


@bp.route("/hoi-dong/phien/<int:session_id>/bo-phieu", methods=["GET", "POST"])
@login_required
def ballot(session_id: int):
    """The member's ballot: every agenda item, grouped by award form, Đồng ý / Không đồng ý."""
    session = _session_or_404(session_id)
    permissions.can_take_part(current_user, session).require()
    member = permissions.session_member(current_user, session)
    status = ballot_service.voting_status(session)
    mine = next(row for row in status.rows if row.member.id == member.id)
    if mine.voted:
        return _no_store(render_template("council/ballot_cast.html", session=session, member=member,
                                         status=status, written=mine.written))
    if session.status != SessionStatus.VOTING or member.attendance in (Attendance.WRITTEN, Attendance.ABSENT):
        return _no_store(render_template("council/ballot.html", session=session, member=member, form=None,
                                         status=status, closed=_closed_reason(session, member)))

    def cast(choices):
        ballot_service.cast_ballot(current_user, session, choices)
        flash("Đã ghi nhận phiếu của bạn. Phiếu đã bỏ không sửa được.", "success")

    return _ballot_flow(session, member, action=url_for(".ballot", session_id=session.id), cast=cast,
                        done=url_for(".ballot", session_id=session.id),
                        template_args=dict(status=status, closed=None, written_entry=False))


def _closed_reason(session, member) -> str:
    if session.status in (SessionStatus.PREPARED, SessionStatus.SCORING):
        return ballot_service.NOT_OPEN
    if session.status != SessionStatus.VOTING:
        return "Phiên họp đã kết thúc bỏ phiếu. Bạn không bỏ phiếu trong phiên họp này."
    if member.attendance == Attendance.WRITTEN:
        return "Bạn được điểm danh vắng mặt, có phiếu bằng văn bản: Thư ký Hội đồng nhập phiếu của bạn."
    return ("Bạn được điểm danh vắng mặt nên không bỏ phiếu trực tiếp. Nếu bạn có mặt, hãy báo Thư ký Hội đồng "
            "sửa điểm danh.")


@bp.route("/hoi-dong/phien/<int:session_id>/phieu-van-ban", methods=["GET", "POST"])
@login_required
def written_ballots(session_id: int):
    """The secretary's page: the members absent with a written ballot, and the entry of each one."""
    session = _session_or_404(session_id)
    permissions.can_keep_minutes(current_user, session).require()
    status = ballot_service.voting_status(session)
    rows = [row for row in status.rows if row.member.attendance == Attendance.WRITTEN]
    chosen_id = request.values.get("thanh-vien", "")
    chosen = next((row for row in rows if str(row.member.id) == chosen_id), None) if chosen_id.isdigit() else None
    listing = dict(session=session, status=status, rows=rows)
    if chosen is None or chosen.voted or session.status != SessionStatus.VOTING:
        if request.method == "POST":
            flash("Chọn một thành viên vắng mặt có phiếu bằng văn bản chưa được nhập.", "error")
            return redirect(url_for(".written_ballots", session_id=session.id))
        return _no_store(render_template("council/ballot_written.html", **listing))
    member = chosen.member

    def cast(choices):
        ballot_service.record_written_ballot(current_user, session, member, choices)
        flash(f"Đã nhập phiếu bằng văn bản của {member.full_name}. Phiếu đã nhập không sửa được.", "success")

    return _ballot_flow(session, member, action=url_for(".written_ballots", session_id=session.id,
                                                        **{"thanh-vien": member.id}),
                        cast=cast, done=url_for(".written_ballots", session_id=session.id),
                        template_args=dict(status=status, closed=None, written_entry=True))


def _percent(line) -> str:
    if not line.members:
        return "—"
    value = Decimal(line.ratio.numerator * 100) / Decimal(line.ratio.denominator)
    return f"{number(value.quantize(Decimal('0.01')), 2)}%"


@bp.route("/hoi-dong/phien/<int:session_id>/kiem-phieu")
@login_required
def tally(session_id: int):
    """The tally, once the chair closed voting: per item the counts over all members and the result."""
    session = _session_or_404(session_id)
    permissions.can_view_session(current_user, session).require()
    visible = permissions.can_see_tally(current_user, session)
    status = ballot_service.voting_status(session)
    rows = ballot_service.tallies(session) if visible else None
    groups = []
    if rows is not None:
        order: dict[int, int] = {}
        for index, row in enumerate(rows):
            order.setdefault(row.award_form.id, index)
        rows.sort(key=lambda row: order[row.award_form.id])
        groups = [(award, list(items)) for award, items in groupby(rows, key=lambda row: row.award_form)]
    return render_template("council/ballot_tally.html", session=session, status=status, visible=visible,
                           groups=groups, percent=_percent)
