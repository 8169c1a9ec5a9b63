from decimal import Decimal

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...models import (
    AGGREGATIONS,
    APPLIES_TO,
    AWARD_KINDS,
    AWARD_LEVELS,
    CAMPAIGN_KINDS,
    CAMPAIGN_SCOPES,
    CONDITION_KINDS,
    CRITERION_SOURCES,
    INITIATIVE_LEVELS,
    MEASURES,
    QUOTA_KINDS,
    REVIEW_KINDS,
    SANCTION_LEVELS,
)
from ..forms import BaseForm, VietnameseDateField, VietnameseDateTimeField, VietnameseDecimalField
from ..org.forms import _coerce_int_or_none


class CampaignForm(BaseForm):
    version = HiddenField()
    title = StringField("Tên phong trào", validators=[DataRequired("Hãy nhập tên phong trào."), Length(max=400)])
    kind = SelectField("Loại phong trào", choices=list(CAMPAIGN_KINDS.items()),
                       validators=[InputRequired("Hãy chọn loại phong trào.")])
    # absent from a post: kept as it is (a new campaign: the agency's own)
    scope = SelectField("Phạm vi phát động", choices=list(CAMPAIGN_SCOPES.items()), default="agency",
                        description="Dùng cho biểu thống kê 0601 (Thông tư 02/2023/TT-BNV).")
    plan_number = StringField("Số kế hoạch phát động", validators=[Optional(), Length(max=60)],
                              description="Ví dụ: 123/KH-KKTKCN; để trống khi chưa có số.")
    plan_date = VietnameseDateField("Ngày ban hành kế hoạch", validators=[Optional()])
    plan_issuer = StringField("Cơ quan ban hành kế hoạch", validators=[Optional(), Length(max=300)])
    start_date = VietnameseDateField("Bắt đầu", validators=[InputRequired("Hãy nhập ngày bắt đầu.")])
    end_date = VietnameseDateField("Kết thúc", validators=[InputRequired("Hãy nhập ngày kết thúc.")])
    legal_bases = TextAreaField("Căn cứ (mỗi dòng một căn cứ, theo thứ tự trong văn bản)",
                                validators=[Optional(), Length(max=10000)])
    content = TextAreaField("Nội dung phong trào", validators=[Optional(), Length(max=20000)])
    goals = TextAreaField("Mục tiêu, chỉ tiêu", validators=[Optional(), Length(max=20000)])


class CopyCampaignForm(BaseForm):
    title = StringField("Tên phong trào mới", validators=[DataRequired("Hãy nhập tên phong trào mới."),
                                                          Length(max=400)])
    start_year = IntegerField("Năm bắt đầu", validators=[
        Optional(), NumberRange(2000, 2100, "Năm bắt đầu phải từ 2000 đến 2100.")],
        description="Mọi mốc thời gian dời theo cùng số năm. Để trống để giữ nguyên.")


class PhaseForm(BaseForm):
    version = HiddenField()
    name = StringField("Tên giai đoạn", validators=[DataRequired("Hãy nhập tên giai đoạn."), Length(max=100)])
    start_date = VietnameseDateField("Bắt đầu", validators=[InputRequired("Hãy nhập ngày bắt đầu.")])
    end_date = VietnameseDateField("Kết thúc", validators=[InputRequired("Hãy nhập ngày kết thúc.")])
    review_kind = SelectField("Hình thức đánh giá", choices=list(REVIEW_KINDS.items()))
    review_period = StringField("Thời điểm sơ kết / tổng kết", validators=[Optional(), Length(max=60)],
                                description="Ví dụ: Quý IV/2027")
    nomination_opens_at = VietnameseDateTimeField("Mở nhận hồ sơ", validators=[Optional()])
    nomination_closes_at = VietnameseDateTimeField("Hạn nộp hồ sơ", validators=[Optional()])
    appraisal_deadline = VietnameseDateField("Hạn thẩm định", validators=[Optional()])
    council_date = VietnameseDateField("Ngày họp Hội đồng", validators=[Optional()])
    units_may_edit = BooleanField("Đơn vị còn được sửa kết quả, hồ sơ (trong thời hạn nộp)", default=True)
    members_see_scores = BooleanField("Thành viên Hội đồng xem điểm của người khác trước khi chấm xong")
    aggregation = SelectField("Cách tổng hợp điểm các thành viên", choices=list(AGGREGATIONS.items()))


class GroupForm(BaseForm):
    code = StringField("Mã nhóm", validators=[DataRequired("Hãy nhập mã nhóm."), Length(max=20)])
    name = StringField("Tên nhóm (nội dung thi đua)", validators=[DataRequired("Hãy nhập tên nhóm."),
                                                                  Length(max=400)])


class CriterionForm(BaseForm):
    version = HiddenField()
    group_id = SelectField("Nhóm", coerce=_coerce_int_or_none, validate_choice=True)
    code = StringField("Mã tiêu chí", validators=[DataRequired("Hãy nhập mã tiêu chí."), Length(max=20)])
    name = StringField("Tên tiêu chí", validators=[DataRequired("Hãy nhập tên tiêu chí."), Length(max=500)])
    description = TextAreaField("Mô tả, cách đánh giá", validators=[Optional(), Length(max=5000)])
    applies_to = SelectField("Áp dụng cho", choices=list(APPLIES_TO.items()))
    measure = SelectField("Loại tiêu chí", choices=list(MEASURES.items()))
    unit_of_measure = StringField("Đơn vị tính", validators=[Optional(), Length(max=40)],
                                  description="Với tiêu chí định lượng: %, tin bài/năm, sáng kiến …")
    higher_is_better = BooleanField("Càng cao càng tốt (bỏ chọn nếu càng thấp càng tốt)", default=True)
    allows_over_100 = BooleanField("Kết quả tính bằng % được vượt 100% (chỉ tiêu có thể vượt kế hoạch)",
                                   description="Bỏ chọn khi kết quả là một tỷ lệ (từ 0 đến 100%): số lớn hơn 100 sẽ bị từ chối như một lỗi gõ.")
    max_points = VietnameseDecimalField("Điểm tối đa", places=2, validators=[
        InputRequired("Hãy nhập điểm tối đa."), NumberRange(Decimal("0.01"), 100, "Điểm tối đa từ 0,01 đến 100.")])
    evidence_required = BooleanField("Bắt buộc có minh chứng")
    source = SelectField("Nguồn số liệu", choices=list(CRITERION_SOURCES.items()))


def criterion_form_class(phases):
    """CriterionForm with one target field per phase of the campaign."""

    class Form(CriterionForm):
        pass

    for phase in phases:
        setattr(Form, f"target_{phase.id}", _target_field(phase))
    return Form


def _target_field(phase):
    return VietnameseDecimalField(
        f"Chỉ tiêu {phase.name}", places=4,
        validators=[Optional(), NumberRange(min=Decimal("0.0001"), message="Chỉ tiêu phải lớn hơn 0.")])


class CorrectionForm(BaseForm):
    """«Sửa thiết lập sau phát động»: a launched criterion's wording and targets, with a reason."""

    version = HiddenField()
    name = StringField("Tên tiêu chí", validators=[DataRequired("Hãy nhập tên tiêu chí."), Length(max=500)])
    description = TextAreaField("Mô tả, cách đánh giá", validators=[Optional(), Length(max=5000)])
    unit_of_measure = StringField("Đơn vị tính", validators=[Optional(), Length(max=40)])
    reason = TextAreaField("Lý do sửa (bắt buộc, được ghi vào nhật ký)", validators=[
        DataRequired("Hãy ghi lý do sửa: lý do được lưu vào nhật ký."), Length(max=2000)])


def correction_form_class(phases):
    """CorrectionForm with one target field per phase (none for a qualitative criterion)."""

    class Form(CorrectionForm):
        pass

    for phase in phases:
        setattr(Form, f"target_{phase.id}", _target_field(phase))
    return Form


class AwardFormForm(BaseForm):
    version = HiddenField()
    code = StringField("Mã", validators=[DataRequired("Hãy nhập mã."), Length(max=20)],
                       description="Ví dụ: GK, BKUBND, LDTT, CSTDCS")
    name = StringField("Tên", validators=[DataRequired("Hãy nhập tên."), Length(max=200)])
    kind = SelectField("Loại", choices=list(AWARD_KINDS.items()))
    level = SelectField("Cấp", choices=list(AWARD_LEVELS.items()))
    authority = StringField("Người quyết định", validators=[Optional(), Length(max=200)],
                            description="Ví dụ: Trưởng Ban Quản lý, Chủ tịch UBND tỉnh")
    applies_to = SelectField("Áp dụng cho", choices=list(APPLIES_TO.items()))
    decided_by_board = BooleanField("Ban Quản lý quyết định (soạn Quyết định); bỏ chọn nếu trình cấp trên (soạn Tờ trình)")
    threshold_percent = VietnameseDecimalField("Tỷ lệ phiếu đồng ý tối thiểu (% tổng số thành viên Hội đồng)",
                                               places=2, example="66,67", validators=[
        InputRequired("Hãy nhập tỷ lệ phiếu."), NumberRange(1, 100, "Tỷ lệ phiếu từ 1 đến 100%%.")])
    threshold_strict = BooleanField("Phải trên tỷ lệ này (bỏ chọn: từ tỷ lệ này trở lên)")
    bonus_individual = VietnameseDecimalField("Hệ số tiền thưởng cá nhân", places=2, example="1,5",
                                              validators=[Optional(), NumberRange(0, 100, "Hệ số từ 0 đến 100.")])
    bonus_collective = VietnameseDecimalField("Hệ số tiền thưởng tập thể", places=2, example="1,5",
                                              validators=[Optional(), NumberRange(0, 100, "Hệ số từ 0 đến 100.")])
    legal_basis = TextAreaField("Căn cứ pháp lý", validators=[Optional(), Length(max=5000)])
    active = BooleanField("Đang sử dụng", default=True)
    requires_registration = BooleanField("Yêu cầu đăng ký thi đua: chỉ xét người (tập thể) đã đăng ký hình thức "
                                         "này trong đợt đăng ký thi đua của giai đoạn")


class ConditionForm(BaseForm):
    alternative = IntegerField("Phương án", default=1, validators=[
        InputRequired("Hãy nhập số phương án."), NumberRange(1, 9, "Phương án từ 1 đến 9.")],
        description="Các điều kiện cùng phương án phải cùng đạt; chỉ cần đạt một phương án.")
    kind = SelectField("Điều kiện", choices=list(CONDITION_KINDS.items()))
    title_id = SelectField("Danh hiệu liên quan", coerce=_coerce_int_or_none, validate_choice=True)
    years = IntegerField("Số năm liên tục", validators=[Optional(), NumberRange(1, 10, "Từ 1 đến 10 năm.")])
    count = IntegerField("Số lượng", validators=[Optional(), NumberRange(1, 100, "Từ 1 đến 100.")])
    level = SelectField("Cấp sáng kiến / mức kỷ luật",
                        choices=[("", "(Không)")] + list(INITIATIVE_LEVELS.items()) + list(SANCTION_LEVELS.items()),
                        default="")
    percent = VietnameseDecimalField("Tỷ lệ (%)", places=2, validators=[
        Optional(), NumberRange(Decimal("0.01"), 100, "Tỷ lệ từ 0,01 đến 100%%.")])
    strict = BooleanField("Phải trên tỷ lệ (bỏ chọn: từ tỷ lệ trở lên)")
    note = StringField("Ghi chú", validators=[Optional(), Length(max=300)])


class QuotaForm(BaseForm):
    phase_id = SelectField("Giai đoạn", coerce=_coerce_int_or_none, validate_choice=True)
    kind = SelectField("Cách tính", choices=list(QUOTA_KINDS.items()))
    value = VietnameseDecimalField("Giá trị", places=2, validators=[
        InputRequired("Hãy nhập giá trị."), NumberRange(Decimal("0.01"), 100000, "Giá trị phải lớn hơn 0.")])
    leaders_cap = IntegerField("Tối đa số lãnh đạo", validators=[Optional(), NumberRange(0, 10000, "Không âm.")])


class BaseSalaryForm(BaseForm):
    effective_from = VietnameseDateField("Áp dụng từ ngày", validators=[InputRequired("Hãy nhập ngày áp dụng.")])
    amount = VietnameseDecimalField("Mức lương cơ sở (đồng/tháng)", places=0, example="2.340.000", validators=[
        InputRequired("Hãy nhập mức lương cơ sở."), NumberRange(100000, 100000000, "Mức lương cơ sở không hợp lý.")])
    basis = StringField("Căn cứ", validators=[Optional(), Length(max=300)],
                        description="Ví dụ: Nghị định số 73/2024/NĐ-CP")
