"""Forms of the plan-task pages: one task, a progress report, an import (file or pasted table)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput, TextArea

from ...models import TASK_STATUSES
from ...services import files as file_service
from ..forms import BaseForm, VietnameseDateField

MAX_PASTE_CHARS = 1_000_000
MAX_PASTE_HTML_CHARS = 8_000_000  # a Word clipboard carries its styles


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a real id: the choice check refuses it


class RawTextAreaField(Field):
    """A text area whose content is kept exactly as typed or pasted: the tabs between the cells of a pasted
    table matter (the base form would fold them into spaces)."""

    widget = TextArea()

    def _value(self) -> str:
        return self.data or ""

    def process_formdata(self, valuelist) -> None:
        self.data = valuelist[0] if valuelist else ""


class RawHiddenField(RawTextAreaField):
    """What the rich paste area captured from the clipboard (text/html), kept as it came (static/app.js)."""

    widget = HiddenInput()


class TaskForm(BaseForm):
    version = HiddenField()
    number = StringField("Số thứ tự", validators=[Optional(), Length(max=20)], description="Ví dụ: 1, II.2")
    section = StringField("Mục", validators=[Optional(), Length(max=300)],
                          description="Ví dụ: I. Nâng cao nhận thức … (để trống nếu bảng không chia mục)")
    name = TextAreaField("Tên nhiệm vụ", validators=[DataRequired("Hãy nhập tên nhiệm vụ."), Length(max=5000)])
    legal_basis = TextAreaField("Cơ sở, căn cứ thực hiện", validators=[Optional(), Length(max=5000)])
    lead_unit_id = SelectField("Đơn vị chủ trì", coerce=_int_or_none, validate_choice=True)
    lead_text = StringField("Chủ trì (ghi theo kế hoạch)", validators=[Optional(), Length(max=500)],
                            description="Ghi khi cơ quan chủ trì ở ngoài Ban Quản lý, hoặc nhiều đơn vị cùng chủ trì "
                                        "(ví dụ «Sở Khoa học và Công nghệ; Công an tỉnh»).")
    partner_ids = SelectMultipleField("Đơn vị phối hợp (cùng báo cáo tiến độ)", coerce=int, validate_choice=True)
    partner_text = StringField("Phối hợp (ghi theo kế hoạch)", validators=[Optional(), Length(max=500)],
                               description="Ví dụ «Các phòng, Ban QLDAHT; Sở Nội vụ».")
    product = StringField("Sản phẩm / kết quả", validators=[Optional(), Length(max=500)])
    deadline_text = StringField("Thời gian hoàn thành (ghi theo kế hoạch)", validators=[Optional(), Length(max=100)],
                                description="Ví dụ: 30/6/2026; 12/2026; Quý II/2026; Năm 2026 – 2030; Thường xuyên.")
    deadline = VietnameseDateField("Hạn cuối", validators=[Optional()],
                                   description="Để trống để tính từ thời gian ghi theo kế hoạch "
                                               "(«Quý II/2026» → 30/06/2026).")
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=5000)])
    source = StringField("Kế hoạch nguồn", validators=[Optional(), Length(max=200)],
                         description="Kế hoạch có phụ lục ghi nhiệm vụ, ví dụ «Kế hoạch số 12/KH-KKTKCN ngày "
                                     "15/01/2026»: cùng với phụ lục và số thứ tự, đó là cách nhận ra nhiệm vụ khi "
                                     "nhập lại bảng.")
    appendix = StringField("Phụ lục", validators=[Optional(), Length(max=50)], description="Ví dụ: Phụ lục I")


class ReportForm(BaseForm):
    version = HiddenField()
    status = SelectField("Tình trạng", choices=list(TASK_STATUSES.items()))
    completed_on = VietnameseDateField("Ngày hoàn thành", validators=[Optional()],
                                       description="Bắt buộc khi đã hoàn thành; không được ở tương lai.")
    product_ref = StringField("Sản phẩm (số văn bản, đường dẫn …)", validators=[Optional(), Length(max=500)])
    file = FileField("Tệp minh chứng", render_kw={"accept": file_service.ACCEPT_ATTRIBUTE})
    remove_file = BooleanField("Bỏ tệp đã đính kèm")
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=5000)])


class ImportForm(BaseForm):
    file = FileField("Tệp bảng nhiệm vụ (.xlsx, .xls, .ods, .csv, .txt hoặc .html)",
                     render_kw={"accept": ".xlsx,.xls,.ods,.csv,.txt,.tsv,.html,.htm"})
    html = RawHiddenField("Bảng dán giữ định dạng",
                          validators=[Optional(), Length(max=MAX_PASTE_HTML_CHARS,
                                                         message="Bảng dán vào quá lớn: hãy dán từng phụ lục.")])
    text = RawTextAreaField("Hoặc dán bảng dạng chữ", validators=[Optional(), Length(max=MAX_PASTE_CHARS)],
                            render_kw={"rows": 10, "spellcheck": "false"})
    source = StringField("Kế hoạch nguồn", validators=[Optional(), Length(max=200)],
                         description="Số và ngày của kế hoạch có phụ lục này, ví dụ «Kế hoạch số 12/KH-KKTKCN ngày "
                                     "15/01/2026», hoặc một tên để nhận ra nó. Để trống: lấy từ dòng «kèm theo Kế "
                                     "hoạch số … ngày …» của bảng (nếu có). Nhập lại cùng kế hoạch thì cập nhật, "
                                     "không nhân đôi.")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        has_file = bool(self.file.data and getattr(self.file.data, "filename", ""))
        if not has_file and not (self.text.data or "").strip() and not (self.html.data or "").strip():
            self.form_errors.append("Hãy chọn tệp, hoặc dán bảng nhiệm vụ (sao chép từ Word hoặc Excel) vào ô bên dưới.")
            return False
        return True
