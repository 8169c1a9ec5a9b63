"""Campaign set-up pages: campaigns, phases, criteria, the award-form catalogue, the base salary.

Everyone logged in reads launched campaigns; only the office and admin see drafts and change anything.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import (
    CONDITION_KINDS,
    AwardCondition,
    AwardForm,
    AwardQuota,
    BaseSalaryRate,
    Campaign,
    CampaignStatus,
    Criterion,
    CriterionGroup,
    Phase,
    Role,
    local_now,
)
from ...permissions import can_manage_org
from ...rules.calendar import window_state
from ...rules.criteria import CriterionPoints, points_by_kind
from ...rules.setup import (
    AWARD_FORM,
    CAMPAIGN,
    CRITERION,
    PHASE,
    TARGET,
    Stage,
    correction_problem,
    lock_note,
)
from ...services import ServiceError
from ...services import awards as award_service
from ...services import setup as setup_service
from .. import get_or_404, refuse, reopens_at, roles_required
from .forms import (
    AwardFormForm,
    BaseSalaryForm,
    CampaignForm,
    ConditionForm,
    CopyCampaignForm,
    GroupForm,
    PhaseForm,
    QuotaForm,
    correction_form_class,
    criterion_form_class,
)

bp = Blueprint("setup", __name__)
MANAGERS = Role.MANAGERS


def _campaign_or_404(campaign_id: int) -> Campaign:
    """The campaign with its phases, bases, groups, criteria and targets loaded in a fixed number of
    queries; drafts are visible to the office only."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.id == campaign_id).options(
        selectinload(Campaign.phases), selectinload(Campaign.legal_bases),
        selectinload(Campaign.groups).selectinload(CriterionGroup.criteria).selectinload(Criterion.targets),
    ))
    if campaign is None:
        abort(404)
    if campaign.status == CampaignStatus.DRAFT and not can_manage_org(current_user):
        abort(404)
    return campaign


def _fields(form, names):
    return {name: getattr(form, name).data for name in names if hasattr(form, name)}


# --- campaigns ----------------------------------------------------------------------------------


@bp.route("/phong-trao")
@login_required
def campaigns():
    query = select(Campaign).options(selectinload(Campaign.phases)).order_by(Campaign.start_date.desc(),
                                                                            Campaign.id.desc())
    if not can_manage_org(current_user):
        query = query.where(Campaign.status != CampaignStatus.DRAFT)
    return render_template("setup/campaigns.html", campaigns=db.session.scalars(query).all())


def _campaign_form_page(campaign: Campaign | None):
    form = CampaignForm(obj=campaign)
    if request.method == "GET" and campaign is not None:
        form.version.data = campaign.version
        form.legal_bases.data = "\n".join(b.text for b in campaign.legal_bases)
    if form.validate_on_submit():
        data = _fields(form, setup_service.CAMPAIGN_FIELDS)
        lines = (form.legal_bases.data or "").splitlines()
        try:
            if campaign is None:
                campaign = setup_service.create_campaign(current_user, data, lines)
            else:
                setup_service.update_campaign(current_user, campaign, data, lines, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu phong trào.", "success")
            return redirect(url_for("setup.campaign", campaign_id=campaign.id))
    locked = {}
    if campaign is not None:
        state = setup_service.campaign_state(campaign)
        locked = {name: lock_note(CAMPAIGN, name, state) for name in [*setup_service.CAMPAIGN_FIELDS, "legal_bases"]}
    return render_template("setup/campaign_form.html", form=form, campaign=campaign, locked=locked)


@bp.route("/phong-trao/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def campaign_new():
    return _campaign_form_page(None)


@bp.route("/phong-trao/<int:campaign_id>/sua", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def campaign_edit(campaign_id: int):
    return _campaign_form_page(get_or_404(Campaign, campaign_id))


@bp.route("/phong-trao/<int:campaign_id>")
@login_required
def campaign(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    now = local_now()
    windows = {p.id: window_state(p.nomination_opens_at, p.nomination_closes_at, now) for p in campaign.phases}
    problems = setup_service.launch_problems(campaign) if campaign.status == CampaignStatus.DRAFT else []
    return render_template("setup/campaign.html", campaign=campaign, windows=windows, problems=problems,
                           next_step=CampaignStatus.NEXT.get(campaign.status), can_manage=can_manage_org(current_user))


@bp.route("/phong-trao/<int:campaign_id>/trang-thai", methods=["POST"])
@roles_required(*MANAGERS)
def campaign_status(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    version = request.form.get("version", "")
    try:
        setup_service.advance_status(current_user, campaign, request.form.get("target", ""),
                                     int(version) if version.isdigit() else None)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Phong trào đã chuyển sang trạng thái «{campaign.status_label}».", "success")
    return redirect(url_for("setup.campaign", campaign_id=campaign_id))


@bp.route("/phong-trao/<int:campaign_id>/sao-chep", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def campaign_copy(campaign_id: int):
    source = get_or_404(Campaign, campaign_id)
    form = CopyCampaignForm()
    if request.method == "GET":
        form.title.data = f"{source.title} (bản sao)"
    if form.validate_on_submit():
        try:
            copy = setup_service.copy_campaign(current_user, source, form.title.data, form.start_year.data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã tạo phong trào «{copy.title}» từ bản sao. Phong trào mới ở trạng thái dự thảo.", "success")
            return redirect(url_for("setup.campaign", campaign_id=copy.id))
    return render_template("setup/campaign_copy.html", form=form, source=source)


# --- phases -------------------------------------------------------------------------------------


def _phase_form_page(campaign: Campaign, phase: Phase | None):
    form = PhaseForm(obj=phase)
    if request.method == "GET" and phase is not None:
        form.version.data = phase.version
    if form.validate_on_submit():
        try:
            phase = setup_service.save_phase(current_user, campaign, _fields(form, setup_service.PHASE_FIELDS),
                                             phase, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu {phase.name}.", "success")
            return redirect(url_for("setup.campaign", campaign_id=campaign.id))
    locked = {}
    if phase is not None:
        state = setup_service.phase_state(phase)
        locked = {name: lock_note(PHASE, name, state) for name in setup_service.PHASE_FIELDS}
    return render_template("setup/phase_form.html", form=form, campaign=campaign, phase=phase, locked=locked)


@bp.route("/phong-trao/<int:campaign_id>/giai-doan/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def phase_new(campaign_id: int):
    return _phase_form_page(get_or_404(Campaign, campaign_id), None)


@bp.route("/giai-doan/<int:phase_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def phase_edit(phase_id: int):
    phase = get_or_404(Phase, phase_id)
    return _phase_form_page(phase.campaign, phase)


@bp.route("/giai-doan/<int:phase_id>/xoa", methods=["POST"])
@roles_required(*MANAGERS)
def phase_delete(phase_id: int):
    phase = get_or_404(Phase, phase_id)
    campaign_id = phase.campaign_id
    try:
        setup_service.delete_phase(current_user, phase)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã xóa giai đoạn.", "success")
    return redirect(url_for("setup.campaign", campaign_id=campaign_id))


@bp.route("/phong-trao/<int:campaign_id>/chuyen-chi-tieu", methods=["POST"])
@roles_required(*MANAGERS)
def carry_targets(campaign_id: int):
    source = db.session.get(Phase, request.form.get("source", type=int) or 0)
    target = db.session.get(Phase, request.form.get("target", type=int) or 0)
    if source is None or target is None or source.campaign_id != campaign_id:
        flash("Hãy chọn hai giai đoạn của phong trào.", "error")
    else:
        try:
            carried = setup_service.carry_targets(current_user, source, target)
        except ServiceError as err:
            refuse(err)
        else:
            flash(f"Đã chuyển {carried} chỉ tiêu từ {source.name} sang {target.name}.", "success")
    return redirect(url_for("setup.criteria", campaign_id=campaign_id))


# --- criteria -----------------------------------------------------------------------------------


def _sums(campaign: Campaign, excluding: Criterion | None = None) -> dict[str, Decimal]:
    return points_by_kind(
        CriterionPoints(c.code, c.applies_to, c.max_points, c.retired)
        for g in campaign.groups for c in g.criteria if c is not excluding
    )


@bp.route("/phong-trao/<int:campaign_id>/tieu-chi")
@login_required
def criteria(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    others = []
    if can_manage_org(current_user):
        others = db.session.scalars(select(Campaign).where(Campaign.id != campaign.id).order_by(Campaign.id)).all()
    state = setup_service.campaign_state(campaign)
    return render_template("setup/criteria.html", campaign=campaign, sums=_sums(campaign), others=others,
                           can_manage=can_manage_org(current_user),
                           frozen=lock_note(CRITERION, "max_points", state) is not None,
                           correctable=state.stage == Stage.LAUNCHED and not state.session_opened)


def _criterion_locks(campaign: Campaign, criterion: Criterion | None) -> dict[str, str | None]:
    """{form field: the note shown under it} for the fields an ordinary edit may no longer change."""
    if criterion is None:
        return {}
    state = setup_service.campaign_state(campaign)
    locked = {name: lock_note(CRITERION, name, state) for name in setup_service.CRITERION_FIELDS}
    for phase in campaign.phases:
        locked[f"target_{phase.id}"] = lock_note(TARGET, "value", setup_service.phase_state(phase))
    return {name: note for name, note in locked.items() if note}


def _criterion_form_page(campaign: Campaign, criterion: Criterion | None):
    form = criterion_form_class(campaign.phases)(obj=criterion)
    form.group_id.choices = [(g.id, f"{g.code}. {g.name}") for g in campaign.groups]
    if request.method == "GET":
        if criterion is not None:
            form.version.data = criterion.version
            for target in criterion.targets:
                getattr(form, f"target_{target.phase_id}").data = target.value
        elif request.args.get("group", type=int):
            form.group_id.data = request.args.get("group", type=int)
    if form.validate_on_submit():
        targets = {p.id: getattr(form, f"target_{p.id}").data for p in campaign.phases}
        try:
            criterion = setup_service.save_criterion(
                current_user, campaign, _fields(form, setup_service.CRITERION_FIELDS), targets, criterion,
                form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu tiêu chí {criterion.code}.", "success")
            return redirect(url_for("setup.criteria", campaign_id=campaign.id))
    target_fields = [getattr(form, f"target_{p.id}") for p in campaign.phases]
    locked = _criterion_locks(campaign, criterion)
    # Once the points are frozen the card shows the sums as saved, not a running sum of what is typed.
    frozen = "max_points" in locked
    sums = _sums(campaign) if frozen else _sums(campaign, excluding=criterion)
    state = setup_service.campaign_state(campaign)
    return render_template("setup/criterion_form.html", form=form, campaign=campaign, criterion=criterion,
                           target_fields=target_fields, sums=sums, locked=locked, frozen=frozen,
                           correctable=criterion is not None and state.stage == Stage.LAUNCHED)


def _correction_form_page(campaign: Campaign, criterion: Criterion):
    phases = [p for p in campaign.phases if criterion.is_quantitative]
    form = correction_form_class(phases)(obj=criterion)
    if request.method == "GET":
        form.version.data = criterion.version
        for target in criterion.targets:
            if hasattr(form, f"target_{target.phase_id}"):
                getattr(form, f"target_{target.phase_id}").data = target.value
    if form.validate_on_submit():
        data = _fields(form, setup_service.CORRECTABLE_FIELDS)
        targets = {p.id: getattr(form, f"target_{p.id}").data for p in phases}
        try:
            setup_service.correct_criterion(current_user, criterion, data, targets, form.reason.data,
                                            form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã sửa thiết lập của tiêu chí {criterion.code}; lý do đã được ghi vào nhật ký.", "success")
            return redirect(url_for("setup.criteria", campaign_id=campaign.id))
    state = setup_service.campaign_state(campaign)
    notes = {name: correction_problem(CRITERION, name, state) for name in setup_service.CORRECTABLE_FIELDS}
    for phase in phases:
        notes[f"target_{phase.id}"] = correction_problem(TARGET, "value", setup_service.phase_state(phase))
    return render_template("setup/criterion_correct.html", form=form, campaign=campaign, criterion=criterion,
                           target_fields=[getattr(form, f"target_{p.id}") for p in phases], notes=notes)


@bp.route("/tieu-chi/<int:criterion_id>/sua-thiet-lap", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def criterion_correct(criterion_id: int):
    criterion = get_or_404(Criterion, criterion_id)
    return _correction_form_page(db.session.get(Campaign, criterion.campaign_id), criterion)


@bp.route("/phong-trao/<int:campaign_id>/tieu-chi/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def criterion_new(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    if not campaign.groups:
        flash("Hãy thêm một nhóm tiêu chí trước.", "warning")
        return redirect(url_for("setup.group_new", campaign_id=campaign_id))
    return _criterion_form_page(campaign, None)


@bp.route("/tieu-chi/<int:criterion_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def criterion_edit(criterion_id: int):
    criterion = get_or_404(Criterion, criterion_id)
    return _criterion_form_page(db.session.get(Campaign, criterion.campaign_id), criterion)


@bp.route("/tieu-chi/<int:criterion_id>/<action>", methods=["POST"])
@roles_required(*MANAGERS)
def criterion_action(criterion_id: int, action: str):
    criterion = get_or_404(Criterion, criterion_id)
    campaign_id = criterion.campaign_id
    actions = {
        "len": lambda: setup_service.move_criterion(current_user, criterion, -1),
        "xuong": lambda: setup_service.move_criterion(current_user, criterion, +1),
        "ngung-dung": lambda: setup_service.set_criterion_retired(current_user, criterion, True),
        "dung-lai": lambda: setup_service.set_criterion_retired(current_user, criterion, False),
        "xoa": lambda: setup_service.delete_criterion(current_user, criterion),
    }
    if action not in actions:
        abort(404)
    try:
        actions[action]()
    except ServiceError as err:
        refuse(err)
    return redirect(url_for("setup.criteria", campaign_id=campaign_id))


@bp.route("/phong-trao/<int:campaign_id>/sao-chep-tieu-chi", methods=["POST"])
@roles_required(*MANAGERS)
def copy_criteria(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    source = db.session.get(Campaign, request.form.get("source_id", type=int) or 0)
    if source is None:
        flash("Hãy chọn phong trào để sao chép tiêu chí.", "error")
    else:
        try:
            copied = setup_service.copy_criteria(current_user, campaign, source)
        except ServiceError as err:
            refuse(err)
        else:
            flash(f"Đã sao chép {copied} tiêu chí từ «{source.title}».", "success")
    return redirect(url_for("setup.criteria", campaign_id=campaign_id))


def _group_form_page(campaign: Campaign, group: CriterionGroup | None):
    form = GroupForm(obj=group)
    if form.validate_on_submit():
        try:
            setup_service.save_group(current_user, campaign, _fields(form, setup_service.GROUP_FIELDS), group)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu nhóm tiêu chí.", "success")
            return redirect(url_for("setup.criteria", campaign_id=campaign.id))
    return render_template("setup/group_form.html", form=form, campaign=campaign, group=group)


@bp.route("/phong-trao/<int:campaign_id>/nhom/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def group_new(campaign_id: int):
    return _group_form_page(get_or_404(Campaign, campaign_id), None)


@bp.route("/nhom-tieu-chi/<int:group_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def group_edit(group_id: int):
    group = get_or_404(CriterionGroup, group_id)
    return _group_form_page(group.campaign, group)


@bp.route("/nhom-tieu-chi/<int:group_id>/xoa", methods=["POST"])
@roles_required(*MANAGERS)
def group_delete(group_id: int):
    group = get_or_404(CriterionGroup, group_id)
    campaign_id = group.campaign_id
    try:
        setup_service.delete_group(current_user, group)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã xóa nhóm tiêu chí.", "success")
    return redirect(url_for("setup.criteria", campaign_id=campaign_id))


# --- award forms --------------------------------------------------------------------------------


@bp.route("/hinh-thuc-khen-thuong")
@login_required
def award_forms():
    awards = db.session.scalars(select(AwardForm).options(
        selectinload(AwardForm.conditions).selectinload(AwardCondition.title),
        selectinload(AwardForm.quotas)).order_by(AwardForm.position, AwardForm.id)).all()
    rates = db.session.scalars(select(BaseSalaryRate).order_by(BaseSalaryRate.effective_from.desc())).all()
    return render_template("setup/award_forms.html", awards=awards, rates=rates, condition_kinds=CONDITION_KINDS,
                           can_manage=can_manage_org(current_user), salary_form=BaseSalaryForm())


def _award_choices():
    awards = db.session.scalars(select(AwardForm).order_by(AwardForm.position)).all()
    return [(None, "(Không)")] + [(a.id, a.name) for a in awards]


def _phase_choices():
    rows = db.session.execute(select(Phase, Campaign.title).join(Campaign).order_by(Campaign.start_date.desc(),
                                                                                    Phase.start_date)).all()
    return [(p.id, f"{p.name} – {title}") for p, title in rows]


def _award_form_page(award: AwardForm | None, condition_form: ConditionForm | None = None,
                     quota_form: QuotaForm | None = None):
    other_form = condition_form is not None or quota_form is not None
    form = AwardFormForm(formdata=None, obj=award) if other_form else AwardFormForm(obj=award)
    if request.method == "GET" or other_form:
        if award is not None:
            form.version.data = award.version
            form.threshold_percent.data = award.threshold_share * 100
        else:
            form.threshold_percent.data = Decimal(50)
            form.threshold_strict.data = True
    if not other_form and form.validate_on_submit():
        data = _fields(form, award_service.AWARD_FIELDS)
        data["threshold_share"] = (form.threshold_percent.data / 100).quantize(Decimal("0.0001"))
        try:
            award = award_service.save_award_form(current_user, data, award, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu hình thức «{award.name}».", "success")
            return redirect(url_for("setup.award_form_edit", award_id=award.id))
    if award is not None:
        if condition_form is None:
            condition_form = ConditionForm(prefix="condition", formdata=None)
            condition_form.title_id.choices = _award_choices()
        if quota_form is None:
            quota_form = QuotaForm(prefix="quota", formdata=None)
            quota_form.phase_id.choices = _phase_choices()
    locked = {}
    if award is not None:
        state = award_service.award_state(award)
        locked = {name: lock_note(AWARD_FORM, name, state) for name in award_service.AWARD_FIELDS}
        locked["threshold_percent"] = locked.pop("threshold_share")
    return render_template("setup/award_form.html", form=form, award=award, condition_form=condition_form,
                           quota_form=quota_form, condition_kinds=CONDITION_KINDS, phases=dict(_phase_choices()),
                           locked=locked)


@bp.route("/hinh-thuc-khen-thuong/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def award_form_new():
    return _award_form_page(None)


@bp.route("/hinh-thuc-khen-thuong/<int:award_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def award_form_edit(award_id: int):
    return _award_form_page(get_or_404(AwardForm, award_id))


@bp.route("/hinh-thuc-khen-thuong/<int:award_id>/dieu-kien", methods=["GET", "POST"])
@roles_required(*MANAGERS)
@reopens_at("setup.award_form_edit", "#dieu-kien")
def condition_add(award_id: int):
    award = get_or_404(AwardForm, award_id)
    form = ConditionForm(prefix="condition")
    form.title_id.choices = _award_choices()
    if form.validate_on_submit():
        try:
            award_service.add_condition(current_user, award, _fields(form, award_service.CONDITION_FIELDS))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã thêm điều kiện.", "success")
            return redirect(url_for("setup.award_form_edit", award_id=award_id))
    return _award_form_page(award, condition_form=form)


@bp.route("/dieu-kien/<int:condition_id>/xoa", methods=["POST"])
@roles_required(*MANAGERS)
def condition_delete(condition_id: int):
    condition = get_or_404(AwardCondition, condition_id)
    award_id = condition.award_form_id
    try:
        award_service.delete_condition(current_user, condition)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã xóa điều kiện.", "success")
    return redirect(url_for("setup.award_form_edit", award_id=award_id))


@bp.route("/hinh-thuc-khen-thuong/<int:award_id>/chi-tieu", methods=["GET", "POST"])
@roles_required(*MANAGERS)
@reopens_at("setup.award_form_edit", "#chi-tieu")
def quota_set(award_id: int):
    award = get_or_404(AwardForm, award_id)
    form = QuotaForm(prefix="quota")
    form.phase_id.choices = _phase_choices()
    if form.validate_on_submit():
        try:
            award_service.set_quota(current_user, award, _fields(form, ["phase_id", *award_service.QUOTA_FIELDS]))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu chỉ tiêu khen thưởng.", "success")
            return redirect(url_for("setup.award_form_edit", award_id=award_id))
    return _award_form_page(award, quota_form=form)


@bp.route("/chi-tieu-khen-thuong/<int:quota_id>/xoa", methods=["POST"])
@roles_required(*MANAGERS)
def quota_delete(quota_id: int):
    quota = get_or_404(AwardQuota, quota_id)
    award_id = quota.award_form_id
    try:
        award_service.delete_quota(current_user, quota)
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã bỏ chỉ tiêu.", "success")
    return redirect(url_for("setup.award_form_edit", award_id=award_id))


@bp.route("/luong-co-so", methods=["GET", "POST"])
@roles_required(*MANAGERS)
@reopens_at("setup.award_forms", "#luong-co-so")
def base_salary_add():
    form = BaseSalaryForm()
    if form.validate_on_submit():
        try:
            award_service.add_base_salary(current_user, _fields(form, ["effective_from", "amount", "basis"]))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã thêm mức lương cơ sở.", "success")
            return redirect(url_for("setup.award_forms"))
    awards = db.session.scalars(select(AwardForm).order_by(AwardForm.position)).all()
    rates = db.session.scalars(select(BaseSalaryRate).order_by(BaseSalaryRate.effective_from.desc())).all()
    return render_template("setup/award_forms.html", awards=awards, rates=rates, condition_kinds=CONDITION_KINDS,
                           can_manage=True, salary_form=form)


@bp.route("/luong-co-so/<int:rate_id>/xoa", methods=["POST"])
@roles_required(*MANAGERS)
def base_salary_delete(rate_id: int):
    try:
        award_service.delete_base_salary(current_user, get_or_404(BaseSalaryRate, rate_id))
    except ServiceError as err:
        refuse(err)
    else:
        flash("Đã xóa mức lương cơ sở.", "success")
    return redirect(url_for("setup.award_forms"))
