
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ...models import EMPLOYMENT_TYPES, GENDERS
from ...services.org import UNIT_CODE_PATTERN, date_of_birth_problem
from ..forms import BaseForm, VietnameseDateField


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a real id: the choice check refuses it with a Vietnamese message


class AgencyForm(BaseForm):
    version = HiddenField()
    name = StringField("Tên cơ quan", validators=[DataRequired("Hãy nhập tên cơ quan."), Length(max=300)],
                       description="Ví dụ: Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa")
    short_name = StringField("Tên gọi tắt", validators=[Optional(), Length(max=100)],
                             description="Ví dụ: Ban Quản lý")
    parent_body = StringField("Cơ quan chủ quản", validators=[DataRequired("Hãy nhập cơ quan chủ quản."),
                                                              Length(max=300)],
                              description="Dòng trên cùng của văn bản, ví dụ: UBND TỈNH KHÁNH HÒA")
    symbol = StringField("Ký hiệu văn bản", validators=[
        DataRequired("Hãy nhập ký hiệu văn bản."), Length(max=30),
        Regexp(r"^[A-Za-zĐđ0-9\-]+$", message="Ký hiệu chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang."),
    ], description="Phần sau dấu gạch trong số văn bản, ví dụ: KKTKCN trong 05/QĐ-KKTKCN")
    place_name = StringField("Địa danh", validators=[DataRequired("Hãy nhập địa danh."), Length(max=100)],
                             description="Ví dụ: Khánh Hòa, trong «Khánh Hòa, ngày … tháng … năm …»")
    head_title = StringField("Chức danh người đứng đầu", validators=[DataRequired("Hãy nhập chức danh."),
                                                                     Length(max=100)], default="Trưởng Ban")
    office_head_title = StringField("Chức danh người đề nghị", validators=[
        DataRequired("Hãy nhập chức danh."), Length(max=100)], default="Chánh Văn phòng",
        description="Trong «Theo đề nghị của Chánh Văn phòng …»")
    establishing_decision = StringField("Quyết định quy định chức năng, nhiệm vụ của cơ quan", validators=[
        Optional(), Length(max=300)],
        description="Căn cứ đầu tiên của các quyết định khen thưởng, ví dụ: Quyết định số 27/2025/QĐ-UBND ngày "
                    "25/7/2025 của Ủy ban nhân dân tỉnh")


class SignerForm(BaseForm):
    full_name = StringField("Họ và tên", validators=[DataRequired("Hãy nhập họ và tên người ký."), Length(max=120)])
    title = StringField("Chức vụ", validators=[DataRequired("Hãy nhập chức vụ."), Length(max=100)],
                        description="Ví dụ: Trưởng Ban, Phó Trưởng Ban")
    is_head = BooleanField("Là người đứng đầu (ký thẳng, không «KT.»)")
    sort_order = IntegerField("Thứ tự", default=0, validators=[Optional(), NumberRange(0, 999)])
    active = BooleanField("Đang ký văn bản", default=True)


class UnitForm(BaseForm):
    version = HiddenField()
    code = StringField("Mã đơn vị", validators=[
        DataRequired("Hãy nhập mã đơn vị."), Length(max=20),
        Regexp(UNIT_CODE_PATTERN, message="Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới."),
    ], description="Ví dụ: VP, KHDT. Dùng trong tên tài khoản donvi.<mã>.")
    name = StringField("Tên đơn vị", validators=[DataRequired("Hãy nhập tên đơn vị."), Length(max=200)])
    parent_id = SelectField("Đơn vị cấp trên", coerce=_coerce_int_or_none, validate_choice=True)
    sort_order = IntegerField("Thứ tự hiển thị", default=0,
                              validators=[Optional(), NumberRange(0, 9999, "Thứ tự phải từ 0 đến 9999.")])
    has_seal = BooleanField("Có con dấu riêng", description=(
        "Đánh dấu cho trung tâm, Ban Quản lý dự án có con dấu riêng. Phòng chuyên môn không có con dấu: "
        "dưới chữ ký của trưởng phòng, báo cáo thành tích ghi «(Ký, ghi rõ họ và tên)» thay cho «(Ký, đóng dấu)»."))
    active = BooleanField("Đang hoạt động", default=True)


class PersonForm(BaseForm):
    version = HiddenField()
    full_name = StringField("Họ và tên", validators=[DataRequired("Hãy nhập họ và tên."), Length(max=120)])
    gender = SelectField("Giới tính", choices=list(GENDERS.items()),
                         validators=[InputRequired("Hãy chọn giới tính.")])
    date_of_birth = VietnameseDateField("Ngày sinh", validators=[Optional()])
    position = StringField("Chức vụ", validators=[Optional(), Length(max=150)],
                           description="Ví dụ: Trưởng phòng, Chuyên viên")
    employment_type = SelectField("Loại cán bộ", choices=list(EMPLOYMENT_TYPES.items()),
                                  validators=[InputRequired("Hãy chọn loại cán bộ.")])
    is_leader = BooleanField("Là lãnh đạo (cấp phòng trở lên)")
    unit_id = SelectField("Đơn vị", coerce=_coerce_int_or_none, validate_choice=True,
                          validators=[InputRequired("Hãy chọn đơn vị.")])
    active = BooleanField("Đang công tác", default=True)
    # The decree's individual achievement report (I. Sơ lược lý lịch): optional, printed when filled in.
    ethnicity = StringField("Dân tộc", validators=[Optional(), Length(max=50)], description="Ví dụ: Kinh")
    hometown = StringField("Quê quán", validators=[Optional(), Length(max=200)],
                           description="Ví dụ: xã Ninh Hòa, tỉnh Khánh Hòa")
    residence = StringField("Nơi thường trú", validators=[Optional(), Length(max=300)])
    qualification = StringField("Trình độ chuyên môn, nghiệp vụ", validators=[Optional(), Length(max=200)],
                                description="Ví dụ: Cử nhân Kinh tế")
    political_theory = StringField("Trình độ lý luận chính trị", validators=[Optional(), Length(max=100)],
                                   description="Ví dụ: Trung cấp, Cao cấp")
    academic_title = StringField("Học hàm, học vị", validators=[Optional(), Length(max=150)],
                                 description="Ví dụ: Thạc sĩ Quản lý kinh tế")

    def validate_date_of_birth(self, field):
        problem = date_of_birth_problem(field.data)
        if problem:
            raise ValidationError(problem)
