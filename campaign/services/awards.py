"""The award-form catalogue, its conditions and quotas, and the dated base salary (office and admin).

The freeze (rules.setup): an award form is the catalogue's, not one campaign's, so only a council session
freezes it: its thresholds, coefficients, kind, level, deciding level, nominee kind, activity and
conditions while a session that uses it has opened, a phase's quota once that phase's session has."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    CONDITION_KINDS,
    INITIATIVE_LEVELS,
    SANCTION_LEVELS,
    AgendaItem,
    AwardCondition,
    AwardForm,
    AwardQuota,
    BaseSalaryRate,
    Campaign,
    CampaignStatus,
    CouncilSession,
    Nomination,
    Phase,
    User,
)
from ..rules.setup import AWARD_FORM, CONDITION, EXISTS, QUOTA, SetupState, change_problem
from ..vietnamese import clean_text, money
from . import ServiceError, audit, check_version, require_manager, transactional
from .setup import phase_state, refuse_frozen, refuse_frozen_record

AWARD_FIELDS = ["code", "name", "kind", "level", "authority", "applies_to", "decided_by_board",
                "threshold_share", "threshold_strict", "bonus_individual", "bonus_collective", "legal_basis",
                "active", "requires_registration"]
CONDITION_FIELDS = ["alternative", "kind", "title_id", "years", "count", "level", "percent", "strict", "note"]

# What each kind of condition needs, so that a condition the rules cannot evaluate is never stored.
REQUIRED_PARAMETERS = {
    "prior_title": ("title_id", "years"),
    "same_year_title": ("title_id",),
    "initiative": ("level", "count"),
    "member_title_share": ("title_id", "percent"),
    "member_with_title": ("title_id", "count"),
    "all_members_complete": (),
    "no_sanction": ("level",),
    "cap_share": ("title_id", "percent"),
}
PARAMETER_LABELS = {"title_id": "danh hiệu liên quan", "years": "số năm", "count": "số lượng",
                    "level": "cấp sáng kiến / mức kỷ luật", "percent": "tỷ lệ"}
QUOTA_FIELDS = ["kind", "value", "leaders_cap"]
# The form shows the threshold as a percentage of all council members.
FORM_FIELDS = {"threshold_share": "threshold_percent"}


def award_session_opened(award: AwardForm) -> bool:
    """Whether a council session that votes on `award` (in a campaign not yet closed) has opened: one whose
    scoring opened with a dossier of that award form on its agenda (like services.setup.phase_session_opened)."""
    if award.id is None:
        return False
    return db.session.scalar(
        select(CouncilSession.id).join(AgendaItem, AgendaItem.session_id == CouncilSession.id)
        .join(Nomination, Nomination.id == AgendaItem.nomination_id)
        .join(Phase, Phase.id == CouncilSession.phase_id).join(Campaign, Campaign.id == Phase.campaign_id)
        .where(Nomination.award_form_id == award.id, CouncilSession.scoring_opened_at.is_not(None),
               Campaign.status != CampaignStatus.CLOSED).limit(1)) is not None


def award_state(award: AwardForm) -> SetupState:
    return SetupState(None, award_session_opened(award))


@transactional
def save_award_form(actor: User, data: dict, award: AwardForm | None = None,
                    seen_version: int | None = None) -> AwardForm:
    require_manager(actor)
    if award is not None:
        check_version(award, seen_version)
        refuse_frozen(AWARD_FORM, award, data, AWARD_FIELDS, award_state(award), FORM_FIELDS)
    data = dict(data, code=clean_text(data["code"]).upper(), name=clean_text(data["name"]))
    clash = db.session.scalar(select(AwardForm.id).where(func.upper(AwardForm.code) == data["code"]))
    if clash and (award is None or clash != award.id):
        raise ServiceError(f"Mã «{data['code']}» đã được dùng cho hình thức khác.", field="code")
    created = award is None
    if created:
        position = db.session.scalar(select(func.max(AwardForm.position))) or 0
        award = AwardForm(position=position + 1)
        db.session.add(award)
    before = audit.snapshot(award, AWARD_FIELDS)
    for name in AWARD_FIELDS:
        if name in data:
            setattr(award, name, data[name])
    changes = audit.diff(before, audit.snapshot(award, AWARD_FIELDS))
    if changes:
        audit.record("award_form.create" if created else "award_form.update", award,
                     summary=f"{'Thêm' if created else 'Sửa'} hình thức «{award.name}»", changes=changes)
    return award


@transactional
def add_condition(actor: User, award: AwardForm, data: dict) -> AwardCondition:
    require_manager(actor)
    refuse_frozen_record(CONDITION, award_state(award))
    kind = data.get("kind")
    if kind not in CONDITION_KINDS:
        raise ServiceError("Loại điều kiện không hợp lệ.", field="kind")
    for name in REQUIRED_PARAMETERS[kind]:
        if data.get(name) in (None, ""):
            raise ServiceError(f"Điều kiện «{CONDITION_KINDS[kind]}» cần {PARAMETER_LABELS[name]}.", field=name)
    level = data.get("level") or None
    if kind == "initiative" and level not in INITIATIVE_LEVELS:
        raise ServiceError("Hãy chọn cấp sáng kiến (cơ sở, tỉnh, toàn quốc).", field="level")
    if kind == "no_sanction" and level not in SANCTION_LEVELS:
        raise ServiceError("Hãy chọn mức kỷ luật (khiển trách, cảnh cáo …).", field="level")
    if data.get("title_id") == award.id and kind != "prior_title":
        raise ServiceError("Điều kiện này phải dựa trên một danh hiệu khác.", field="title_id")
    kept = {name: data.get(name) for name in ("title_id", "years", "count", "percent")
            if name in REQUIRED_PARAMETERS[kind]}
    condition = AwardCondition(award_form=award, alternative=data.get("alternative") or 1, kind=kind,
                               level=level if "level" in REQUIRED_PARAMETERS[kind] else None,
                               strict=bool(data.get("strict")), note=clean_text(data.get("note")), **kept)
    db.session.add(condition)
    audit.record("award_condition.create", condition, summary=f"Thêm điều kiện cho «{award.name}»: "
                 f"{CONDITION_KINDS[kind]}", changes=audit.diff({}, audit.snapshot(condition, CONDITION_FIELDS)))
    return condition


@transactional
def delete_condition(actor: User, condition: AwardCondition) -> None:
    require_manager(actor)
    refuse_frozen_record(CONDITION, award_state(condition.award_form))
    audit.record("award_condition.delete", condition,
                 summary=f"Xóa điều kiện «{CONDITION_KINDS.get(condition.kind, condition.kind)}» "
                 f"của «{condition.award_form.name}»")
    db.session.delete(condition)


@transactional
def set_quota(actor: User, award: AwardForm, data: dict) -> AwardQuota:
    """Create or replace the quota of `award` in one phase."""
    require_manager(actor)
    phase = db.session.get(Phase, data.get("phase_id") or 0)
    if phase is None:
        raise ServiceError("Hãy chọn giai đoạn.", field="phase_id")
    if data["kind"] in ("share_staff", "share_units") and data["value"] > 100:
        raise ServiceError("Tỷ lệ không được vượt quá 100%.", field="value")
    quota = db.session.scalar(select(AwardQuota).where(AwardQuota.award_form_id == award.id,
                                                       AwardQuota.phase_id == phase.id))
    state = phase_state(phase)
    if quota is None:
        refuse_frozen_record(QUOTA, state, field="value")
    else:
        refuse_frozen(QUOTA, quota, {"leaders_cap": None, **data}, QUOTA_FIELDS, state)
    before = audit.snapshot(quota, QUOTA_FIELDS) if quota else {}
    if quota is None:
        quota = AwardQuota(award_form=award, phase_id=phase.id)
        db.session.add(quota)
    quota.kind, quota.value, quota.leaders_cap = data["kind"], data["value"], data.get("leaders_cap")
    audit.record("award_quota.set", quota, summary=f"Đặt chỉ tiêu «{award.name}» cho {phase.name}",
                 changes=audit.diff(before, audit.snapshot(quota, QUOTA_FIELDS)))
    return quota


@transactional
def delete_quota(actor: User, quota: AwardQuota) -> None:
    require_manager(actor)
    problem = change_problem(QUOTA, EXISTS, phase_state(db.session.get(Phase, quota.phase_id)))
    if problem:
        raise ServiceError(problem)
    audit.record("award_quota.delete", quota, summary=f"Bỏ chỉ tiêu «{quota.award_form.name}»")
    db.session.delete(quota)


@transactional
def add_base_salary(actor: User, data: dict) -> BaseSalaryRate:
    require_manager(actor)
    if db.session.scalar(select(BaseSalaryRate.id).where(BaseSalaryRate.effective_from == data["effective_from"])):
        raise ServiceError("Đã có mức lương cơ sở áp dụng từ ngày này.", field="effective_from")
    rate = BaseSalaryRate(effective_from=data["effective_from"], amount=int(data["amount"]),
                          basis=clean_text(data.get("basis")))
    db.session.add(rate)
    audit.record("base_salary.create", rate, summary=f"Thêm mức lương cơ sở {money(rate.amount)}",
                 changes={"amount": [None, rate.amount], "effective_from": [None, rate.effective_from.isoformat()]})
    return rate


@transactional
def delete_base_salary(actor: User, rate: BaseSalaryRate) -> None:
    require_manager(actor)
    audit.record("base_salary.delete", rate, summary=f"Xóa mức lương cơ sở {money(rate.amount)}")
    db.session.delete(rate)
