"""Units' dossiers: criteria results, the initiative register, nominations, and the office's appraisal.

A unit officer reads and writes their own unit's (and sub-units') dossiers; the office and admin read
every dossier and appraise it (accept, or return with points) but never fill it in; council members and
the board's leaders have no access here. Every write goes through services/dossiers.py.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ... import permissions
from ...extensions import db
from ...models import (
    RETURN_TOPICS,
    SANCTION_LEVELS,
    AwardForm,
    AwardRecord,
    CampaignStatus,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationStatus,
    Person,
    Phase,
    Result,
    Role,
    Sanction,
    StoredFile,
    Unit,
)
from ...rules.workflow import EVENT_LABELS, STATUS_LABELS, Action
from ...services import PermissionDenied, ServiceError, facts, reports, sheets
from ...services import dossiers as queries
from ...services import files as file_service
from ...services import history as history_service
from ...services import initiatives as initiative_service
from ...services import nominations as nomination_service
from ...services import ranking as ranking_service
from ...services import registration as registration_service
from ...services import results as results_service
from ...vietnamese import file_size, measure, short_datetime
from .. import get_or_404, page_number, refuse, reopens_at, roles_required
from ..org.views import unit_choices
from .forms import (
    AcceptForm,
    AwardRecordForm,
    InitiativeForm,
    NewNominationForm,
    NominationForm,
    ResultForm,
    ReturnForm,
    SanctionForm,
    WithdrawForm,
    members_complete_choice,
    members_complete_value,
)

bp = Blueprint("dossiers", __name__)
UNIT = Role.UNIT_OFFICER
OFFICE = Role.MANAGERS
READERS = (Role.UNIT_OFFICER, *Role.MANAGERS)
STATUS_BADGES = {NominationStatus.DRAFT: "secondary", NominationStatus.SUBMITTED: "primary",
                 NominationStatus.RETURNED: "warning", NominationStatus.ACCEPTED: "success"}


@bp.app_template_filter("filesize")
def _filesize(size: int | None) -> str:
    return file_size(size)


@bp.app_template_filter("measure")
def _measure(value, unit: str = "") -> str:
    """A value with its unit of measure: '95,5%', '50 tin bài/năm'."""
    return measure(value, unit)


@bp.app_template_filter("local_datetime")
def _local_datetime(value) -> str:
    """A naive Vietnam-time value (nomination windows): '17:00 31/10/2027'."""
    return short_datetime(value)


@bp.app_context_processor
def _dossier_globals():
    return {"status_badges": STATUS_BADGES, "return_topics": RETURN_TOPICS, "event_labels": EVENT_LABELS,
            "sanction_levels": SANCTION_LEVELS,
            "nominee_kinds": queries.NOMINEE_KINDS, "is_unit_officer": current_user.is_authenticated
            and current_user.role == UNIT, "max_mb": current_app.config.get("MAX_UPLOAD_MB", 10)}


# --- shared helpers -----------------------------------------------------------------------------


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _require_read(unit_id: int | None) -> None:
    permissions.can_read_unit(current_user, unit_id).require()


def _require_edit(unit_id: int | None) -> None:
    permissions.can_edit_unit(current_user, unit_id).require()


def _phase_or_404(phase_id: int) -> Phase:
    """A phase; one of a campaign still in draft is the office's alone (as on the set-up pages)."""
    phase = db.session.get(Phase, phase_id)
    if phase is None or (phase.campaign.status == CampaignStatus.DRAFT and not current_user.is_manager):
        abort(404)
    return phase


def _nomination_or_404(nomination_id: int) -> Nomination:
    nomination = db.session.scalar(select(Nomination).where(Nomination.id == nomination_id)
                                   .options(*sheets.NOMINATION_LOAD, selectinload(Nomination.files),
                                            selectinload(Nomination.events)))
    if nomination is None:
        abort(404)
    permissions.can_read_nomination(current_user, nomination).require()
    return nomination


def _file_of(owner, file_id: int) -> StoredFile:
    stored = next((f for f in owner.files if f.id == file_id), None)
    if stored is None:
        abort(404)
    return stored


def _scope_units(blank: str | None = None):
    return unit_choices(permissions.unit_scope(current_user), blank=blank)


# --- results ------------------------------------------------------------------------------------


@bp.route("/ho-so/ket-qua")
@roles_required(*READERS)
def results_index():
    windows = queries.phase_windows(unit_id=current_user.unit_id)
    chosen = next((w for w in windows if w.is_open), windows[-1] if windows else None)
    if chosen is None:
        return render_template("dossiers/results.html", phase=None, windows=windows, sheets=[], unit=None)
    return redirect(url_for(".results", phase_id=chosen.phase.id, **request.args))


def _results_unit() -> Unit | None:
    """The unit whose results are shown: the officer's own (or one of its sub-units), any for the office."""
    unit_id = _int(request.args.get("don-vi"))
    if current_user.role == UNIT:
        unit_id = unit_id or current_user.unit_id
    if unit_id is None:
        return None
    unit = get_or_404(Unit, unit_id)
    _require_read(unit.id)
    return unit


@bp.route("/ho-so/ket-qua/<int:phase_id>")
@roles_required(*READERS)
def results(phase_id: int):
    phase = _phase_or_404(phase_id)
    unit = _results_unit()
    sheets_ = sheets.results_sheets(phase, unit) if unit is not None else []
    scope = permissions.unit_scope(current_user)
    return render_template("dossiers/results.html", phase=phase, unit=unit, sheets=sheets_,
                           window=queries.with_window(phase, unit_id=current_user.unit_id),
                           windows=queries.phase_windows(unit_id=current_user.unit_id),
                           units=_scope_units(blank="— Chọn đơn vị —"),
                           can_edit=unit is not None and permissions.can_edit_unit(current_user, unit.id),
                           may_edit={s.subject: permissions.can_edit_results(
                               current_user, phase, s.unit.id, s.locked_by, scope=scope,
                               made_above_by=permissions.made_above_among(current_user, s.nominations, scope))
                               for s in sheets_})


@bp.route("/ho-so/ket-qua/<int:phase_id>/<subject>/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def result_edit(phase_id: int, subject: str, criterion_id: int):
    phase = _phase_or_404(phase_id)
    try:
        unit, person = queries.subject_of(current_user, subject)
    except LookupError:
        abort(404)
    except PermissionDenied:
        abort(403)
    sheet = sheets.build_sheets(phase, [sheets.SubjectSheet(subject, unit, person)])[0]
    line = next((ln for ln in sheet.lines if ln.criterion.id == criterion_id), None)
    if line is None:  # not a criterion of this phase's campaign for this kind of nominee
        abort(404)
    sheet.nominations = list(db.session.scalars(select(Nomination).where(
        Nomination.phase_id == phase.id, Nomination.subject == subject).options(joinedload(Nomination.award_form))))
    writer = permissions.can_edit_unit(current_user, unit.id)
    if request.method == "POST" and not writer:
        abort(403)
    result = line.result
    form = ResultForm()
    if request.method == "GET":
        form.version.data = result.version if result else 0
        if result is not None:
            form.value.data, form.explanation.data = result.value, result.explanation
    window = queries.with_window(phase, unit_id=unit.id)
    if form.validate_on_submit():
        try:
            results_service.save_result(current_user, phase=phase, criterion=line.criterion, unit=unit, person=person,
                                value=form.value.data, explanation=form.explanation.data or "",
                                uploads=form.files.data, seen_version=_int(form.version.data))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu kết quả tiêu chí {line.criterion.code} của {sheet.label}.", "success")
            if form.files.flash_refused():  # the refused files are named beside the field of the same page
                return redirect(url_for(".result_edit", phase_id=phase.id, subject=subject, criterion_id=criterion_id))
            return redirect(url_for(".results", phase_id=phase.id) + f"#{subject}")
    return render_template("dossiers/result_form.html", phase=phase, sheet=sheet, line=line, form=form,
                           window=window, writer=writer, can_edit=not line.automatic and permissions.can_edit_results(
                               current_user, phase, unit.id, sheet.locked_by,
                               made_above_by=permissions.made_above_among(current_user, sheet.nominations)))


@bp.route("/ho-so/ket-qua/tep/<int:result_id>/<int:file_id>")
@roles_required(*READERS)
def result_file(result_id: int, file_id: int):
    result = get_or_404(Result, result_id)
    _require_read(result.unit_id)
    return file_service.send_stored_file(_file_of(result, file_id))


@bp.route("/ho-so/ket-qua/tep/<int:result_id>/<int:file_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def result_file_delete(result_id: int, file_id: int):
    result = get_or_404(Result, result_id)
    _require_edit(result.unit_id)
    stored = _file_of(result, file_id)
    name = stored.original_name
    try:
        results_service.remove_file(current_user, result, stored)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Đã xóa tệp «{name}».", "success")
    return redirect(url_for(".result_edit", phase_id=result.phase_id, subject=result.subject,
                            criterion_id=result.criterion_id))


# --- initiatives --------------------------------------------------------------------------------


@bp.route("/ho-so/sang-kien")
@roles_required(*READERS)
def initiatives():
    unit_id = _int(request.args.get("don-vi"))
    if unit_id is not None:
        _require_read(unit_id)
    pagination = db.paginate(queries.initiatives_query(current_user, unit_id=unit_id), page=page_number(),
                             per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("dossiers/initiatives.html", pagination=pagination, initiatives=pagination.items,
                           unit_id=unit_id, units=_scope_units(blank="Tất cả đơn vị"))


def _author_choices():
    people = queries.people_choices(current_user)
    return [(None, "— Chọn tác giả —")] + [(p.id, f"{p.full_name} ({p.unit.name})") for p in people]


def _initiative_page(initiative: Initiative | None):
    editable = current_user.role == UNIT and (initiative is None or permissions.can_edit_unit(current_user,
                                                                                           initiative.unit_id))
    if request.method == "POST" and not editable:
        abort(403)
    form = InitiativeForm(obj=initiative if request.method == "GET" else None)
    if request.method == "GET":
        if initiative is None:
            form.unit_id.data = current_user.unit_id
            form.version.data = 0
        while len(form.authors) < max(3, len(initiative.authors) + 1 if initiative else 0):
            form.authors.append_entry()
    choices = _author_choices()
    if initiative is not None:  # an author who has moved on stays selectable
        present = {value for value, _ in choices}
        choices += [(a.person_id, f"{a.person.full_name} ({a.person.unit.name})") for a in initiative.authors
                    if a.person_id not in present]
    for row in form.authors:
        row.person_id.choices = choices
    form.unit_id.choices = _scope_units(blank="— Chọn đơn vị —") if editable else [
        (initiative.unit_id, initiative.unit.name)] if initiative else []
    if editable and form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        data = {name: getattr(form, name).data for name in initiative_service.INITIATIVE_FIELDS}
        try:
            if unit is None:
                raise ServiceError("Hãy chọn đơn vị.", field="unit_id")
            initiative = initiative_service.save_initiative(current_user, data, form.author_rows(), unit=unit,
                                                 initiative=initiative, uploads=form.files.data,
                                                 seen_version=_int(form.version.data))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu sáng kiến «{initiative.title}».", "success")
            form.files.flash_refused()
            return redirect(url_for(".initiative", initiative_id=initiative.id))
    return render_template("dossiers/initiative_form.html", form=form, initiative=initiative, editable=editable)


@bp.route("/ho-so/sang-kien/moi", methods=["GET", "POST"])
@roles_required(UNIT)
def initiative_new():
    return _initiative_page(None)


@bp.route("/ho-so/sang-kien/<int:initiative_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def initiative(initiative_id: int):
    initiative = db.session.scalar(select(Initiative).where(Initiative.id == initiative_id).options(
        joinedload(Initiative.unit), selectinload(Initiative.files),
        selectinload(Initiative.authors).joinedload(InitiativeAuthor.person).joinedload(Person.unit)))
    if initiative is None:
        abort(404)
    _require_read(initiative.unit_id)
    return _initiative_page(initiative)


@bp.route("/ho-so/sang-kien/<int:initiative_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def initiative_delete(initiative_id: int):
    initiative = get_or_404(Initiative, initiative_id)
    _require_edit(initiative.unit_id)
    title = initiative.title
    try:
        initiative_service.delete_initiative(current_user, initiative, _int(request.form.get("version")))
    except ServiceError as err:
        refuse(err)
        return redirect(url_for(".initiative", initiative_id=initiative_id))
    flash(f"Đã xóa sáng kiến «{title}».", "success")
    return redirect(url_for(".initiatives"))


@bp.route("/ho-so/sang-kien/<int:initiative_id>/tep/<int:file_id>")
@roles_required(*READERS)
def initiative_file(initiative_id: int, file_id: int):
    initiative = get_or_404(Initiative, initiative_id)
    _require_read(initiative.unit_id)
    return file_service.send_stored_file(_file_of(initiative, file_id))


@bp.route("/ho-so/sang-kien/<int:initiative_id>/tep/<int:file_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def initiative_file_delete(initiative_id: int, file_id: int):
    initiative = get_or_404(Initiative, initiative_id)
    _require_edit(initiative.unit_id)
    stored = _file_of(initiative, file_id)
    name = stored.original_name
    try:
        results_service.remove_file(current_user, initiative, stored)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Đã xóa tệp «{name}».", "success")
    return redirect(url_for(".initiative", initiative_id=initiative_id))


# --- nominations: lists ---------------------------------------------------------------------------


@bp.route("/ho-so/de-nghi")
@roles_required(*READERS)
def nominations():
    phase_id = _int(request.args.get("giai-doan"))
    status = request.args.get("trang-thai") if request.args.get("trang-thai") in STATUS_LABELS else None
    unit_id = _int(request.args.get("don-vi"))
    if unit_id is not None:
        _require_read(unit_id)
    query = queries.nominations_query(current_user, phase_id=phase_id, status=status, unit_id=unit_id)
    pagination = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    scope = permissions.unit_scope(current_user)
    return render_template("dossiers/nominations.html", pagination=pagination, nominations=pagination.items,
                           made_above={n.id for n in pagination.items if permissions.made_above(current_user, n,
                                                                                                   scope)},
                           phases=queries.phase_windows(), phase_id=phase_id, status=status, unit_id=unit_id,
                           units=_scope_units(blank="Tất cả đơn vị"), statuses=STATUS_LABELS,
                           counts=queries.status_counts(current_user, phase_id))


@bp.route("/tham-dinh")
@roles_required(*OFFICE)
def appraisal():
    phase_id = _int(request.args.get("giai-doan"))
    unit_id = _int(request.args.get("don-vi"))
    query = queries.appraisal_query(current_user, phase_id=phase_id, unit_id=unit_id)
    pagination = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("dossiers/appraisal.html", pagination=pagination, nominations=pagination.items,
                           duplicates=history_service.duplicate_flags(pagination.items),
                           phases=queries.phase_windows(), phase_id=phase_id, unit_id=unit_id,
                           units=_scope_units(blank="Tất cả đơn vị"),
                           counts=queries.status_counts(current_user, phase_id))


# --- nominations: a new one, and the eligibility panel --------------------------------------------


def _award_forms() -> list[AwardForm]:
    return list(db.session.scalars(select(AwardForm).where(AwardForm.active.is_(True))
                                   .order_by(AwardForm.position, AwardForm.id)))


@bp.route("/ho-so/de-nghi/moi", methods=["GET", "POST"])
@roles_required(UNIT)
def nomination_new():
    windows = queries.phase_windows(unit_id=current_user.unit_id)
    phases = [w.phase for w in windows if w.is_open]
    awards = _award_forms()
    people = queries.people_choices(current_user)
    form = NewNominationForm()
    form.phase_id.choices = [(p.id, f"{p.name} – {p.campaign.title}") for p in phases]
    form.award_form_id.choices = [(None, "— Chọn —")] + [(a.id, a.name) for a in awards]
    form.person_id.choices = [(None, "— Chọn cá nhân —")] + [
        (p.id, f"{p.full_name} – {', '.join(filter(None, (p.position, p.unit.name)))}") for p in people]
    form.nominee_unit_id.choices = _scope_units(blank="— Chọn tập thể —")
    if request.method == "GET":
        form.phase_id.data = _int(request.args.get("giai-doan")) or (phases[0].id if phases else None)
        person_id = _int(request.args.get("ca-nhan"))
        if person_id in {p.id for p in people}:
            form.person_id.data = person_id
        if request.args.get("loai") == "collective":
            form.nominee_kind.data = "collective"
    if phases and form.validate_on_submit():
        phase = db.session.get(Phase, form.phase_id.data)
        award = db.session.get(AwardForm, form.award_form_id.data)
        individual = form.nominee_kind.data == "individual"
        person = db.session.get(Person, form.person_id.data) if individual else None
        unit = None if individual else db.session.get(Unit, form.nominee_unit_id.data)
        try:
            nomination = nomination_service.create_nomination(current_user, phase=phase, award_form=award, nominee_unit=unit,
                                                   person=person)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã tạo hồ sơ đề nghị «{award.name}» cho {nomination.nominee_name}. Báo cáo thành tích đã được "
                  "điền sẵn từ kết quả và sáng kiến: hãy đọc lại, bổ sung rồi lưu.", "success")
            return redirect(url_for(".nomination_edit", nomination_id=nomination.id))
    return render_template("dossiers/nomination_new.html", form=form, windows=windows, phases=phases,
                           awards=awards, panel=_panel_for_choices(form) if phases else None)


def _panel_for_choices(form: NewNominationForm) -> dict:
    """The eligibility panel for what is chosen on the new-nomination form (nothing saved)."""
    return _choices_panel(form.phase_id.data, form.award_form_id.data, form.nominee_kind.data,
                          form.person_id.data, form.nominee_unit_id.data, forbid=False)


def _choices_panel(phase_id, award_form_id, kind, person_id, unit_id, forbid: bool = True) -> dict:
    """The panel for a nominee chosen on the form; someone outside the officer's unit: 403 (`forbid`), or
    the prompt when the whole page is being shown again with the form's error."""
    prompt = {"prompt": "Chọn giai đoạn, danh hiệu hoặc hình thức và người (tập thể) được đề nghị để xem điều "
                        "kiện, tiêu chuẩn."}
    phase = db.session.get(Phase, phase_id) if phase_id else None
    award = db.session.get(AwardForm, award_form_id) if award_form_id else None
    person = db.session.get(Person, person_id) if person_id and kind == "individual" else None
    unit = db.session.get(Unit, unit_id) if unit_id and kind == "collective" else None
    if phase is None or award is None or (person is None and unit is None):
        return prompt
    if not permissions.can_edit_unit(current_user, person.unit_id if person else unit.id):
        if forbid:
            abort(403)
        return prompt
    if award.applies_to not in (kind, "both"):
        label = "cá nhân" if kind == "individual" else "tập thể"
        return {"prompt": f"«{award.name}» không áp dụng cho {label}."}
    verdict = facts.eligibility_for(phase, award, person=person, unit=unit)
    return {"verdict": verdict, "award": award, "quota": facts.quota_use(phase, award, current_user.unit_id),
            "nominee": person.full_name if person else unit.name}


def _nomination_panel(nomination: Nomination, members_complete=facts._UNCHANGED) -> dict:
    return {"verdict": facts.eligibility(nomination, members_complete), "award": nomination.award_form,
            "quota": facts.quota_use(nomination.phase, nomination.award_form, nomination.unit_id),
            "nominee": nomination.nominee_name, "registered": registration_service.registered(nomination)}


@bp.route("/ho-so/de-nghi/dieu-kien")
@roles_required(*READERS)
def eligibility_panel():
    """The eligibility panel alone, re-rendered by htmx as the officer chooses (GET: it changes nothing)."""
    nomination_id = _int(request.args.get("ho-so"))
    if nomination_id is not None:
        nomination = _nomination_or_404(nomination_id)
        if "members_complete" in request.args and nomination.nominee_kind == "collective":
            panel = _nomination_panel(nomination, members_complete_value(request.args.get("members_complete")))
        else:
            panel = _nomination_panel(nomination)
    else:
        if current_user.role != UNIT:
            abort(403)
        panel = _choices_panel(_int(request.args.get("phase_id")), _int(request.args.get("award_form_id")),
                               request.args.get("nominee_kind"), _int(request.args.get("person_id")),
                               _int(request.args.get("nominee_unit_id")))
    return render_template("dossiers/_eligibility.html", panel=panel)


# --- nominations: one dossier ---------------------------------------------------------------------


def _dossier_context(nomination: Nomination, members_complete=facts._UNCHANGED) -> dict:
    gaps = sheets.dossier_gaps(nomination) if nomination.unit_may_edit else []
    returns = [e for e in nomination.events if e.action == "returned"]
    return {
        "nomination": nomination,
        "sheet": sheets.nomination_sheet(nomination),
        "initiatives": facts.nominee_initiatives(nomination),
        "awards": facts.prior_awards(nomination),
        "sanctions": facts.sanctions_of(nomination),
        "panel": _nomination_panel(nomination, members_complete),
        "window": queries.with_window(nomination.phase, unit_id=nomination.unit_id),
        "gaps": gaps,
        "last_return": returns[-1] if returns and nomination.status == NominationStatus.RETURNED else None,
        "can_write": permissions.can_edit_unit(current_user, nomination.unit_id),
        "made_above": permissions.made_above(current_user, nomination),
        "may_edit": permissions.can_edit_nomination(current_user, nomination),
        "may_withdraw": nomination.status == NominationStatus.SUBMITTED
        and bool(permissions.can_act(current_user, nomination, Action.WITHDRAW)),
        "council_outcome": ranking_service.unit_outcomes(current_user, nomination),
    }


@bp.route("/ho-so/de-nghi/<int:nomination_id>")
@roles_required(*READERS)
def nomination(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    return _dossier_page(nomination)


def _dossier_page(nomination: Nomination, return_form: ReturnForm | None = None,
                  accept_form: AcceptForm | None = None, status: int = 200,
                  withdraw_form: WithdrawForm | None = None):
    context = _dossier_context(nomination)
    if context["may_withdraw"] and withdraw_form is None:
        withdraw_form = WithdrawForm(formdata=None)
        withdraw_form.version.data = nomination.version
    if current_user.role in OFFICE and nomination.status == NominationStatus.SUBMITTED:
        if return_form is None:
            return_form = ReturnForm(formdata=None)
            return_form.version.data = nomination.version
        if accept_form is None:
            accept_form = AcceptForm(formdata=None)
            accept_form.version.data = nomination.version
    duplicates = history_service.duplicate_flags([nomination]).get(nomination.id, []) if return_form else []
    return render_template("dossiers/nomination.html", return_form=return_form, accept_form=accept_form,
                           duplicates=duplicates,
                           withdraw_form=withdraw_form if context["may_withdraw"] else None, **context), status


def _award_record_form(formdata=True) -> AwardRecordForm:
    form = AwardRecordForm(prefix="kt") if formdata else AwardRecordForm(formdata=None, prefix="kt")
    form.award_form_id.choices = [(None, "— Ghi tên theo quyết định —")] + [
        (a.id, a.name) for a in db.session.scalars(select(AwardForm).order_by(AwardForm.position, AwardForm.id))]
    return form


def _edit_page(nomination: Nomination, form: NominationForm | None = None,
               award_form: AwardRecordForm | None = None, sanction_form: SanctionForm | None = None):
    if form is None:
        form = NominationForm(formdata=None)
        form.version.data = nomination.version
        form.duties.data, form.summary.data = nomination.duties, nomination.summary
        form.members_complete.data = members_complete_choice(nomination.members_complete)
    members_complete = facts._UNCHANGED
    if nomination.nominee_kind == "collective":
        members_complete = members_complete_value(form.members_complete.data)
    context = _dossier_context(nomination, members_complete)
    return render_template("dossiers/nomination_edit.html", form=form,
                           award_form=award_form or _award_record_form(formdata=False),
                           sanction_form=sanction_form or SanctionForm(formdata=None, prefix="kl"), **context)


@bp.route("/ho-so/de-nghi/<int:nomination_id>/sua", methods=["GET", "POST"])
@roles_required(UNIT)
def nomination_edit(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    if request.method == "GET":
        if not nomination.unit_may_edit:
            flash("Hồ sơ đã nộp nên đã khóa. Chờ Văn phòng thẩm định hoặc trả lại để bổ sung.", "warning")
            return redirect(url_for(".nomination", nomination_id=nomination.id))
        return _edit_page(nomination)
    form = NominationForm()
    if form.validate_on_submit():
        data = {"duties": form.duties.data or "", "summary": form.summary.data or ""}
        if nomination.nominee_kind == "collective":
            data["members_complete"] = members_complete_value(form.members_complete.data)
        try:
            nomination_service.update_nomination(current_user, nomination, data, uploads=form.files.data,
                                      seen_version=_int(form.version.data))
        except ServiceError as err:
            refuse(err, form)
            nomination = _nomination_or_404(nomination_id)
        else:
            flash("Đã lưu hồ sơ.", "success")
            form.files.flash_refused()
            return redirect(url_for(".nomination_edit", nomination_id=nomination.id))
    return _edit_page(nomination, form=form)


@bp.route("/ho-so/de-nghi/<int:nomination_id>/nop", methods=["POST"])
@roles_required(UNIT)
def nomination_submit(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    resubmit = nomination.status == NominationStatus.RETURNED
    try:
        nomination_service.submit_nomination(current_user, nomination, _int(request.form.get("version")))
    except ServiceError as err:
        refuse(err)
        return redirect(url_for(".nomination_edit" if nomination.unit_may_edit else ".nomination",
                                nomination_id=nomination_id))
    flash(("Đã nộp lại hồ sơ" if resubmit else "Đã nộp hồ sơ") + f" của {nomination.nominee_name}. Hồ sơ đã khóa, "
          "chờ Văn phòng thẩm định.", "success")
    warning = nomination_service.unmet_conditions_warning(facts.eligibility(nomination), nomination.nominee_name)
    if warning:
        flash(warning, "warning")
    return redirect(url_for(".nomination", nomination_id=nomination_id))


@bp.route("/ho-so/de-nghi/<int:nomination_id>/rut", methods=["GET", "POST"])
@roles_required(UNIT)
@reopens_at(".nomination", "#rut-ho-so")
def nomination_withdraw(nomination_id: int):
    """The unit takes back a submitted dossier (before the office acts on it), with its reason."""
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            nomination_service.withdraw_nomination(current_user, nomination, form.reason.data or "",
                                                   _int(form.version.data))
        except ServiceError as err:
            if isinstance(err, PermissionDenied) or db.session.get(
                    Nomination, nomination_id).status != NominationStatus.SUBMITTED:
                refuse(err)
                return redirect(url_for(".nomination", nomination_id=nomination_id))
            form.apply_service_error(err)
        else:
            flash(f"Đã rút hồ sơ của {nomination.nominee_name}. Hồ sơ trở về trạng thái đang soạn: sửa xong hãy "
                  "nộp lại trước khi hết hạn.", "success")
            return redirect(url_for(".nomination", nomination_id=nomination_id))
    return _dossier_page(_nomination_or_404(nomination_id), withdraw_form=form, status=200)


@bp.route("/ho-so/de-nghi/<int:nomination_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def nomination_delete(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    name = nomination.nominee_name
    try:
        nomination_service.delete_nomination(current_user, nomination, _int(request.form.get("version")))
    except ServiceError as err:
        refuse(err)
        return redirect(url_for(".nomination", nomination_id=nomination_id))
    flash(f"Đã xóa hồ sơ đề nghị của {name}.", "success")
    return redirect(url_for(".nominations"))


@bp.route("/ho-so/de-nghi/<int:nomination_id>/khen-thuong", methods=["GET", "POST"])
@roles_required(UNIT)
@reopens_at(".nomination_edit", "#khen-thuong")
def award_record_add(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    form = _award_record_form()
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in ("year", "award_form_id", "title", "decision_number",
                                                            "decision_date", "issuer")}
        try:
            nomination_service.add_award_record(current_user, nomination, data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã thêm khen thưởng đã đạt.", "success")
            return redirect(url_for(".nomination_edit", nomination_id=nomination_id) + "#khen-thuong")
    return _edit_page(_nomination_or_404(nomination_id), award_form=form)


@bp.route("/ho-so/de-nghi/<int:nomination_id>/khen-thuong/<int:record_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def award_record_delete(nomination_id: int, record_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    record = get_or_404(AwardRecord, record_id)
    try:
        nomination_service.delete_award_record(current_user, nomination, record)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã xóa khen thưởng đã đạt.", "success")
    return redirect(url_for(".nomination_edit", nomination_id=nomination_id) + "#khen-thuong")


@bp.route("/ho-so/de-nghi/<int:nomination_id>/ky-luat", methods=["GET", "POST"])
@roles_required(UNIT)
@reopens_at(".nomination_edit", "#ky-luat")
def sanction_add(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    form = SanctionForm(prefix="kl")
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in ("level", "decided_on", "decision_number", "note")}
        try:
            nomination_service.add_sanction(current_user, nomination, data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã ghi kỷ luật.", "success")
            return redirect(url_for(".nomination_edit", nomination_id=nomination_id) + "#ky-luat")
    return _edit_page(_nomination_or_404(nomination_id), sanction_form=form)


@bp.route("/ho-so/de-nghi/<int:nomination_id>/ky-luat/<int:sanction_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def sanction_delete(nomination_id: int, sanction_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    sanction = get_or_404(Sanction, sanction_id)
    try:
        nomination_service.delete_sanction(current_user, nomination, sanction)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã xóa kỷ luật.", "success")
    return redirect(url_for(".nomination_edit", nomination_id=nomination_id) + "#ky-luat")


@bp.route("/ho-so/de-nghi/<int:nomination_id>/tep/<int:file_id>")
@roles_required(*READERS)
def nomination_file(nomination_id: int, file_id: int):
    nomination = _nomination_or_404(nomination_id)
    return file_service.send_stored_file(_file_of(nomination, file_id))


@bp.route("/ho-so/de-nghi/<int:nomination_id>/tep/<int:file_id>/xoa", methods=["POST"])
@roles_required(UNIT)
def nomination_file_delete(nomination_id: int, file_id: int):
    nomination = _nomination_or_404(nomination_id)
    _require_edit(nomination.unit_id)
    stored = _file_of(nomination, file_id)
    name = stored.original_name
    try:
        results_service.remove_file(current_user, nomination, stored)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Đã xóa tệp «{name}».", "success")
    return redirect(url_for(".nomination_edit" if nomination.unit_may_edit else ".nomination",
                            nomination_id=nomination_id))


# --- the office's appraisal -----------------------------------------------------------------------


def _appraisable(err: ServiceError, nomination_id: int) -> bool:
    """After a refused appraisal: True to show the form again with the message (the dossier still waits),
    False when the dossier is no longer waiting (the message is flashed)."""
    if not isinstance(err, PermissionDenied) and (
            db.session.get(Nomination, nomination_id).status == NominationStatus.SUBMITTED):
        return True
    refuse(err)
    return False


@bp.route("/ho-so/de-nghi/<int:nomination_id>/chap-nhan", methods=["GET", "POST"])
@roles_required(*OFFICE)
@reopens_at(".nomination", "#tham-dinh")
def nomination_accept(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            nomination_service.accept_nomination(current_user, nomination, form.note.data or "", _int(form.version.data))
        except ServiceError as err:
            if not _appraisable(err, nomination_id):
                return redirect(url_for(".nomination", nomination_id=nomination_id))
            form.apply_service_error(err)
        else:
            flash(f"Đã thẩm định đạt hồ sơ của {nomination.nominee_name}: hồ sơ chuyển Hội đồng xét.", "success")
            return redirect(url_for(".appraisal"))
    return _dossier_page(_nomination_or_404(nomination_id), accept_form=form)


@bp.route("/ho-so/de-nghi/<int:nomination_id>/tra-lai", methods=["GET", "POST"])
@roles_required(*OFFICE)
@reopens_at(".nomination", "#tham-dinh")
def nomination_return(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            nomination_service.return_nomination(current_user, nomination, form.point_rows(), form.note.data or "",
                                      _int(form.version.data))
        except ServiceError as err:
            if not _appraisable(err, nomination_id):
                return redirect(url_for(".nomination", nomination_id=nomination_id))
            form.apply_service_error(err)
        else:
            flash(f"Đã trả lại hồ sơ của {nomination.nominee_name} để đơn vị bổ sung, sửa chữa.", "success")
            return redirect(url_for(".appraisal"))
    return _dossier_page(_nomination_or_404(nomination_id), return_form=form)


# --- 5. the achievement report (.docx) -------------------------------------------------------------
# services/reports.py reads the dossier, campaign/documents/ writes the document (Decree 30/2020 layout).

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/ho-so/de-nghi/<int:nomination_id>/bao-cao-thanh-tich.docx")
@roles_required(*READERS)
def achievement_report(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    data = reports.achievement_report_docx(nomination)
    return send_file(io.BytesIO(data), mimetype=DOCX_TYPE, as_attachment=True, max_age=0,
                     download_name=reports.report_filename(nomination))
