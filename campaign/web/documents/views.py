"""Views of the office's documents: thin, every write through services/decisions.py."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ... import permissions
from ...models import DocumentKind, DocumentStatus, SessionStatus
from ...services import ServiceError, audit, decisions, files, fund, pdf
from ...services import documents as registry
from ...services.ranking import load_session
from .. import get_or_404, page_number, refuse, reopens_at
from ..forms import BaseForm
from . import bp

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


REQUIRED = {"subject": "Hãy nhập trích yếu của văn bản."}


class IssueForm(BaseForm):
    version = HiddenField()
    number = StringField("Số văn bản", validators=[Optional(), Length(max=10)],
                         render_kw={"inputmode": "numeric", "placeholder": "05", "autocomplete": "off"})
    issued_on = StringField("Ngày ký", validators=[Optional(), Length(max=20)],
                            render_kw={"placeholder": "ngày/tháng/năm", "autocomplete": "off"})
    scan = FileField("Bản đã ký (tùy chọn: PDF, JPG, PNG)",
                     render_kw={"accept": files.ACCEPT_ATTRIBUTE})


class OutcomeForm(BaseForm):
    version = HiddenField()
    number = StringField("Số, ký hiệu quyết định của cấp trên", validators=[Optional(), Length(max=60)],
                         render_kw={"placeholder": "125/QĐ-UBND"})
    issued_on = StringField("Ngày quyết định", validators=[Optional(), Length(max=20)],
                            render_kw={"placeholder": "ngày/tháng/năm"})


class VersionForm(BaseForm):
    version = HiddenField()


def texts_form(document, formdata=None):
    """A form of the document's editable texts (services.documents' fields), the signer when it has one."""

    class TextsForm(BaseForm):
        version = HiddenField()

    for field in registry.fields_of(document):
        limit = decisions.LIMITS.get(field.key, decisions.TEXT_LIMIT)
        kind = TextAreaField if field.multiline else StringField
        render = {"rows": 5} if field.multiline else {}
        first = DataRequired(REQUIRED[field.key]) if field.key in REQUIRED else Optional()
        setattr(TextsForm, field.key, kind(field.label, validators=[first, Length(max=limit)],
                                           render_kw=render, description=field.help))
    if document.kind in (DocumentKind.DECISION, DocumentKind.SUBMISSION) and document.authority != "board":
        TextsForm.signer_id = SelectField("Người ký", choices=decisions.signer_choices(), validate_choice=False)
    form = TextsForm(formdata=formdata, prefix="vb")
    if formdata is None:
        texts = decisions.texts_of(document)
        for field in form:
            if field.name.startswith("vb-") and field.short_name in texts:
                field.data = texts[field.short_name]
        form.version.data = document.version
    return form


def _document_or_404(document_id: int):
    permissions.can_read_documents(current_user).require()
    document = decisions.load_document(document_id)
    if document is None:
        abort(404)
    return document


def _session_or_404(session_id: int):
    permissions.can_read_documents(current_user).require()
    session = load_session(session_id)
    if session is None:
        abort(404)
    return session


# --- the register -------------------------------------------------------------------------------------


@bp.route("/van-ban")
@login_required
def register():
    permissions.can_read_documents(current_user).require()
    query = request.args.get("q", "")[:200]
    kind = request.args.get("loai", "")
    status = request.args.get("trang-thai", "")
    year_text = request.args.get("nam", "")
    year = int(year_text) if year_text.isdigit() and 1945 <= int(year_text) <= 2100 else None
    result = decisions.register(query=query, kind=kind, year=year, status=status, page=page_number())
    return render_template("documents/register.html", result=result, query=query, kind=kind, status=status,
                           year=year_text if year else "", kinds=DocumentKind.LABELS,
                           statuses=DocumentStatus.LABELS)


# --- a session's documents ------------------------------------------------------------------------------


def _session_page(session, status: int = 200):
    documents = decisions.session_documents(session)
    may_draft = bool(permissions.can_draft_documents(current_user)) and session.status == SessionStatus.APPROVED
    pending = decisions.undrafted_count(session) if may_draft else 0
    return render_template("documents/session.html", session=session, documents=documents, may_draft=may_draft,
                           pending=pending), status


@bp.route("/van-ban/phien/<int:session_id>")
@login_required
def session_documents(session_id: int):
    return _session_page(_session_or_404(session_id))


@bp.route("/van-ban/phien/<int:session_id>/lap-du-thao", methods=["GET", "POST"])
@login_required
@reopens_at("documents.session_documents")
def draft(session_id: int):
    session = _session_or_404(session_id)
    if not VersionForm().validate_on_submit():
        abort(400)
    try:
        created = decisions.draft_session_documents(current_user, session)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("documents.session_documents", session_id=session.id))
    flash(f"Đã lập {len(created)} dự thảo văn bản." if created else "Mọi văn bản của phiên họp đã được lập.",
          "success")
    return redirect(url_for("documents.session_documents", session_id=session.id))


# --- one document ------------------------------------------------------------------------------------------


def _page(document, *, form=None, issue_form=None, outcome_form=None, status: int = 200):
    may_edit = bool(permissions.can_draft_documents(current_user))
    texts = decisions.texts_of(document)
    if may_edit and not document.is_issued:
        form = form or texts_form(document)
        if issue_form is None:
            issue_form = IssueForm(formdata=None)
            issue_form.version.data = document.version
            issue_form.issued_on.data = ""
    else:
        form = issue_form = None
    if may_edit and document.is_issued and document.kind == DocumentKind.SUBMISSION \
            and document.authority != "board" and not document.outcome_number and outcome_form is None:
        outcome_form = OutcomeForm(formdata=None)
        outcome_form.version.data = document.version
    amounts = decisions.amounts(document) if document.kind == DocumentKind.DECISION else {}
    total = sum(a for a in amounts.values() if a)
    fund_warning = fund.draft_warning(document, total) if issue_form is not None else None
    return render_template(
        "documents/document.html", document=document, texts=texts, form=form, issue_form=issue_form,
        outcome_form=outcome_form if may_edit else None, amounts=amounts, total=total,
        total_words=decisions.money_in_words(total), may_edit=may_edit,
        counts=decisions.counts_text(*decisions.entry_counts(document)),
        placeholders=decisions.placeholders(texts), position_unit=decisions.position_unit,
        has_list=document.kind in (DocumentKind.DECISION, DocumentKind.SUBMISSION),
        pdf_ready=pdf.converter() is not None, history=decisions.history(document),
        replacements=decisions.replacements(document), audit_label=audit.action_label,
        fund_warning=fund_warning), status


@bp.route("/van-ban/<int:document_id>")
@login_required
def document(document_id: int):
    return _page(_document_or_404(document_id))


@bp.route("/van-ban/<int:document_id>/sua", methods=["GET", "POST"])
@login_required
@reopens_at("documents.document")
def edit(document_id: int):
    document = _document_or_404(document_id)
    permissions.can_draft_documents(current_user).require()
    form = texts_form(document, formdata=request.form)
    if not form.validate_on_submit():
        return _page(document, form=form, status=422)
    # Only the texts the form sent: a field left out of the request keeps its text.
    data = {field.short_name: field.data or "" for field in form if field.name in request.form
            and field.short_name not in ("version", "csrf_token")}
    try:
        decisions.update_texts(current_user, document, data, seen_version=form.version.data)
    except ServiceError as err:
        if document.is_issued:  # nothing of the form applies any more: say why on the document's page
            refuse(err)
            return redirect(url_for("documents.document", document_id=document.id))
        refuse(err, form)
        return _page(decisions.load_document(document_id) or document, form=form, status=422)
    flash("Đã lưu nội dung dự thảo.", "success")
    return redirect(url_for("documents.document", document_id=document.id))


@bp.route("/van-ban/<int:document_id>/ban-hanh", methods=["GET", "POST"])
@login_required
@reopens_at("documents.document")
def issue(document_id: int):
    document = _document_or_404(document_id)
    permissions.can_draft_documents(current_user).require()
    form = IssueForm()
    if not form.validate_on_submit():
        return _page(document, issue_form=form, status=422)
    try:
        decisions.issue(current_user, document, number_text=form.number.data or "",
                        date_text=form.issued_on.data or "", scan=form.scan.data, seen_version=form.version.data)
    except ServiceError as err:
        refuse(err, form)
        return _page(decisions.load_document(document_id) or document, issue_form=form, status=422)
    flash("Đã ban hành văn bản: bản Word được lưu cố định cùng mã SHA-256.", "success")
    return redirect(url_for("documents.document", document_id=document.id))


@bp.route("/van-ban/<int:document_id>/quyet-dinh-cap-tren", methods=["GET", "POST"])
@login_required
@reopens_at("documents.document")
def outcome(document_id: int):
    document = _document_or_404(document_id)
    permissions.can_draft_documents(current_user).require()
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _page(document, outcome_form=form, status=422)
    try:
        decisions.record_outcome(current_user, document, number_text=form.number.data or "",
                                 date_text=form.issued_on.data or "", seen_version=form.version.data)
    except ServiceError as err:
        refuse(err, form)
        return _page(decisions.load_document(document_id) or document, outcome_form=form, status=422)
    flash("Đã ghi quyết định của cấp trên: các tập thể, cá nhân trong Tờ trình đã được khen thưởng.", "success")
    return redirect(url_for("documents.document", document_id=document.id))


@bp.route("/van-ban/<int:document_id>/bo/<int:entry_id>", methods=["GET", "POST"])
@login_required
@reopens_at("documents.document")
def remove_entry(document_id: int, entry_id: int):
    document = _document_or_404(document_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        decisions.remove_entry(current_user, document, entry_id, seen_version=form.version.data)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã bỏ khỏi danh sách dự thảo.", "success")
    return redirect(url_for("documents.document", document_id=document_id) + "#danh-sach")


@bp.route("/van-ban/<int:document_id>/thay-the", methods=["GET", "POST"])
@login_required
@reopens_at("documents.document")
def replace(document_id: int):
    document = _document_or_404(document_id)
    if not VersionForm().validate_on_submit():
        abort(400)
    try:
        new = decisions.replace_issued(current_user, document)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("documents.document", document_id=document_id))
    flash("Đã lập dự thảo văn bản thay thế: sửa nội dung rồi ban hành với số, ngày mới.", "success")
    return redirect(url_for("documents.document", document_id=new.id))


@bp.route("/van-ban/<int:document_id>/huy", methods=["GET", "POST"])
@login_required
@reopens_at("documents.document")
def discard(document_id: int):
    document = _document_or_404(document_id)
    if not VersionForm().validate_on_submit():
        abort(400)
    session_id = document.session_id
    try:
        decisions.discard_draft(current_user, document)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("documents.document", document_id=document_id))
    flash("Đã hủy dự thảo; các hồ sơ trở lại danh sách được Hội đồng đề nghị.", "success")
    if session_id:
        return redirect(url_for("documents.session_documents", session_id=session_id))
    return redirect(url_for("documents.register"))


# --- downloads -----------------------------------------------------------------------------------------------


def _send(data: bytes, name: str, mimetype: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)


@bp.route("/van-ban/<int:document_id>/tai/van-ban.docx")
@login_required
def download_docx(document_id: int):
    document = _document_or_404(document_id)
    if document.is_issued:
        return files.send_stored_file(document.file)
    return _send(decisions.docx_bytes(document), decisions.filename(document), DOCX)


@bp.route("/van-ban/<int:document_id>/tai/van-ban.pdf")
@login_required
def download_pdf(document_id: int):
    document = _document_or_404(document_id)
    try:
        data = pdf.docx_to_pdf(decisions.docx_bytes(document))
    except ServiceError as err:
        flash(err.message, "error")
        return redirect(url_for("documents.document", document_id=document.id))
    return _send(data, decisions.filename(document, "pdf"), "application/pdf")


@bp.route("/van-ban/<int:document_id>/tai/danh-sach.xlsx")
@login_required
def download_list(document_id: int):
    document = _document_or_404(document_id)
    if document.kind not in (DocumentKind.DECISION, DocumentKind.SUBMISSION):
        abort(404)
    return _send(registry.list_xlsx(document), decisions.filename(document, "xlsx"), XLSX)


@bp.route("/van-ban/<int:document_id>/tai/ho-so.zip")
@login_required
def download_bundle(document_id: int):
    document = _document_or_404(document_id)
    if document.kind != DocumentKind.SUBMISSION:
        abort(404)
    name = decisions.filename(document, "zip").replace(".zip", "-ho-so.zip")
    return _send(decisions.bundle_zip(document), name, "application/zip")


@bp.route("/van-ban/<int:document_id>/tai/ban-ky")
@login_required
def download_scan(document_id: int):
    document = _document_or_404(document_id)
    if document.scan_file is None:
        abort(404)
    return files.send_stored_file(document.scan_file)


# --- the reviews and the plans' progress reports --------------------------------------------------------------


@bp.route("/van-ban/bao-cao")
@login_required
def reports():
    permissions.can_read_documents(current_user).require()
    from ...services import progress_report

    campaigns = decisions.campaigns_for_reports()
    plans = {c.id: [(plan, progress_report.reporting_periods(plan)) for plan in progress_report.campaign_plans(c)]
             for c in campaigns}
    existing = decisions.report_documents()
    return render_template("documents/reports.html", campaigns=campaigns, plans=plans, existing=existing,
                           may_draft=bool(permissions.can_draft_documents(current_user)))


@bp.route("/van-ban/giai-doan/<int:phase_id>")
@login_required
def phase_review(phase_id: int):
    permissions.can_read_documents(current_user).require()
    from ...models import Phase
    from ...services.review_report import review_figures

    phase = get_or_404(Phase, phase_id)
    document = decisions.report_documents().get(("review", phase.id))
    return render_template("documents/phase_review.html", phase=phase, figures=review_figures(phase),
                           document=document, may_draft=bool(permissions.can_draft_documents(current_user)))


@bp.route("/van-ban/giai-doan/<int:phase_id>/lap-bao-cao", methods=["GET", "POST"])
@login_required
@reopens_at("documents.phase_review")
def draft_review(phase_id: int):
    from ...models import Phase

    phase = get_or_404(Phase, phase_id)
    if not VersionForm().validate_on_submit():
        abort(400)
    try:
        document = decisions.draft_review(current_user, phase)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("documents.phase_review", phase_id=phase.id))
    return redirect(url_for("documents.document", document_id=document.id))


@bp.route("/van-ban/ke-hoach/<int:campaign_id>/<plan_key>/<period>/lap-bao-cao", methods=["GET", "POST"])
@login_required
@reopens_at("documents.reports")
def draft_progress(campaign_id: int, plan_key: str, period: str):
    from ...models import Campaign

    campaign = get_or_404(Campaign, campaign_id)
    if not VersionForm().validate_on_submit():
        abort(400)
    try:
        document = decisions.draft_progress(current_user, campaign, plan_key, period)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("documents.reports"))
    return redirect(url_for("documents.document", document_id=document.id))
