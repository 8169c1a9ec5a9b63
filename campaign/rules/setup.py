"""The set-up freezes: which field of a campaign, phase, criterion (and its targets), award form (and its
conditions and quotas) may change, in which state of the campaign, and whether a council session of the
phase has opened.

Basis. Khen thưởng must be "chính xác, công khai, minh bạch, công bằng" (Luật Thi đua, khen thưởng
06/2022/QH15, the principles of emulation and commendation): the plan that launches a campaign (Kế hoạch
phát động) announces its content, criteria, points and targets, units register and record their results
against them, and the council scores against what was announced. A rule changed after the launch changes
the result of everyone who already acted on it; changed after the council opened its session, it changes
a ranking in the middle of the vote. The agency's Quy chế thi đua, khen thưởng fixes the council's
working rules (how scores are aggregated, the approval thresholds over all members, what members see):
they hold for the whole session. A plain mistake in a target or a wording (a typo, a target copied from
the wrong phase) is corrected openly: an explicit action, "Sửa thiết lập sau phát động", with a reason
that the audit log keeps, and only while no council session of that phase has opened.

How it reads. Every field has a `Lock`:
- OPEN: may change until the campaign is closed (calendar, wording of the campaign, presentation);
- SESSION: frozen when a council session opens (of the phase; for a criterion, of any phase of its
  campaign; for an award form, any session that uses it): scoring and visibility settings, thresholds,
  coefficients, conditions and quotas;
- LAUNCH: frozen from the launch (points, kinds, measure, direction, source, code);
- CORRECTABLE: frozen from the launch for an ordinary edit; the correction action may still change it,
  with a reason, until a council session opens (targets, a criterion's name, description, unit).
A closed campaign changes nothing. An award form belongs to the catalogue, not to one campaign: only
SESSION applies to it (stage `None`).

The caller says `session_opened` (services.setup.phase_session_opened: a council session's scoring has opened).
No Flask, no SQLAlchemy: the services give this module plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """Where a campaign is, as far as its set-up is concerned (services map CampaignStatus to it)."""

    DRAFT = "draft"  # dự thảo: everything may change
    LAUNCHED = "launched"  # đã phát động, sơ kết, tổng kết: the set-up is frozen
    CLOSED = "closed"  # đã kết thúc: nothing changes


class Lock(StrEnum):
    OPEN = "open"
    SESSION = "session"
    LAUNCH = "launch"
    CORRECTABLE = "correctable"


CAMPAIGN, PHASE, GROUP, CRITERION, TARGET = "campaign", "phase", "group", "criterion", "target"
AWARD_FORM, CONDITION, QUOTA = "award_form", "condition", "quota"
# Creating or deleting a record is the pseudo-field "_exists"; retiring a criterion is "retired".
EXISTS = "_exists"

# entity → field → (lock, Vietnamese name of the field as a message names it)
FIELDS: dict[str, dict[str, tuple[Lock, str]]] = {
    CAMPAIGN: {
        "title": (Lock.OPEN, "tên phong trào"),
        "plan_number": (Lock.OPEN, "số kế hoạch"),
        "plan_date": (Lock.OPEN, "ngày ban hành kế hoạch"),
        "plan_issuer": (Lock.OPEN, "cơ quan ban hành kế hoạch"),
        "start_date": (Lock.OPEN, "ngày bắt đầu"),
        "end_date": (Lock.OPEN, "ngày kết thúc"),
        "content": (Lock.OPEN, "nội dung"),
        "goals": (Lock.OPEN, "mục tiêu"),
        "legal_bases": (Lock.OPEN, "căn cứ"),
        # the kind (chuyên đề / thường xuyên) is how the statistics (Thông tư 02/2023/TT-BNV, 0601) count it
        "kind": (Lock.LAUNCH, "loại phong trào"),
        # how biểu 0601 counts it: a correction of the statistics, never of what the units did
        "scope": (Lock.OPEN, "phạm vi phát động"),
    },
    PHASE: {
        EXISTS: (Lock.LAUNCH, "giai đoạn"),
        "name": (Lock.OPEN, "tên giai đoạn"),
        "review_period": (Lock.OPEN, "thời điểm sơ kết / tổng kết"),
        "nomination_opens_at": (Lock.OPEN, "thời điểm mở nhận hồ sơ"),
        "nomination_closes_at": (Lock.OPEN, "hạn nộp hồ sơ"),
        "appraisal_deadline": (Lock.OPEN, "hạn thẩm định"),
        "council_date": (Lock.OPEN, "ngày họp Hội đồng"),
        "units_may_edit": (Lock.OPEN, "quyền sửa của đơn vị"),
        # the period decides which results, tasks and sanctions count
        "start_date": (Lock.SESSION, "ngày bắt đầu giai đoạn"),
        "end_date": (Lock.SESSION, "ngày kết thúc giai đoạn"),
        "review_kind": (Lock.SESSION, "hình thức đánh giá"),
        # scoring and visibility settings of the council
        "members_see_scores": (Lock.SESSION, "quyền xem điểm của thành viên khác"),
        "aggregation": (Lock.SESSION, "cách tổng hợp điểm"),
    },
    GROUP: {
        EXISTS: (Lock.OPEN, "nhóm tiêu chí"),
        "code": (Lock.OPEN, "mã nhóm"),
        "name": (Lock.OPEN, "tên nhóm"),
    },
    CRITERION: {
        EXISTS: (Lock.LAUNCH, "tiêu chí"),
        "retired": (Lock.LAUNCH, "việc ngừng dùng tiêu chí"),
        "code": (Lock.LAUNCH, "mã tiêu chí"),
        "max_points": (Lock.LAUNCH, "điểm tối đa"),
        "applies_to": (Lock.LAUNCH, "đối tượng áp dụng"),
        "measure": (Lock.LAUNCH, "loại tiêu chí"),
        "higher_is_better": (Lock.LAUNCH, "chiều đánh giá (càng cao / càng thấp càng tốt)"),
        "source": (Lock.LAUNCH, "nguồn số liệu"),
        "allows_over_100": (Lock.SESSION, "việc cho phép kết quả vượt 100%"),
        "name": (Lock.CORRECTABLE, "tên tiêu chí"),
        "description": (Lock.CORRECTABLE, "mô tả, cách đánh giá"),
        "unit_of_measure": (Lock.CORRECTABLE, "đơn vị tính"),
        "evidence_required": (Lock.SESSION, "yêu cầu minh chứng"),
        "group_id": (Lock.OPEN, "nhóm"),
        "position": (Lock.OPEN, "thứ tự"),
    },
    TARGET: {
        "value": (Lock.CORRECTABLE, "chỉ tiêu"),
    },
    AWARD_FORM: {
        EXISTS: (Lock.OPEN, "hình thức khen thưởng"),
        "code": (Lock.OPEN, "mã"),
        "name": (Lock.OPEN, "tên"),
        "authority": (Lock.OPEN, "người quyết định"),
        "legal_basis": (Lock.OPEN, "căn cứ pháp lý"),
        "kind": (Lock.SESSION, "loại"),
        "level": (Lock.SESSION, "cấp"),
        "applies_to": (Lock.SESSION, "đối tượng áp dụng"),
        "decided_by_board": (Lock.SESSION, "cấp quyết định"),
        "threshold_share": (Lock.SESSION, "tỷ lệ phiếu đồng ý tối thiểu"),
        "threshold_strict": (Lock.SESSION, "cách so tỷ lệ phiếu (trên / từ)"),
        "bonus_individual": (Lock.SESSION, "hệ số tiền thưởng cá nhân"),
        "bonus_collective": (Lock.SESSION, "hệ số tiền thưởng tập thể"),
        "active": (Lock.SESSION, "trạng thái sử dụng"),
        "requires_registration": (Lock.SESSION, "yêu cầu đăng ký thi đua"),
    },
    CONDITION: {
        EXISTS: (Lock.SESSION, "điều kiện"),
    },
    QUOTA: {
        EXISTS: (Lock.SESSION, "chỉ tiêu khen thưởng"),
        "kind": (Lock.SESSION, "cách tính chỉ tiêu khen thưởng"),
        "value": (Lock.SESSION, "chỉ tiêu khen thưởng"),
        "leaders_cap": (Lock.SESSION, "số lãnh đạo tối đa"),
    },
}

CORRECTION = "Sửa thiết lập sau phát động"
MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class SetupState:
    """What decides the freeze: the campaign's stage (None for the award-form catalogue) and whether a
    council session (of the phase; of any phase for a criterion; using it for an award form) opened."""

    stage: Stage | None
    session_opened: bool = False


def lock_of(entity: str, field: str) -> Lock:
    return FIELDS[entity][field][0]


def label_of(entity: str, field: str) -> str:
    return FIELDS[entity][field][1]


def _closed(state: SetupState) -> bool:
    return state.stage == Stage.CLOSED


def _launched(state: SetupState) -> bool:
    return state.stage in (Stage.LAUNCHED, Stage.CLOSED)


def change_problem(entity: str, field: str, state: SetupState) -> str | None:
    """Why an ordinary edit may not change `field` now (Vietnamese), or None when it may."""
    lock, label = FIELDS[entity][field]
    if _closed(state):
        return "Phong trào đã kết thúc: không thay đổi thiết lập được nữa."
    if lock in (Lock.LAUNCH, Lock.CORRECTABLE) and _launched(state):
        if lock == Lock.CORRECTABLE:
            if state.session_opened:
                return f"Hội đồng đã mở phiên họp xét: không sửa {label} được nữa."
            return (f"Phong trào đã phát động: {label} chỉ sửa được bằng thao tác «{CORRECTION}», "
                    "có ghi lý do.")
        what = "thêm hoặc xóa" if field == EXISTS else "thay đổi"
        return (f"Phong trào đã phát động: không {what} {label} được nữa (đơn vị đã thực hiện theo thiết lập "
                "đã công bố).")
    if lock != Lock.OPEN and state.session_opened:
        what = "thêm hoặc xóa" if field == EXISTS else "thay đổi"
        return f"Hội đồng đã mở phiên họp xét: không {what} {label} được nữa."
    return None


def may_change(entity: str, field: str, state: SetupState) -> bool:
    return change_problem(entity, field, state) is None


def correction_problem(entity: str, field: str, state: SetupState) -> str | None:
    """Why the correction action may not change `field` now, or None when it may. The action exists for
    a launched campaign only (in a draft the ordinary edit changes everything) and only for CORRECTABLE
    fields, until a council session opens."""
    lock, label = FIELDS[entity][field]
    if _closed(state):
        return "Phong trào đã kết thúc: không thay đổi thiết lập được nữa."
    if state.stage != Stage.LAUNCHED:
        return f"Phong trào chưa phát động: hãy sửa {label} trực tiếp."
    if lock != Lock.CORRECTABLE:
        return f"«{CORRECTION}» chỉ sửa chỉ tiêu và tên, mô tả, đơn vị tính; không sửa {label}."
    if state.session_opened:
        return f"Hội đồng đã mở phiên họp xét: không sửa {label} được nữa."
    return None


def reason_problem(reason: str | None) -> str | None:
    """A correction needs a reason the audit log keeps: at least a short sentence."""
    if len((reason or "").strip()) < MIN_REASON_LENGTH:
        return f"Hãy ghi lý do sửa (ít nhất {MIN_REASON_LENGTH} ký tự): lý do được lưu vào nhật ký."
    return None


def change_problems(entity: str, fields, state: SetupState) -> dict[str, str]:
    """{field: why not} for each changed field an ordinary edit may not change."""
    problems = {}
    for field in fields:
        problem = change_problem(entity, field, state)
        if problem:
            problems[field] = problem
    return problems


def lock_note(entity: str, field: str, state: SetupState) -> str | None:
    """A short note shown under a field an ordinary edit may no longer change; None when it may."""
    if change_problem(entity, field, state) is None:
        return None
    lock = lock_of(entity, field)
    if _closed(state):
        return "Đã khóa: phong trào đã kết thúc."
    if lock == Lock.CORRECTABLE and not state.session_opened:
        return f"Đã khóa từ khi phát động; sửa bằng «{CORRECTION}»."
    if lock == Lock.LAUNCH:
        return "Đã khóa từ khi phát động phong trào."
    return "Đã khóa từ khi Hội đồng mở phiên họp xét."
