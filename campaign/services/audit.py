"""Record who changed what, when, from where: before → after."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{"field": [before, after]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    action: str,
    obj=None,
    *,
    summary: str = "",
    changes: dict | None = None,
    actor=None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits with its own write)."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    ip = (request.remote_addr or "") if has_request_context() else "cli"
    if obj is not None:
        db.session.flush()  # give a new object its id
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or ("cli" if not has_request_context() else ""),
        ip_address=ip,
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else ""),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        summary=summary,
        changes=changes or {},
    )
    db.session.add(event)
    return event


# --- reading the log: the one label table ---------------------------------------------------------
# What the change log shows: each action as a sentence, the entity by its name, the fields as the pages
# name them, the values as the pages show them; internal fields are not shown. tests/unit/test_audit_labels
# checks that every action code written anywhere in campaign/ has a label here.

ACTION_LABELS: dict[str, str] = {
    "auth.login": "Đăng nhập",
    "auth.login_failed": "Đăng nhập không thành công",
    "auth.logout": "Đăng xuất",
    "auth.password_changed": "Đổi mật khẩu",
    "user.create": "Tạo tài khoản",
    "user.update": "Sửa tài khoản",
    "user.password_reset": "Đặt lại mật khẩu",
    "user.logout_everywhere": "Đăng xuất tài khoản khỏi mọi thiết bị",
    "agency.create": "Nhập thông tin cơ quan",
    "agency.update": "Sửa thông tin cơ quan",
    "signer.create": "Thêm người ký",
    "signer.update": "Sửa người ký",
    "unit.create": "Thêm đơn vị",
    "unit.update": "Sửa đơn vị",
    "person.create": "Thêm cán bộ",
    "person.update": "Sửa thông tin cán bộ",
    "import.units": "Nhập danh sách đơn vị từ tệp",
    "import.people": "Nhập danh sách cán bộ từ tệp",
    "campaign.create": "Tạo phong trào",
    "campaign.update": "Sửa phong trào",
    "campaign.copy": "Sao chép phong trào",
    "phase.create": "Thêm giai đoạn",
    "phase.update": "Sửa giai đoạn",
    "phase.delete": "Xóa giai đoạn",
    "criterion_group.create": "Thêm nhóm tiêu chí",
    "criterion_group.update": "Sửa nhóm tiêu chí",
    "criterion_group.delete": "Xóa nhóm tiêu chí",
    "criterion.create": "Thêm tiêu chí",
    "criterion.update": "Sửa tiêu chí",
    "criterion.delete": "Xóa tiêu chí",
    "criterion.copy": "Sao chép tiêu chí",
    "criterion.correct": "Sửa thiết lập tiêu chí sau phát động",
    "criterion.retire": "Ngừng dùng tiêu chí",
    "criterion.restore": "Dùng lại tiêu chí",
    "criterion.reorder": "Sắp xếp lại tiêu chí",
    "criterion.carry_targets": "Chép chỉ tiêu sang giai đoạn sau",
    "award_form.create": "Thêm hình thức khen thưởng",
    "award_form.update": "Sửa hình thức khen thưởng",
    "award_condition.create": "Thêm điều kiện khen thưởng",
    "award_condition.delete": "Xóa điều kiện khen thưởng",
    "award_quota.set": "Đặt chỉ tiêu khen thưởng",
    "award_quota.delete": "Bỏ chỉ tiêu khen thưởng",
    "base_salary.create": "Thêm mức lương cơ sở",
    "base_salary.delete": "Xóa mức lương cơ sở",
    "plan_task.create": "Thêm nhiệm vụ kế hoạch",
    "plan_task.update": "Sửa nhiệm vụ kế hoạch",
    "plan_task.delete": "Xóa nhiệm vụ kế hoạch",
    "plan_task.import": "Nhập nhiệm vụ kế hoạch từ tệp",
    "task_report.create": "Báo cáo tiến độ nhiệm vụ",
    "task_report.update": "Sửa báo cáo tiến độ nhiệm vụ",
    "result.save": "Ghi kết quả tiêu chí",
    "initiative.create": "Thêm sáng kiến",
    "initiative.update": "Sửa sáng kiến",
    "initiative.delete": "Xóa sáng kiến",
    "nomination.create": "Tạo hồ sơ đề nghị",
    "nomination.update": "Sửa hồ sơ đề nghị",
    "nomination.delete": "Xóa hồ sơ đề nghị",
    "award_record.create": "Ghi khen thưởng đã đạt",
    "award_record.delete": "Xóa khen thưởng đã đạt",
    "sanction.create": "Ghi kỷ luật",
    "sanction.delete": "Xóa kỷ luật",
    "file.upload": "Tải lên tệp",
    "file.delete": "Xóa tệp",
    "unit_extension.grant": "Gia hạn nộp hồ sơ cho đơn vị",
    "unit_extension.withdraw": "Thu hồi gia hạn nộp hồ sơ",
    "demo.load": "Nạp dữ liệu mẫu",
    "council.create": "Thành lập (kiện toàn) Hội đồng theo quyết định",
    "council.update": "Sửa quyết định về Hội đồng",
    "council.members": "Cập nhật thành viên Hội đồng",
    "council.member_add": "Thêm thành viên Hội đồng",
    "council.member_remove": "Bỏ thành viên Hội đồng",
    "council_session.create": "Chuẩn bị phiên họp Hội đồng",
    "council_session.update": "Sửa thiết lập phiên họp Hội đồng",
    "council_session.items_add": "Thêm hồ sơ vào chương trình phiên họp",
    "council_session.item_remove": "Bỏ hồ sơ khỏi chương trình phiên họp",
    "council_session.attendance": "Điểm danh phiên họp Hội đồng",
    "council_session.freeze": "Niêm phong hồ sơ khi mở chấm điểm",
    "council_session.conflict_add": "Ghi nhận xung đột lợi ích của thành viên Hội đồng",
    "council_session.conflict_remove": "Bỏ xung đột lợi ích của thành viên Hội đồng",
    "score.save": "Chấm điểm hồ sơ (Hội đồng)",
    "score.submit": "Nộp phiếu chấm điểm (Hội đồng)",
    "ballot.cast": "Bỏ phiếu kín trong phiên họp Hội đồng",
    "ballot.written": "Nhập phiếu bằng văn bản của thành viên Hội đồng vắng mặt",
    "agenda_item.override": "Chủ tịch Hội đồng đưa hồ sơ qua ngưỡng cắt",
    "council_session.approve": "Phê duyệt kết quả phiên họp Hội đồng",
    "file.generate": "Lưu tệp văn bản đã ban hành",
    "document.draft": "Lập dự thảo văn bản",
    "document.edit": "Sửa nội dung dự thảo văn bản",
    "document.remove_entry": "Bỏ tập thể, cá nhân khỏi danh sách dự thảo",
    "document.discard": "Hủy dự thảo văn bản",
    "document.issue": "Ban hành văn bản (ghi số, ngày)",
    "document.outcome": "Ghi quyết định của cấp trên trả lời Tờ trình",
    "document.correct": "Lập dự thảo văn bản thay thế văn bản đã ban hành",
    "publication.publish": "Công khai danh sách đề nghị khen thưởng",
    "publication.withdraw": "Thu hồi danh sách công khai",
    "objection.file": "Gửi ý kiến phản ánh về danh sách công khai",
    "objection.handle": "Xử lý ý kiến phản ánh",
    "registration_window.open": "Mở đợt đăng ký thi đua",
    "registration_window.update": "Sửa đợt đăng ký thi đua",
    "registration.save": "Lưu đăng ký thi đua của đơn vị",
    "certificate_profile.create": "Khai báo phôi giấy khen",
    "certificate_profile.update": "Sửa phôi giấy khen",
    "certificate.print": "In giấy khen theo quyết định",
    "fund.add": "Ghi sổ quỹ thi đua, khen thưởng",
    "fund.edit": "Sửa dòng sổ quỹ thi đua, khen thưởng",
    "fund.delete": "Xóa dòng sổ quỹ thi đua, khen thưởng",
    "fund.post": "Ghi chi tiền thưởng của quyết định vào sổ quỹ",
    "fund.reverse": "Hoàn lại vào sổ quỹ tiền thưởng của quyết định bị thay thế",
}


def _workflow_and_campaign_labels() -> None:
    """The dossier's workflow steps (`nomination.<event>`, rules.workflow.EVENT_LABELS) and the campaign's
    steps (`campaign.<status>`, CampaignStatus.NEXT) are labelled where they are defined."""
    from ..models import CampaignStatus
    from ..rules.workflow import EVENT_LABELS

    labels = {"submitted": "Nộp hồ sơ đề nghị", "returned": "Trả lại hồ sơ", "resubmitted": "Nộp lại hồ sơ",
              "accepted": "Thẩm định đạt hồ sơ"}
    for event, label in EVENT_LABELS.items():
        ACTION_LABELS.setdefault(f"nomination.{event}", labels.get(event, label))
    for _before, (target, label) in CampaignStatus.NEXT.items():
        ACTION_LABELS.setdefault(f"campaign.{target}", label)
    from ..rules.council import ACTION_LABELS as SESSION_ACTION_LABELS

    for action, label in SESSION_ACTION_LABELS.items():  # the session's steps (services/council.advance)
        ACTION_LABELS.setdefault(f"council_session.{action.value}", f"Phiên họp Hội đồng: {label.lower()}")


_workflow_and_campaign_labels()

# Field names as the pages name them; FIELD_LABELS_BY_TYPE where one name means two things.
FIELD_LABELS: dict[str, str] = {
    "username": "Tên đăng nhập", "full_name": "Họ và tên", "role": "Vai trò", "unit_id": "Đơn vị",
    "person_id": "Cá nhân", "active": "Đang hoạt động", "gender": "Giới tính", "date_of_birth": "Ngày sinh",
    "position": "Chức vụ", "employment_type": "Loại cán bộ", "is_leader": "Là lãnh đạo", "code": "Mã",
    "name": "Tên", "parent_id": "Đơn vị cấp trên", "sort_order": "Thứ tự", "short_name": "Tên gọi tắt",
    "parent_body": "Cơ quan chủ quản", "symbol": "Ký hiệu văn bản", "place_name": "Địa danh",
    "head_title": "Chức danh người đứng đầu", "office_head_title": "Chức danh người đề nghị",
    "establishing_decision": "Quyết định quy định chức năng, nhiệm vụ", "title": "Tên",
    "is_head": "Là người đứng đầu", "kind": "Loại", "plan_number": "Số kế hoạch phát động",
    "plan_date": "Ngày ban hành kế hoạch", "plan_issuer": "Cơ quan ban hành kế hoạch", "start_date": "Bắt đầu",
    "end_date": "Kết thúc", "content": "Nội dung phong trào", "goals": "Mục tiêu, chỉ tiêu",
    "review_kind": "Hình thức đánh giá", "review_period": "Thời điểm sơ kết / tổng kết",
    "nomination_opens_at": "Mở nhận hồ sơ", "nomination_closes_at": "Hạn nộp hồ sơ",
    "appraisal_deadline": "Hạn thẩm định", "council_date": "Ngày họp Hội đồng",
    "units_may_edit": "Đơn vị còn được sửa kết quả, hồ sơ",
    "members_see_scores": "Thành viên Hội đồng xem điểm của người khác", "aggregation": "Cách tổng hợp điểm",
    "group_id": "Nhóm", "description": "Mô tả", "applies_to": "Áp dụng cho", "measure": "Loại tiêu chí",
    "unit_of_measure": "Đơn vị tính", "higher_is_better": "Càng cao càng tốt", "max_points": "Điểm tối đa",
    "evidence_required": "Bắt buộc có minh chứng", "source": "Nguồn số liệu", "retired": "Ngừng dùng",
    "copied_from_id": "Sao chép từ phong trào", "level": "Cấp", "authority": "Người quyết định",
    "decided_by_board": "Ban Quản lý quyết định", "threshold_share": "Tỷ lệ phiếu đồng ý tối thiểu",
    "threshold_strict": "Phải trên tỷ lệ", "bonus_individual": "Hệ số tiền thưởng cá nhân",
    "bonus_collective": "Hệ số tiền thưởng tập thể", "legal_basis": "Căn cứ pháp lý", "alternative": "Phương án",
    "title_id": "Danh hiệu liên quan", "years": "Số năm liên tục", "count": "Số lượng", "percent": "Tỷ lệ (%)",
    "strict": "Phải trên tỷ lệ", "note": "Ghi chú", "value": "Giá trị", "leaders_cap": "Tối đa số lãnh đạo",
    "amount": "Mức lương cơ sở (đồng/tháng)", "effective_from": "Áp dụng từ ngày", "number": "Số thứ tự",
    "section": "Mục", "lead_unit_id": "Đơn vị chủ trì", "lead_text": "Chủ trì (ghi theo kế hoạch)",
    "partner_text": "Phối hợp (ghi theo kế hoạch)", "product": "Sản phẩm / kết quả",
    "deadline_text": "Thời gian hoàn thành (ghi theo kế hoạch)", "deadline": "Hạn cuối", "status": "Tình trạng",
    "completed_on": "Ngày hoàn thành", "product_ref": "Sản phẩm (số văn bản, đường dẫn …)",
    "file_id": "Tệp", "explanation": "Giải trình, cách tính, nguồn số liệu", "first_applied_on": "Ngày áp dụng lần đầu",
    "benefits": "Hiệu quả, lợi ích mang lại", "decision_number": "Số quyết định", "decision_date": "Ngày quyết định",
    "decision_body": "Cơ quan công nhận", "duties": "Chức năng, nhiệm vụ được giao",
    "summary": "Báo cáo tóm tắt thành tích", "members_complete": "Mọi thành viên hoàn thành nhiệm vụ",
    "until": "Gia hạn đến", "reason": "Lý do", "open_sessions": "Phiên đăng nhập đang mở", "file": "Tệp",
    "rows": "Số dòng", "created": "Thêm mới", "updated": "Cập nhật", "new": "Thêm mới", "size": "Dung lượng",
    "has_seal": "Có con dấu riêng", "ethnicity": "Dân tộc", "hometown": "Quê quán", "residence": "Nơi thường trú",
    "qualification": "Trình độ chuyên môn", "political_theory": "Lý luận chính trị",
    "academic_title": "Học hàm, học vị", "allows_over_100": "Kết quả tính bằng % được vượt 100%",
    "appendix": "Phụ lục", "decided_on": "Ngày quyết định", "year": "Năm", "issuer": "Cơ quan quyết định",
    "award_form_id": "Hình thức khen thưởng", "text": "Nội dung", "contribution": "Tỷ lệ đóng góp (%)",
    "basis": "Căn cứ",
    "override": "Đưa qua ngưỡng cắt", "override_reason": "Lý do đưa qua ngưỡng cắt",
}
FIELD_LABELS_BY_TYPE: dict[str, dict[str, str]] = {
    "official_document": {
        "subject": "Trích yếu", "legal_bases": "Căn cứ", "proposer": "Người đề nghị", "reason": "Thành tích",
        "funding": "Nguồn chi tiền thưởng", "execution": "Điều thi hành", "recipients": "Nơi nhận",
        "signer_id": "Người ký", "addressees": "Kính gửi", "body": "Nội dung", "proposal": "Đề nghị",
        "sha256": "Mã SHA-256 của tệp", "assessment": "Đánh giá chung", "directions": "Phương hướng, nhiệm vụ",
        "proceedings": "Diễn biến cuộc họp", "conclusions": "Kết luận", "closing_time": "Giờ kết thúc",
        "started_at": "Giờ bắt đầu", "place": "Địa điểm", "difficulties": "Khó khăn, vướng mắc",
        "next_steps": "Nhiệm vụ trọng tâm thời gian tới", "note": "Ghi chú",
        "count": "Số giấy khen đã in", "profile": "Phôi giấy khen"},
    "unit": {"code": "Mã đơn vị", "name": "Tên đơn vị", "active": "Đang hoạt động"},
    "person": {"active": "Đang công tác"},
    "agency": {"name": "Tên cơ quan"},
    "signer": {"title": "Chức vụ", "active": "Đang ký văn bản"},
    "campaign": {"title": "Tên phong trào", "kind": "Loại phong trào", "scope": "Phạm vi phát động"},
    "phase": {"name": "Tên giai đoạn"},
    "criterion_group": {"code": "Mã nhóm", "name": "Tên nhóm (nội dung thi đua)"},
    "criterion": {"code": "Mã tiêu chí", "name": "Tên tiêu chí", "description": "Mô tả, cách đánh giá"},
    "award_form": {"active": "Đang sử dụng", "kind": "Loại"},
    "award_condition": {"kind": "Điều kiện", "level": "Cấp sáng kiến / mức kỷ luật"},
    "award_quota": {"kind": "Cách tính"},
    "plan_task": {"name": "Tên nhiệm vụ", "legal_basis": "Cơ sở, căn cứ thực hiện", "source": "Kế hoạch nguồn"},
    "initiative": {"title": "Tên sáng kiến, giải pháp", "level": "Cấp công nhận",
                   "decision_number": "Số quyết định công nhận"},
    "result": {"value": "Kết quả đạt được"},
    "sanction": {"level": "Hình thức kỷ luật"},
    "user_account": {"unit_id": "Đơn vị (với cán bộ thi đua đơn vị)"},
    "council": {"name": "Tên Hội đồng", "issuer": "Cơ quan, người ban hành quyết định",
                "members": "Thành viên Hội đồng", "note": "Ghi chú"},
    "certificate_profile": {"name": "Tên phôi", "paper": "Khổ giấy", "orientation": "Chiều giấy",
                            "offset_x_mm": "Độ lệch ngang của máy in (mm)",
                            "offset_y_mm": "Độ lệch dọc của máy in (mm)", "fields": "Các ô in",
                            "active": "Đang sử dụng", "note": "Ghi chú"},
    "fund_entry": {"year": "Năm của sổ quỹ", "kind": "Thu / chi", "entry_date": "Ngày ghi sổ",
                   "amount": "Số tiền (đồng)", "description": "Nội dung", "basis": "Căn cứ"},
    "council_session": {"title": "Tên phiên họp", "status": "Bước của phiên họp", "council_id": "Hội đồng",
                        "items": "Số hồ sơ trong chương trình"},
}
FIELD_LABELS.update({
    "term_start": "Nhiệm kỳ từ ngày", "term_end": "Nhiệm kỳ đến ngày", "held_on": "Ngày họp",
    "starts_at": "Giờ họp", "place": "Địa điểm", "quorum_numerator": "Tỷ lệ có mặt tối thiểu (tử số)",
    "quorum_denominator": "Tỷ lệ có mặt tối thiểu (mẫu số)",
    "recused_leave_ballot": "Thành viên tránh chấm điểm không bỏ phiếu hồ sơ đó",
    "scores_attributed": "Bảng điểm xuất ra ghi tên người chấm",
    "women_priority": "Ưu tiên nữ khi bằng thành tích",
})
# Internal: never shown (fingerprints, storage names, keys computed from other fields).
HIDDEN_FIELDS = frozenset({"sha256", "storage_name", "password_hash", "version", "sort_key", "search_name",
                           "subject"})
_NUMERIC = frozenset({"value", "max_points", "percent", "bonus_individual", "bonus_collective", "amount",
                      "count", "years", "leaders_cap", "rows", "created", "updated", "new", "open_sessions",
                      "alternative", "sort_order"})
_REFERENCES = {"unit_id": "unit", "parent_id": "unit", "lead_unit_id": "unit", "person_id": "person",
               "title_id": "award_form", "award_form_id": "award_form", "group_id": "criterion_group",
               "file_id": "stored_file", "copied_from_id": "campaign"}
EMPTY = "(trống)"


def _vocabularies() -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    """{field: {code: label}} and {(object type, field): {code: label}}, from where each list is defined."""
    from ..models import (
        AGGREGATIONS,
        APPLIES_TO,
        AWARD_KINDS,
        AWARD_LEVELS,
        CAMPAIGN_KINDS,
        CAMPAIGN_SCOPES,
        CONDITION_KINDS,
        CRITERION_SOURCES,
        EMPLOYMENT_TYPES,
        FUND_KINDS,
        GENDERS,
        INITIATIVE_LEVELS,
        MEASURES,
        QUOTA_KINDS,
        REVIEW_KINDS,
        SANCTION_LEVELS,
        TASK_STATUSES,
        CampaignStatus,
        Role,
    )
    from ..rules.workflow import STATUS_LABELS

    general = {"gender": GENDERS, "employment_type": EMPLOYMENT_TYPES, "role": Role.LABELS,
               "applies_to": APPLIES_TO, "measure": MEASURES, "source": CRITERION_SOURCES,
               "review_kind": REVIEW_KINDS, "aggregation": AGGREGATIONS}
    by_type = {("nomination", "status"): {str(k): v for k, v in STATUS_LABELS.items()},
               ("campaign", "status"): CampaignStatus.LABELS, ("task_report", "status"): TASK_STATUSES,
               ("campaign", "kind"): CAMPAIGN_KINDS, ("campaign", "scope"): CAMPAIGN_SCOPES,
               ("award_form", "kind"): AWARD_KINDS,
               ("award_condition", "kind"): CONDITION_KINDS, ("award_quota", "kind"): QUOTA_KINDS,
               ("award_form", "level"): AWARD_LEVELS, ("initiative", "level"): INITIATIVE_LEVELS,
               ("sanction", "level"): SANCTION_LEVELS, ("fund_entry", "kind"): FUND_KINDS,
               ("award_condition", "level"): {**INITIATIVE_LEVELS, **SANCTION_LEVELS}}
    return general, by_type


def field_label(object_type: str, name: str) -> str:
    return FIELD_LABELS_BY_TYPE.get(object_type, {}).get(name) or FIELD_LABELS.get(name) or name.replace("_", " ")


def _as_date(text: str) -> dt.date | dt.datetime | None:
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def show_value(object_type: str, name: str, value: Any, names: dict[tuple[str, int], str] | None = None) -> str:
    """A recorded value as the pages show it."""
    from ..vietnamese import file_size, number, short_date, short_datetime

    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name in _REFERENCES and isinstance(value, int):
        return (names or {}).get((_REFERENCES[name], value), f"(đã xóa, số {value})")
    general, by_type = _vocabularies()
    vocabulary = by_type.get((object_type, name)) or general.get(name)
    if vocabulary is not None and str(value) in vocabulary:
        label = vocabulary[str(value)]
        return label[:1].upper() + label[1:]
    if name == "size" and isinstance(value, int):
        return file_size(value)
    if name == "year" and isinstance(value, int):
        return str(value)  # 2026, not 2.026
    if name == "threshold_share":
        try:
            return f"{number(decimal.Decimal(str(value)) * 100, 2)}%"
        except decimal.InvalidOperation:
            return str(value)
    if name in _NUMERIC:
        try:
            return number(decimal.Decimal(str(value)), 4)
        except decimal.InvalidOperation:
            return str(value)
    if isinstance(value, int | float):
        return number(value, 4)
    text = str(value)
    if isinstance(value, str) and len(text) in (10, 19, 26) and text[:4].isdigit() and text[4:5] == "-":
        moment = _as_date(text)
        if isinstance(moment, dt.datetime):
            return short_datetime(moment)
        if moment is not None:
            return short_date(moment)
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 300 else text[:299] + "…"


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class LabelledEvent:
    """An audit event as the change log shows it."""

    event: AuditEvent
    action: str
    entity: str
    actor: str
    changes: list[Change]

    @property
    def created_at(self) -> dt.datetime:
        return self.event.created_at

    @property
    def text(self) -> str:
        """The event in one sentence (the home page's recent changes)."""
        return self.event.summary or " ".join(filter(None, [self.action, self.entity]))


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def _entity_names(wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """{(object type, id): its name} for the entities named on a page of the log: one query per type."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from ..models import (
        Agency,
        AwardCondition,
        AwardForm,
        AwardQuota,
        AwardRecord,
        BaseSalaryRate,
        Campaign,
        Council,
        CouncilSession,
        Criterion,
        CriterionGroup,
        FundEntry,
        Initiative,
        Nomination,
        Person,
        Phase,
        PlanTask,
        RegistrationWindow,
        Result,
        Sanction,
        Signer,
        StoredFile,
        TaskReport,
        Unit,
        UnitExtension,
        UnitRegistration,
        User,
    )
    from ..vietnamese import short_date

    def nominee(n):
        return f"{n.nominee_name} · {n.award_form.name}"

    readers = {
        "unit": (Unit, (), lambda u: u.name),
        "person": (Person, (), lambda p: p.full_name),
        "user_account": (User, (), lambda u: f"{u.full_name} ({u.username})"),
        "agency": (Agency, (), lambda a: a.name),
        "signer": (Signer, (), lambda s: s.full_name),
        "campaign": (Campaign, (), lambda c: c.title),
        "phase": (Phase, (), lambda p: p.name),
        "criterion_group": (CriterionGroup, (), lambda g: g.name),
        "criterion": (Criterion, (), lambda c: f"{c.code} – {c.name}"),
        "award_form": (AwardForm, (), lambda a: a.name),
        "award_condition": (AwardCondition, (joinedload(AwardCondition.award_form),), lambda c: c.award_form.name),
        "award_quota": (AwardQuota, (joinedload(AwardQuota.award_form),), lambda q: q.award_form.name),
        "base_salary_rate": (BaseSalaryRate, (), lambda r: f"từ {short_date(r.effective_from)}"),
        "plan_task": (PlanTask, (), lambda t: f"{t.number} {t.name}".strip()),
        "task_report": (TaskReport, (joinedload(TaskReport.task), joinedload(TaskReport.unit)),
                        lambda r: f"{r.task.name} ({r.unit.name})"),
        "initiative": (Initiative, (), lambda i: i.title),
        "nomination": (Nomination, (joinedload(Nomination.person), joinedload(Nomination.nominee_unit),
                                    joinedload(Nomination.award_form)), nominee),
        "award_record": (AwardRecord, (), lambda r: f"{r.title} năm {r.year}"),
        "sanction": (Sanction, (joinedload(Sanction.person),), lambda s: s.person.full_name),
        "stored_file": (StoredFile, (), lambda f: f.original_name),
        "unit_extension": (UnitExtension, (joinedload(UnitExtension.unit), joinedload(UnitExtension.phase)),
                           lambda e: f"{e.unit.name} · {e.phase.name}"),
        "council": (Council, (), lambda c: f"Hội đồng theo Quyết định số {c.decision_number}"),
        "council_session": (CouncilSession, (), lambda s: f"{s.title} ({short_date(s.held_on)})"),
        "registration_window": (RegistrationWindow, (joinedload(RegistrationWindow.phase),),
                                lambda w: f"Đăng ký thi đua {w.round_label}"),
        "unit_registration": (UnitRegistration, (joinedload(UnitRegistration.unit),
                                                 joinedload(UnitRegistration.window).joinedload(RegistrationWindow.phase)),
                              lambda r: f"{r.unit.name} · đăng ký thi đua {r.window.round_label}"),
        "fund_entry": (FundEntry, (), lambda e: f"Sổ quỹ năm {e.year}: {e.description}"),
    }
    names: dict[tuple[str, int], str] = {}
    if wanted.get("result"):  # a result has no relationships to its nominee: one joined query
        for ident, code, person, unit in db.session.execute(
                select(Result.id, Criterion.code, Person.full_name, Unit.name).join(Criterion)
                .join(Unit, Unit.id == Result.unit_id).outerjoin(Person, Person.id == Result.person_id)
                .where(Result.id.in_(wanted["result"]))):
            names[("result", ident)] = f"tiêu chí {code} của {person or unit}"
    for object_type, ids in wanted.items():
        if object_type not in readers or not ids:
            continue
        model, options, name_of = readers[object_type]
        for obj in db.session.scalars(select(model).where(model.id.in_(ids)).options(*options)).unique():
            names[(object_type, obj.id)] = name_of(obj)
    return names


def labelled(events: list[AuditEvent]) -> list[LabelledEvent]:
    """The events as the change log shows them (a fixed number of queries: one per kind of entity named)."""
    from sqlalchemy import select

    from ..models import User

    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.object_type and e.object_id:
            wanted.setdefault(e.object_type, set()).add(e.object_id)
        for name, pair in (e.changes or {}).items():
            if name in _REFERENCES and isinstance(pair, list):
                wanted.setdefault(_REFERENCES[name], set()).update(v for v in pair if isinstance(v, int))
    names = _entity_names(wanted)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    actors = {u.id: u.full_name for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))} \
        if actor_ids else {}
    out = []
    for e in events:
        entity = ""
        if e.object_type and e.object_id:
            entity = names.get((e.object_type, e.object_id), "")
        changes = [Change(field_label(e.object_type, name), show_value(e.object_type, name, pair[0], names),
                          show_value(e.object_type, name, pair[1], names))
                   for name, pair in (e.changes or {}).items()
                   if name not in HIDDEN_FIELDS and isinstance(pair, list) and len(pair) == 2]
        actor = actors.get(e.actor_id) or e.actor_name or ("hệ thống" if e.ip_address == "cli"
                                                            else "(chưa đăng nhập)")
        if actor == "cli":
            actor = "hệ thống"
        out.append(LabelledEvent(e, action_label(e.action), entity, actor, changes))
    return out


# The log's filter: groups of actions, by the prefix of their code.
ACTION_GROUPS: list[tuple[str, str]] = [
    ("auth.", "Đăng nhập, đăng xuất"), ("user.", "Tài khoản"), ("agency.", "Cơ quan"), ("signer.", "Người ký"),
    ("unit.", "Đơn vị"), ("person.", "Cán bộ"), ("import.", "Nhập từ tệp"), ("campaign.", "Phong trào"),
    ("phase.", "Giai đoạn"), ("criterion", "Tiêu chí"), ("award", "Hình thức, điều kiện khen thưởng"),
    ("base_salary.", "Lương cơ sở"), ("plan_task.", "Nhiệm vụ kế hoạch"), ("task_report.", "Báo cáo tiến độ"),
    ("result.", "Kết quả tiêu chí"), ("initiative.", "Sáng kiến"), ("nomination.", "Hồ sơ đề nghị"),
    ("sanction.", "Kỷ luật"), ("file.", "Tệp"), ("unit_extension.", "Gia hạn nộp hồ sơ"),
    ("council", "Hội đồng, phiên họp"), ("registration", "Đăng ký thi đua"), ("fund.", "Sổ quỹ thi đua, khen thưởng"),
]


# Đăng ký thi đua (services/registration.py): the window's and the unit registration's fields.
FIELD_LABELS_BY_TYPE.setdefault("registration_window", {}).update(
    {"opens_at": "Mở đăng ký", "closes_at": "Hạn đăng ký", "note": "Ghi chú"})
FIELD_LABELS_BY_TYPE.setdefault("unit_registration", {}).update(
    {"collective": "Danh hiệu tập thể đăng ký", "lines": "Số lượt cá nhân đăng ký", "commitments": "Chỉ tiêu cam kết"})
FIELD_LABELS_BY_TYPE.setdefault("award_form", {}).update({"requires_registration": "Yêu cầu đăng ký thi đua"})
