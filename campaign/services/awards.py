"""The award-form catalogue, its conditions and quotas, and the dated base salary (office and admin)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    CONDITION_KINDS,
    INITIATIVE_LEVELS,
    SANCTION_LEVELS,
    AwardCondition,
    AwardForm,
    AwardQuota,
    BaseSalaryRate,
    Phase,
    User,
)
from ..vietnamese import clean_text
from . import ServiceError, audit, check_version, require_manager

AWARD_FIELDS = ["code", "name", "kind", "level", "authority", "applies_to", "decided_by_board",
                "threshold_share", "threshold_strict", "bonus_individual", "bonus_collective", "legal_basis",
                "active"]
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



def save_award_form(actor: User, data: dict, award: AwardForm | None = None,
                    seen_version: int | None = None) -> AwardForm:
    require_manager(actor)
    if award is not None:
        check_version(award, seen_version)
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
    db.session.commit()
    return award


def add_condition(actor: User, award: AwardForm, data: dict) -> AwardCondition:
    require_manager(actor)
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
    db.session.commit()
    return condition


def delete_condition(actor: User, condition: AwardCondition) -> None:
    require_manager(actor)
    audit.record("award_condition.delete", condition,
                 summary=f"Xóa điều kiện «{CONDITION_KINDS.get(condition.kind, condition.kind)}» "
                 f"của «{condition.award_form.name}»")
    db.session.delete(condition)
    db.session.commit()


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
    before = audit.snapshot(quota, ["kind", "value", "leaders_cap"]) if quota else {}
    if quota is None:
        quota = AwardQuota(award_form=award, phase_id=phase.id)
        db.session.add(quota)
    quota.kind, quota.value, quota.leaders_cap = data["kind"], data["value"], data.get("leaders_cap")
    audit.record("award_quota.set", quota, summary=f"Đặt chỉ tiêu «{award.name}» cho {phase.name}",
                 changes=audit.diff(before, audit.snapshot(quota, ["kind", "value", "leaders_cap"])))
    db.session.commit()
    return quota


def delete_quota(actor: User, quota: AwardQuota) -> None:
    require_manager(actor)
    audit.record("award_quota.delete", quota, summary=f"Bỏ chỉ tiêu «{quota.award_form.name}»")
    db.session.delete(quota)
    db.session.commit()


def add_base_salary(actor: User, data: dict) -> BaseSalaryRate:
    require_manager(actor)
    if db.session.scalar(select(BaseSalaryRate.id).where(BaseSalaryRate.effective_from == data["effective_from"])):
        raise ServiceError("Đã có mức lương cơ sở áp dụng từ ngày này.", field="effective_from")
    rate = BaseSalaryRate(effective_from=data["effective_from"], amount=data["amount"],
                          basis=clean_text(data.get("basis")))
    db.session.add(rate)
    audit.record("base_salary.create", rate, summary=f"Thêm mức lương cơ sở {rate.amount} đồng",
                 changes={"amount": [None, rate.amount], "effective_from": [None, rate.effective_from.isoformat()]})
    db.session.commit()
    return rate


def delete_base_salary(actor: User, rate: BaseSalaryRate) -> None:
    require_manager(actor)
    audit.record("base_salary.delete", rate, summary=f"Xóa mức lương cơ sở {rate.amount} đồng")
    db.session.delete(rate)
    db.session.commit()
