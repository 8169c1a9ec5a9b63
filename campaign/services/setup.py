"""Campaign set-up: campaigns and their status, phases, criterion groups, criteria with per-phase
targets, copying a campaign, and the audited correction after launch. Only the office and admin write
here. What may change when is `rules.setup`'s decision; this module gives it the campaign's stage and
whether a council session has opened, and refuses a frozen change beside its field."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    Campaign,
    CampaignStatus,
    CouncilSession,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    LegalBasis,
    Phase,
    User,
)
from ..rules.calendar import PhaseDates, overlap_problem, phase_problems
from ..rules.criteria import CriterionPoints, points_problems
from ..rules.setup import (
    CAMPAIGN,
    CRITERION,
    EXISTS,
    GROUP,
    PHASE,
    TARGET,
    SetupState,
    Stage,
    change_problem,
    correction_problem,
    reason_problem,
)
from ..vietnamese import clean_text
from . import ServiceError, audit, check_version, require_manager, transactional

CAMPAIGN_FIELDS = ["title", "kind", "scope", "plan_number", "plan_date", "plan_issuer", "start_date", "end_date",
                   "content", "goals"]
PHASE_FIELDS = ["name", "start_date", "end_date", "review_kind", "review_period", "nomination_opens_at",
                "nomination_closes_at", "appraisal_deadline", "council_date", "units_may_edit",
                "members_see_scores", "aggregation"]
GROUP_FIELDS = ["code", "name"]
CRITERION_FIELDS = ["group_id", "code", "name", "description", "applies_to", "measure", "unit_of_measure",
                    "higher_is_better", "allows_over_100", "max_points", "evidence_required", "source"]
CORRECTABLE_FIELDS = ["name", "description", "unit_of_measure"]


# --- the freeze ---------------------------------------------------------------------------------


def stage_of(campaign: Campaign) -> Stage:
    """The set-up stage of a campaign: a draft changes freely, a closed one not at all, every status in
    between (launched, interim reviewed, final reviewed) is launched."""
    if campaign.status == CampaignStatus.DRAFT:
        return Stage.DRAFT
    if campaign.status == CampaignStatus.CLOSED:
        return Stage.CLOSED
    return Stage.LAUNCHED


def phase_session_opened(phase: Phase) -> bool:
    """Whether a council session (phiên họp xét) of `phase` has opened: its scoring opened at least once
    (a session only prepared by the office freezes nothing; once the council has judged, the rules it
    judged by stay as they were)."""
    if phase.id is None:
        return False
    return db.session.scalar(select(CouncilSession.id).where(
        CouncilSession.phase_id == phase.id, CouncilSession.scoring_opened_at.is_not(None)).limit(1)) is not None


def campaign_session_opened(campaign: Campaign) -> bool:
    """A criterion and its wording belong to every phase: frozen once any phase's session has opened."""
    return any(phase_session_opened(phase) for phase in campaign.phases)


def campaign_state(campaign: Campaign) -> SetupState:
    return SetupState(stage_of(campaign), campaign_session_opened(campaign))


def phase_state(phase: Phase) -> SetupState:
    return SetupState(stage_of(phase.campaign), phase_session_opened(phase))


def _same(old, new) -> bool:
    """Whether a submitted value is the stored one: text as stored (trimmed), numbers by value."""
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old) == bool(new)
    if isinstance(old, str) or isinstance(new, str):
        return (old or "").strip() == (new or "").strip()
    if isinstance(old, Decimal | int) and isinstance(new, Decimal | int):
        return Decimal(old) == Decimal(new)
    return old == new


def refuse_frozen(entity: str, obj, data: dict, fields: list[str], state: SetupState,
                  form_fields: dict[str, str] | None = None) -> None:
    """Refuse, beside the field, the first change to a field the set-up's state freezes."""
    for name in fields:
        if name in data and not _same(getattr(obj, name), data[name]):
            problem = change_problem(entity, name, state)
            if problem:
                raise ServiceError(problem, field=(form_fields or {}).get(name, name))


def refuse_frozen_record(entity: str, state: SetupState, field: str | None = None) -> None:
    """Refuse adding or deleting a record the set-up's state freezes."""
    problem = change_problem(entity, EXISTS, state)
    if problem:
        raise ServiceError(problem, field=field)


def _assign(obj, data: dict, fields: list[str]) -> dict:
    before = audit.snapshot(obj, fields)
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
    return audit.diff(before, audit.snapshot(obj, fields))


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


@transactional
def create_campaign(actor: User, data: dict, legal_bases: list[str]) -> Campaign:
    require_manager(actor)
    _check_campaign(data)
    campaign = Campaign(status=CampaignStatus.DRAFT)
    db.session.add(campaign)
    changes = _assign(campaign, data, CAMPAIGN_FIELDS)
    _set_legal_bases(campaign, legal_bases)
    audit.record("campaign.create", campaign, summary=f"Tạo phong trào «{campaign.title}»", changes=changes)
    return campaign


@transactional
def update_campaign(actor: User, campaign: Campaign, data: dict, legal_bases: list[str],
                    seen_version: int | None) -> Campaign:
    require_manager(actor)
    check_version(campaign, seen_version)
    state = campaign_state(campaign)
    refuse_frozen(CAMPAIGN, campaign, data, CAMPAIGN_FIELDS, state)
    if [b.text for b in campaign.legal_bases] != [clean_text(line) for line in legal_bases if clean_text(line)]:
        problem = change_problem(CAMPAIGN, "legal_bases", state)
        if problem:
            raise ServiceError(problem, field="legal_bases")
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


@transactional
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


@transactional
def copy_campaign(actor: User, source: Campaign, title: str, start_year: int | None = None) -> Campaign:
    """A new draft campaign with the source's legal bases, phases, groups, criteria and targets; with a
    new start year every date moves by the same number of years."""
    require_manager(actor)
    years = (start_year - source.start_date.year) if start_year else 0
    copy = Campaign(
        title=clean_text(title) or f"{source.title} (bản sao)", kind=source.kind, scope=source.scope, plan_number="", plan_date=None,
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


@transactional
def copy_criteria(actor: User, target: Campaign, source: Campaign) -> int:
    """Copy the groups and criteria another campaign has and this one lacks (by code). Targets follow
    when the phases line up by position."""
    require_manager(actor)
    if source.id == target.id:
        raise ServiceError("Hãy chọn một phong trào khác để sao chép tiêu chí.", field="source_id")
    refuse_frozen_record(CRITERION, campaign_state(target), field="source_id")
    phase_map = dict(zip([p.id for p in source.phases], target.phases, strict=False))
    copied = _copy_groups(source, target, phase_map)
    audit.record("criterion.copy", target, summary=f"Sao chép {copied} tiêu chí từ «{source.title}»")
    return copied


# --- phases -------------------------------------------------------------------------------------


def _phase_dates(data: dict, name: str) -> PhaseDates:
    return PhaseDates(name=name, start=data["start_date"], end=data["end_date"],
                      opens_at=data.get("nomination_opens_at"), closes_at=data.get("nomination_closes_at"),
                      appraisal_deadline=data.get("appraisal_deadline"), council_date=data.get("council_date"))


@transactional
def save_phase(actor: User, campaign: Campaign, data: dict, phase: Phase | None = None,
               seen_version: int | None = None) -> Phase:
    require_manager(actor)
    if phase is None:
        refuse_frozen_record(PHASE, SetupState(stage_of(campaign)))
    else:
        check_version(phase, seen_version)
        refuse_frozen(PHASE, phase, data, PHASE_FIELDS, phase_state(phase))
    dates = _phase_dates(data, clean_text(data["name"]))
    problems = phase_problems(dates, campaign.start_date, campaign.end_date)
    if problems:  # every date's problem at once, each beside its field
        names = {"start": "start_date", "end": "end_date", "opens_at": "nomination_opens_at",
                 "closes_at": "nomination_closes_at"}
        raise ServiceError.of({names.get(field, field): message for field, message in problems.items()})
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
    return phase


@transactional
def delete_phase(actor: User, phase: Phase) -> None:
    require_manager(actor)
    campaign = phase.campaign
    if change_problem(PHASE, EXISTS, phase_state(phase)):
        raise ServiceError("Phong trào đã phát động: không thể xóa giai đoạn. Hãy sửa thời gian nếu cần.")
    audit.record("phase.delete", phase, summary=f"Xóa {phase.name} của «{campaign.title}»")
    db.session.delete(phase)


# --- groups and criteria ------------------------------------------------------------------------


@transactional
def save_group(actor: User, campaign: Campaign, data: dict, group: CriterionGroup | None = None) -> CriterionGroup:
    require_manager(actor)
    state = campaign_state(campaign)
    if group is None:
        refuse_frozen_record(GROUP, state)
    else:
        refuse_frozen(GROUP, group, data, GROUP_FIELDS, state)
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
    return group


@transactional
def delete_group(actor: User, group: CriterionGroup) -> None:
    require_manager(actor)
    refuse_frozen_record(GROUP, campaign_state(group.campaign))
    if group.criteria:
        raise ServiceError(f"Nhóm {group.code} còn {len(group.criteria)} tiêu chí: hãy chuyển hoặc xóa các tiêu chí trước.")
    audit.record("criterion_group.delete", group, summary=f"Xóa nhóm tiêu chí {group.code}")
    db.session.delete(group)


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


def _refuse_frozen_criterion(campaign: Campaign, criterion: Criterion, data: dict,
                             targets: dict[int, Decimal | None]) -> None:
    """An ordinary edit of a criterion: refuse, beside the field, what the set-up's state freezes."""
    refuse_frozen(CRITERION, criterion, data, CRITERION_FIELDS, campaign_state(campaign))
    if criterion.measure != "quantitative" or data.get("measure") != "quantitative":
        return  # a change of measure was refused above when it is frozen
    for phase in campaign.phases:
        current = criterion.target_for(phase.id)
        if not _same(current.value if current else None, targets.get(phase.id)):
            problem = change_problem(TARGET, "value", phase_state(phase))
            if problem:
                raise ServiceError(problem, field=f"target_{phase.id}")


@transactional
def save_criterion(actor: User, campaign: Campaign, data: dict, targets: dict[int, Decimal | None],
                   criterion: Criterion | None = None, seen_version: int | None = None) -> Criterion:
    require_manager(actor)
    data = dict(data)
    if criterion is None:
        refuse_frozen_record(CRITERION, campaign_state(campaign))
    else:
        check_version(criterion, seen_version)
        if "code" in data:
            data["code"] = clean_text(data["code"]).upper()
        _refuse_frozen_criterion(campaign, criterion, data, targets)
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
    return criterion


@transactional
def correct_criterion(actor: User, criterion: Criterion, data: dict, targets: dict[int, Decimal | None],
                      reason: str, seen_version: int | None = None) -> Criterion:
    """«Sửa thiết lập sau phát động»: correct a launched criterion's wording (name, description, unit)
    or its targets, with a reason the audit event keeps. A target only while no council session of its
    phase has opened; the wording only while none of the campaign's has (rules.setup decides)."""
    require_manager(actor)
    check_version(criterion, seen_version)
    campaign = db.session.get(Campaign, criterion.campaign_id)
    reason = clean_text(reason)
    problem = reason_problem(reason)
    if problem:
        raise ServiceError(problem, field="reason")
    wording = campaign_state(campaign)
    before = audit.snapshot(criterion, CORRECTABLE_FIELDS)
    for name in CORRECTABLE_FIELDS:
        if name in data and not _same(getattr(criterion, name), data[name]):
            problem = correction_problem(CRITERION, name, wording)
            if problem:
                raise ServiceError(problem, field=name)
    if not clean_text(data.get("name", criterion.name)):
        raise ServiceError("Hãy nhập tên tiêu chí.", field="name")
    if criterion.is_quantitative and not clean_text(data.get("unit_of_measure", criterion.unit_of_measure)):
        raise ServiceError("Tiêu chí định lượng cần đơn vị tính (ví dụ: %, tin bài/năm).", field="unit_of_measure")
    new_targets: dict[Phase, Decimal] = {}
    if criterion.is_quantitative:
        for phase in campaign.phases:
            if phase.id not in targets:
                continue
            value, current = targets[phase.id], criterion.target_for(phase.id)
            if value is None:
                raise ServiceError(f"Hãy nhập chỉ tiêu cho {phase.name}.", field=f"target_{phase.id}")
            if value <= 0:
                raise ServiceError(f"Chỉ tiêu cho {phase.name} phải lớn hơn 0.", field=f"target_{phase.id}")
            if current is None or current.value != value:
                problem = correction_problem(TARGET, "value", phase_state(phase))
                if problem:
                    raise ServiceError(problem, field=f"target_{phase.id}")
                new_targets[phase] = value
    _assign(criterion, {k: v for k, v in data.items() if k in CORRECTABLE_FIELDS}, CORRECTABLE_FIELDS)
    changes = audit.diff(before, audit.snapshot(criterion, CORRECTABLE_FIELDS))
    if new_targets:
        before_targets = {t.phase_id: str(t.value) for t in criterion.targets}
        for phase, value in new_targets.items():
            current = criterion.target_for(phase.id)
            if current is None:
                criterion.targets.append(CriterionTarget(phase_id=phase.id, value=value))
            else:
                current.value = value
        db.session.flush()
        changes["targets"] = [before_targets, {t.phase_id: str(t.value) for t in criterion.targets}]
    if not changes:
        raise ServiceError("Chưa có gì thay đổi: hãy sửa chỉ tiêu hoặc tên, mô tả, đơn vị tính.")
    changes["reason"] = [None, reason]
    audit.record("criterion.correct", criterion,
                 summary=f"Sửa thiết lập sau phát động: tiêu chí {criterion.code}. Lý do: {reason}", changes=changes)
    return criterion


@transactional
def set_criterion_retired(actor: User, criterion: Criterion, retired: bool) -> Criterion:
    require_manager(actor)
    if criterion.retired != retired:
        problem = change_problem(CRITERION, "retired", campaign_state(db.session.get(Campaign, criterion.campaign_id)))
        if problem:
            raise ServiceError(problem)
        criterion.retired = retired
        audit.record("criterion.retire" if retired else "criterion.restore", criterion,
                     summary=f"{'Ngừng dùng' if retired else 'Dùng lại'} tiêu chí {criterion.code}",
                     changes={"retired": [not retired, retired]})
    return criterion


@transactional
def delete_criterion(actor: User, criterion: Criterion) -> None:
    require_manager(actor)
    campaign = db.session.get(Campaign, criterion.campaign_id)
    if change_problem(CRITERION, EXISTS, campaign_state(campaign)):
        raise ServiceError(f"Phong trào đã phát động, đơn vị có thể đã ghi kết quả cho tiêu chí {criterion.code}: "
                           "không xóa được. Điểm, đối tượng và loại tiêu chí đã khóa từ khi phát động.")
    audit.record("criterion.delete", criterion, summary=f"Xóa tiêu chí {criterion.code}")
    db.session.delete(criterion)


@transactional
def move_criterion(actor: User, criterion: Criterion, direction: int) -> None:
    """Swap with the neighbour above (direction -1) or below (+1) in the same group."""
    require_manager(actor)
    problem = change_problem(CRITERION, "position", campaign_state(db.session.get(Campaign, criterion.campaign_id)))
    if problem:
        raise ServiceError(problem)
    siblings = sorted(criterion.group.criteria, key=lambda c: (c.position, c.id))
    index = siblings.index(criterion)
    other = index + direction
    if 0 <= other < len(siblings):
        neighbour = siblings[other]
        criterion.position, neighbour.position = neighbour.position, criterion.position
        if criterion.position == neighbour.position:
            criterion.position += direction
        audit.record("criterion.reorder", criterion, summary=f"Đổi thứ tự tiêu chí {criterion.code}")


@transactional
def carry_targets(actor: User, source: Phase, target: Phase) -> int:
    """Give every quantitative criterion without a target in `target` the one it has in `source`."""
    require_manager(actor)
    if source.campaign_id != target.campaign_id or source.id == target.id:
        raise ServiceError("Hãy chọn hai giai đoạn khác nhau của cùng phong trào.")
    problem = change_problem(TARGET, "value", phase_state(target))
    if problem:
        raise ServiceError(problem)
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
    return carried
