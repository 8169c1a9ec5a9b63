"""Campaign set-up: campaigns and their status, phases, criterion groups, criteria with per-phase
targets, copying a campaign. Only the office and admin write here."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    Campaign,
    CampaignStatus,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    LegalBasis,
    Phase,
    User,
)
from ..rules.calendar import PhaseDates, overlap_problem, phase_problems
from ..rules.criteria import CriterionPoints, points_problems
from ..vietnamese import clean_text
from . import ServiceError, audit, check_version, require_manager

CAMPAIGN_FIELDS = ["title", "kind", "plan_number", "plan_date", "plan_issuer", "start_date", "end_date",
                   "content", "goals"]
PHASE_FIELDS = ["name", "start_date", "end_date", "review_kind", "review_period", "nomination_opens_at",
                "nomination_closes_at", "appraisal_deadline", "council_date", "units_may_edit",
                "members_see_scores", "aggregation"]
GROUP_FIELDS = ["code", "name"]
CRITERION_FIELDS = ["group_id", "code", "name", "description", "applies_to", "measure", "unit_of_measure",
                    "higher_is_better", "max_points", "evidence_required", "source"]



def _assign(obj, data: dict, fields: list[str]) -> dict:
    before = audit.snapshot(obj, fields)
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
    return audit.diff(before, audit.snapshot(obj, fields))


def is_in_use(campaign: Campaign) -> bool:
    """Once launched, units record results against the campaign's definitions: what they point at
    may be retired but not deleted."""
    return campaign.status != CampaignStatus.DRAFT


# --- campaigns ----------------------------------------------------------------------------------


def _check_campaign(data: dict) -> None:
    if data["end_date"] < data["start_date"]:
        raise ServiceError("Ngày kết thúc phải sau ngày bắt đầu.", field="end_date")


def _set_legal_bases(campaign: Campaign, lines: list[str]) -> bool:
    lines = [clean_text(line) for line in lines if clean_text(line)]
    if [b.text for b in campaign.legal_bases] == lines:
        return False
    campaign.legal_bases.clear()
    db.session.flush()
    for position, text in enumerate(lines, start=1):
        campaign.legal_bases.append(LegalBasis(position=position, text=text))
    return True


def create_campaign(actor: User, data: dict, legal_bases: list[str]) -> Campaign:
    require_manager(actor)
    _check_campaign(data)
    campaign = Campaign(status=CampaignStatus.DRAFT)
    db.session.add(campaign)
    changes = _assign(campaign, data, CAMPAIGN_FIELDS)
    _set_legal_bases(campaign, legal_bases)
    audit.record("campaign.create", campaign, summary=f"Tạo phong trào «{campaign.title}»", changes=changes)
    db.session.commit()
    return campaign


def update_campaign(actor: User, campaign: Campaign, data: dict, legal_bases: list[str],
                    seen_version: int | None) -> Campaign:
    require_manager(actor)
    check_version(campaign, seen_version)
    _check_campaign(data)
    for phase in campaign.phases:
        if phase.start_date < data["start_date"] or phase.end_date > data["end_date"]:
            raise ServiceError(f"{phase.name} nằm ngoài thời gian mới của phong trào: hãy sửa giai đoạn trước.",
                               field="start_date")
    changes = _assign(campaign, data, CAMPAIGN_FIELDS)
    if _set_legal_bases(campaign, legal_bases):
        changes["legal_bases"] = ["…", f"{len(campaign.legal_bases)} dòng"]
    if changes:
        campaign.updated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # bumps the version too
        audit.record("campaign.update", campaign, summary=f"Sửa phong trào «{campaign.title}»", changes=changes)
    db.session.commit()
    return campaign


def launch_problems(campaign: Campaign) -> list[str]:
    """Why the campaign cannot be launched yet (Vietnamese), empty when it can."""
    problems = []
    if not campaign.phases:
        problems.append("Phong trào chưa có giai đoạn nào.")
    criteria = [c for g in campaign.groups for c in g.criteria]
    problems += points_problems(
        CriterionPoints(c.code, c.applies_to, c.max_points, c.retired) for c in criteria
    )
    for criterion in criteria:
        if criterion.retired or not criterion.is_quantitative:
            continue
        missing = [p.name for p in campaign.phases if criterion.target_for(p.id) is None]
        if missing:
            problems.append(f"Tiêu chí {criterion.code} chưa có chỉ tiêu cho: {', '.join(missing)}.")
    return problems


def advance_status(actor: User, campaign: Campaign, target: str, seen_version: int | None) -> Campaign:
    """Move the campaign one step: draft → launched → interim reviewed → final reviewed → closed."""
    require_manager(actor)
    check_version(campaign, seen_version)
    step = CampaignStatus.NEXT.get(campaign.status)
    if step is None or step[0] != target:
        raise ServiceError(f"Không thể chuyển phong trào từ «{campaign.status_label}» sang "
                           f"«{CampaignStatus.LABELS.get(target, target)}».")
    if target == CampaignStatus.LAUNCHED:
        problems = launch_problems(campaign)
        if problems:
            raise ServiceError("Chưa thể phát động phong trào: " + " ".join(problems))
    before = campaign.status
    campaign.status = target
    audit.record(f"campaign.{target}", campaign, summary=f"{step[1]}: «{campaign.title}»",
                 changes={"status": [before, target]})
    db.session.commit()
    return campaign


def _shift(value, years: int):
    """Move a date, a date-time, or the years written in a text ("Quý IV/2027") by `years`."""
    if value is None or years == 0 or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + years), value)
    if isinstance(value, dt.date):
        try:
            return value.replace(year=value.year + years)
        except ValueError:  # 29 February
            return value.replace(year=value.year + years, day=28)
    return value


def copy_campaign(actor: User, source: Campaign, title: str, start_year: int | None = None) -> Campaign:
    """A new draft campaign with the source's legal bases, phases, groups, criteria and targets; with a
    new start year every date moves by the same number of years."""
    require_manager(actor)
    years = (start_year - source.start_date.year) if start_year else 0
    copy = Campaign(
        title=clean_text(title) or f"{source.title} (bản sao)", kind=source.kind, plan_number="", plan_date=None,
        plan_issuer=source.plan_issuer, start_date=_shift(source.start_date, years),
        end_date=_shift(source.end_date, years), content=source.content, goals=source.goals,
        status=CampaignStatus.DRAFT, copied_from_id=source.id,
    )
    db.session.add(copy)
    for basis in source.legal_bases:
        copy.legal_bases.append(LegalBasis(position=basis.position, text=basis.text))
    phase_map: dict[int, Phase] = {}
    for phase in source.phases:
        new = Phase(**{f: _shift(getattr(phase, f), years) for f in PHASE_FIELDS})
        copy.phases.append(new)
        phase_map[phase.id] = new
    db.session.flush()
    _copy_groups(source, copy, phase_map)
    audit.record("campaign.copy", copy, summary=f"Sao chép phong trào «{source.title}» thành «{copy.title}»",
                 changes={"copied_from_id": [None, source.id]})
    db.session.commit()
    return copy


def _copy_groups(source: Campaign, target: Campaign, phase_map: dict[int, Phase]) -> int:
    existing_codes = {g.code for g in target.groups}
    existing_criteria = set(db.session.scalars(select(Criterion.code).where(Criterion.campaign_id == target.id)))
    copied = 0
    for group in source.groups:
        new_group = next((g for g in target.groups if g.code == group.code), None)
        if new_group is None:
            new_group = CriterionGroup(code=group.code, name=group.name, position=group.position)
            target.groups.append(new_group)
            existing_codes.add(group.code)
        for criterion in group.criteria:
            if criterion.retired or criterion.code in existing_criteria:
                continue
            new = Criterion(**{f: getattr(criterion, f) for f in CRITERION_FIELDS if f != "group_id"})
            new.position = criterion.position
            new.campaign_id = target.id
            for t in criterion.targets:
                if t.phase_id in phase_map:
                    new.targets.append(CriterionTarget(phase=phase_map[t.phase_id], value=t.value))
            new_group.criteria.append(new)
            existing_criteria.add(criterion.code)
            copied += 1
    return copied


def copy_criteria(actor: User, target: Campaign, source: Campaign) -> int:
    """Copy the groups and criteria another campaign has and this one lacks (by code). Targets follow
    when the phases line up by position."""
    require_manager(actor)
    if source.id == target.id:
        raise ServiceError("Hãy chọn một phong trào khác để sao chép tiêu chí.", field="source_id")
    phase_map = dict(zip([p.id for p in source.phases], target.phases, strict=False))
    copied = _copy_groups(source, target, phase_map)
    audit.record("criterion.copy", target, summary=f"Sao chép {copied} tiêu chí từ «{source.title}»")
    db.session.commit()
    return copied


# --- phases -------------------------------------------------------------------------------------


def _phase_dates(data: dict, name: str) -> PhaseDates:
    return PhaseDates(name=name, start=data["start_date"], end=data["end_date"],
                      opens_at=data.get("nomination_opens_at"), closes_at=data.get("nomination_closes_at"),
                      appraisal_deadline=data.get("appraisal_deadline"), council_date=data.get("council_date"))


def save_phase(actor: User, campaign: Campaign, data: dict, phase: Phase | None = None,
               seen_version: int | None = None) -> Phase:
    require_manager(actor)
    if phase is not None:
        check_version(phase, seen_version)
    dates = _phase_dates(data, clean_text(data["name"]))
    problems = phase_problems(dates, campaign.start_date, campaign.end_date)
    if problems:
        field, message = next(iter(problems.items()))
        field = {"start": "start_date", "end": "end_date", "opens_at": "nomination_opens_at",
                 "closes_at": "nomination_closes_at"}.get(field, field)
        raise ServiceError(message, field=field)
    others = [_phase_dates({"start_date": p.start_date, "end_date": p.end_date}, p.name)
              for p in campaign.phases if p is not phase]
    overlap = overlap_problem([*others, dates])
    if overlap:
        raise ServiceError(overlap, field="start_date")
    created = phase is None
    if created:
        phase = Phase(campaign=campaign)
        db.session.add(phase)
    changes = _assign(phase, data, PHASE_FIELDS)
    if changes or created:
        audit.record("phase.create" if created else "phase.update", phase,
                     summary=f"{'Thêm' if created else 'Sửa'} {phase.name} của «{campaign.title}»", changes=changes)
    db.session.commit()
    return phase


def delete_phase(actor: User, phase: Phase) -> None:
    require_manager(actor)
    campaign = phase.campaign
    if is_in_use(campaign):
        raise ServiceError("Phong trào đã phát động: không thể xóa giai đoạn. Hãy sửa thời gian nếu cần.")
    audit.record("phase.delete", phase, summary=f"Xóa {phase.name} của «{campaign.title}»")
    db.session.delete(phase)
    db.session.commit()


# --- groups and criteria ------------------------------------------------------------------------


def save_group(actor: User, campaign: Campaign, data: dict, group: CriterionGroup | None = None) -> CriterionGroup:
    require_manager(actor)
    code = clean_text(data["code"]).upper()
    clash = db.session.scalar(select(CriterionGroup.id).where(
        CriterionGroup.campaign_id == campaign.id, func.upper(CriterionGroup.code) == code))
    if clash and (group is None or clash != group.id):
        raise ServiceError(f"Mã nhóm «{code}» đã có trong phong trào này.", field="code")
    created = group is None
    if created:
        position = max((g.position for g in campaign.groups), default=0) + 1
        group = CriterionGroup(campaign=campaign, position=position)
        db.session.add(group)
    changes = _assign(group, {**data, "code": code}, GROUP_FIELDS)
    if changes:
        audit.record("criterion_group.create" if created else "criterion_group.update", group,
                     summary=f"{'Thêm' if created else 'Sửa'} nhóm tiêu chí {code}", changes=changes)
    db.session.commit()
    return group


def delete_group(actor: User, group: CriterionGroup) -> None:
    require_manager(actor)
    if group.criteria:
        raise ServiceError(f"Nhóm {group.code} còn {len(group.criteria)} tiêu chí: hãy chuyển hoặc xóa các tiêu chí trước.")
    audit.record("criterion_group.delete", group, summary=f"Xóa nhóm tiêu chí {group.code}")
    db.session.delete(group)
    db.session.commit()


def _check_criterion(campaign: Campaign, data: dict, targets: dict[int, Decimal | None],
                     criterion: Criterion | None) -> None:
    data["code"] = clean_text(data["code"]).upper()
    clash = db.session.scalar(select(Criterion.id).where(
        Criterion.campaign_id == campaign.id, func.upper(Criterion.code) == data["code"]))
    if clash and (criterion is None or clash != criterion.id):
        raise ServiceError(f"Mã tiêu chí «{data['code']}» đã có trong phong trào này.", field="code")
    group = db.session.get(CriterionGroup, data["group_id"] or 0)
    if group is None or group.campaign_id != campaign.id:
        raise ServiceError("Hãy chọn nhóm tiêu chí của phong trào này.", field="group_id")
    points = Decimal(data["max_points"])
    if points <= 0 or points > 100:
        raise ServiceError("Điểm tối đa phải lớn hơn 0 và không quá 100.", field="max_points")
    if data["measure"] == "quantitative":
        if not clean_text(data.get("unit_of_measure")):
            raise ServiceError("Tiêu chí định lượng cần đơn vị tính (ví dụ: %, tin bài/năm).", field="unit_of_measure")
        for phase in campaign.phases:
            value = targets.get(phase.id)
            if value is None:
                raise ServiceError(f"Hãy nhập chỉ tiêu cho {phase.name}.", field=f"target_{phase.id}")
            if value <= 0:
                raise ServiceError(f"Chỉ tiêu cho {phase.name} phải lớn hơn 0.", field=f"target_{phase.id}")
    elif data.get("source") == "task_completion":
        raise ServiceError("Chỉ tiêu chí định lượng mới lấy giá trị từ tỷ lệ hoàn thành nhiệm vụ.", field="source")


def save_criterion(actor: User, campaign: Campaign, data: dict, targets: dict[int, Decimal | None],
                   criterion: Criterion | None = None, seen_version: int | None = None) -> Criterion:
    require_manager(actor)
    if criterion is not None:
        check_version(criterion, seen_version)
    data = dict(data)
    _check_criterion(campaign, data, targets, criterion)
    created = criterion is None
    if created:
        position = db.session.scalar(select(func.max(Criterion.position)).where(
            Criterion.campaign_id == campaign.id)) or 0
        criterion = Criterion(campaign_id=campaign.id, position=position + 1)
        db.session.add(criterion)
    changes = _assign(criterion, data, CRITERION_FIELDS)
    before_targets = {t.phase_id: str(t.value) for t in criterion.targets}
    if data["measure"] == "quantitative":
        for phase in campaign.phases:
            target = criterion.target_for(phase.id)
            if target is None:
                criterion.targets.append(CriterionTarget(phase_id=phase.id, value=targets[phase.id]))
            elif target.value != targets[phase.id]:
                target.value = targets[phase.id]
    else:
        criterion.targets.clear()
    db.session.flush()
    after_targets = {t.phase_id: str(t.value) for t in criterion.targets}
    if before_targets != after_targets:
        changes["targets"] = [before_targets, after_targets]
    if changes:
        audit.record("criterion.create" if created else "criterion.update", criterion,
                     summary=f"{'Thêm' if created else 'Sửa'} tiêu chí {criterion.code}", changes=changes)
    db.session.commit()
    return criterion


def set_criterion_retired(actor: User, criterion: Criterion, retired: bool) -> Criterion:
    require_manager(actor)
    if criterion.retired != retired:
        criterion.retired = retired
        audit.record("criterion.retire" if retired else "criterion.restore", criterion,
                     summary=f"{'Ngừng dùng' if retired else 'Dùng lại'} tiêu chí {criterion.code}",
                     changes={"retired": [not retired, retired]})
    db.session.commit()
    return criterion


def delete_criterion(actor: User, criterion: Criterion) -> None:
    require_manager(actor)
    campaign = db.session.get(Campaign, criterion.campaign_id)
    if is_in_use(campaign):
        raise ServiceError(f"Phong trào đã phát động, đơn vị có thể đã ghi kết quả cho tiêu chí {criterion.code}: "
                           "không xóa được, hãy chọn «Ngừng dùng».")
    audit.record("criterion.delete", criterion, summary=f"Xóa tiêu chí {criterion.code}")
    db.session.delete(criterion)
    db.session.commit()


def move_criterion(actor: User, criterion: Criterion, direction: int) -> None:
    """Swap with the neighbour above (direction -1) or below (+1) in the same group."""
    require_manager(actor)
    siblings = sorted(criterion.group.criteria, key=lambda c: (c.position, c.id))
    index = siblings.index(criterion)
    other = index + direction
    if 0 <= other < len(siblings):
        neighbour = siblings[other]
        criterion.position, neighbour.position = neighbour.position, criterion.position
        if criterion.position == neighbour.position:
            criterion.position += direction
        audit.record("criterion.reorder", criterion, summary=f"Đổi thứ tự tiêu chí {criterion.code}")
        db.session.commit()


def carry_targets(actor: User, source: Phase, target: Phase) -> int:
    """Give every quantitative criterion without a target in `target` the one it has in `source`."""
    require_manager(actor)
    if source.campaign_id != target.campaign_id or source.id == target.id:
        raise ServiceError("Hãy chọn hai giai đoạn khác nhau của cùng phong trào.")
    criteria = db.session.scalars(select(Criterion).where(
        Criterion.campaign_id == source.campaign_id, Criterion.measure == "quantitative")).all()
    carried = 0
    for criterion in criteria:
        have = criterion.target_for(source.id)
        if have is not None and criterion.target_for(target.id) is None:
            criterion.targets.append(CriterionTarget(phase_id=target.id, value=have.value))
            carried += 1
    audit.record("criterion.carry_targets", target,
                 summary=f"Chuyển {carried} chỉ tiêu từ {source.name} sang {target.name}")
    db.session.commit()
    return carried
