"""Forms of the dossier pages: a result, an initiative with its authors, a nomination, prior awards and
sanctions, and the office's appraisal (accept, or return with points)."""

from __future__ import annotations

from decimal import Decimal

from flask import flash
from flask_wtf.file import MultipleFileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ...models import INITIATIVE_LEVELS, RETURN_TOPICS, SANCTION_LEVELS
from ...models.base import local_now
from ...rules.ranges import initiative_date_problems
from ...services import ServiceError
from ...services import files as file_service
from ..forms import BaseForm, VietnameseDateField, VietnameseDecimalField

FILES_HELP = "PDF, Word (.docx), Excel (.xlsx), JPG hoặc PNG; mỗi tệp tối đa {mb} MB; chọn được nhiều tệp."


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a real id: the choice check refuses it with a Vietnamese message


class SubForm(Form):
    """A row inside a form (author, return point): Vietnamese messages, trimmed text, no CSRF of its own."""

    class Meta:
        get_translations = BaseForm.Meta.get_translations
        bind_field = BaseForm.Meta.bind_field


REFUSED_FILE = "file-refused"  # the flash category of a file refused while the rest was saved (macros/forms.html)


class UploadsField(MultipleFileField):
    """Several files at once. Each chosen file is checked as the store will check it (name, size, content:
    services/files.py); a refused one is taken out of `data` and named in `refused` («trong.pdf»: Tệp
    trống …), which the form shows beside this field, so the valid files chosen with it are still saved.
    After a save the view flashes `refused` with REFUSED_FILE and opens the same page again: the messages
    stay beside the field."""

    refused: list[str]

    def post_validate(self, form, validation_stopped):
        self.refused, kept = [], []
        for upload in self.data or []:
            if upload is None or not getattr(upload, "filename", ""):
                continue
            try:
                name = file_service.display_name(upload.filename)
                data = file_service.read_limited(upload)
                upload.stream.seek(0)
                file_service.check_content(data, name)
            except ServiceError as err:
                self.refused.append(f"«{upload.filename}» chưa được lưu: {err.message}")
            else:
                kept.append(upload)
        self.data = kept

    def flash_refused(self) -> bool:
        """Carry the refused files' messages to the next page (beside this field); True if there were any."""
        for message in getattr(self, "refused", []):
            flash(message, REFUSED_FILE)
        return bool(getattr(self, "refused", []))


def files_field(label: str = "Tệp đính kèm"):
    return UploadsField(label, render_kw={"accept": file_service.ACCEPT_ATTRIBUTE})


# --- results --------------------------------------------------------------------------------------


class ResultForm(BaseForm):
    version = HiddenField()
    value = VietnameseDecimalField("Kết quả đạt được", places=4, example="95 hoặc 95,5", validators=[Optional()])
    explanation = TextAreaField("Giải trình, cách tính, nguồn số liệu", validators=[Optional(), Length(max=10000)])
    files = files_field("Tệp minh chứng")


# --- initiatives ----------------------------------------------------------------------------------


class AuthorForm(SubForm):
    person_id = SelectField("Tác giả", coerce=_int_or_none, validate_choice=False)
    contribution = VietnameseDecimalField("Tỷ lệ đóng góp (%)", places=2, example="95 hoặc 95,5",
                                          validators=[Optional()])


class InitiativeForm(BaseForm):
    version = HiddenField()
    title = StringField("Tên sáng kiến, giải pháp", validators=[DataRequired("Hãy nhập tên sáng kiến."),
                                                                Length(max=500)])
    unit_id = SelectField("Đơn vị", coerce=_int_or_none, validate_choice=True)
    description = TextAreaField("Mô tả", validators=[Optional(), Length(max=20000)])
    first_applied_on = VietnameseDateField("Ngày áp dụng lần đầu", validators=[Optional()])
    benefits = TextAreaField("Hiệu quả, lợi ích mang lại", validators=[Optional(), Length(max=20000)])
    level = SelectField("Cấp công nhận", choices=[("", "Chưa được công nhận"), *INITIATIVE_LEVELS.items()])
    decision_number = StringField("Số quyết định công nhận", validators=[Optional(), Length(max=60)],
                                  description="Ví dụ: 125/QĐ-KKTKCN")
    decision_date = VietnameseDateField("Ngày quyết định", validators=[Optional()])
    decision_body = StringField("Cơ quan công nhận", validators=[Optional(), Length(max=200)],
                                description="Ví dụ: Hội đồng sáng kiến Ban Quản lý; UBND tỉnh")
    authors = FieldList(FormField(AuthorForm), min_entries=1, max_entries=30)
    files = files_field()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # The dates' plausibility (rules/ranges.py, checked again by the service) with the other errors.
        problems = initiative_date_problems(self.first_applied_on.data, self.decision_date.data, local_now().date())
        for name, message in problems.items():
            field = getattr(self, name)
            if not field.errors:
                field.errors = [*field.errors, message]
                ok = False
        return ok

    def author_rows(self) -> list[tuple[int, Decimal | None]]:
        """The rows with a person chosen (a row without one is left empty on purpose)."""
        return [(row.person_id.data, row.contribution.data) for row in self.authors
                if row.person_id.data not in (None, -1)]

    def validate_authors(self, field):
        allowed = {value for value, _ in self.authors[0].person_id.choices} if self.authors else set()
        for row in self.authors:
            chosen = row.person_id.data
            if chosen is None:
                if row.contribution.data is not None:
                    row.person_id.errors = [*row.person_id.errors, "Hãy chọn tác giả cho tỷ lệ đã nhập."]
                continue
            if chosen not in allowed:
                row.person_id.errors = [*row.person_id.errors, "Lựa chọn không hợp lệ."]
            if row.contribution.data is None and not row.contribution.errors:
                row.contribution.errors = [*row.contribution.errors, "Hãy nhập tỷ lệ đóng góp."]
        if any(row.errors for row in self.authors):
            raise ValidationError("Kiểm tra lại các dòng tác giả: xem các ô được đánh dấu đỏ.")
        if not self.author_rows():  # said with the other fields' errors (the service checks it too)
            raise ValidationError("Hãy chọn ít nhất một tác giả.")


# --- nominations ----------------------------------------------------------------------------------


class NewNominationForm(BaseForm):
    phase_id = SelectField("Giai đoạn", coerce=_int_or_none, validate_choice=True,
                           validators=[InputRequired("Hãy chọn giai đoạn.")])
    nominee_kind = SelectField("Đề nghị cho", choices=[("individual", "Cá nhân"), ("collective", "Tập thể")])
    award_form_id = SelectField("Danh hiệu, hình thức khen thưởng", coerce=_int_or_none, validate_choice=True,
                                validators=[InputRequired("Hãy chọn danh hiệu, hình thức khen thưởng.")])
    person_id = SelectField("Cá nhân", coerce=_int_or_none, validate_choice=True)
    nominee_unit_id = SelectField("Tập thể (đơn vị)", coerce=_int_or_none, validate_choice=True)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.nominee_kind.data == "individual" and not self.person_id.data and not self.person_id.errors:
            self.person_id.errors = ["Hãy chọn cá nhân được đề nghị."]
            ok = False
        if self.nominee_kind.data == "collective" and not self.nominee_unit_id.data \
                and not self.nominee_unit_id.errors:
            self.nominee_unit_id.errors = ["Hãy chọn tập thể được đề nghị."]
            ok = False
        return ok


MEMBERS_COMPLETE = [("", "Chưa xác nhận"), ("co", "Có: mọi thành viên đều hoàn thành nhiệm vụ"),
                    ("khong", "Không: còn thành viên chưa hoàn thành nhiệm vụ")]


def members_complete_value(choice: str | None) -> bool | None:
    return {"co": True, "khong": False}.get(choice or "")


def members_complete_choice(value: bool | None) -> str:
    return "" if value is None else ("co" if value else "khong")


class NominationForm(BaseForm):
    version = HiddenField()
    duties = TextAreaField("Chức năng, nhiệm vụ được giao", validators=[Optional(), Length(max=20000)])
    summary = TextAreaField("Báo cáo tóm tắt thành tích", validators=[Optional(), Length(max=50000)])
    members_complete = SelectField("Mọi thành viên của tập thể hoàn thành nhiệm vụ?", choices=MEMBERS_COMPLETE,
                                   default="")
    files = files_field("Tệp hồ sơ (báo cáo thành tích có chữ ký, biên bản bình xét …)")


class AwardRecordForm(BaseForm):
    year = IntegerField("Năm", validators=[InputRequired("Hãy nhập năm."),
                                           NumberRange(1945, 2100, "Năm phải từ 1945 đến 2100.")])
    award_form_id = SelectField("Danh hiệu, hình thức (theo danh mục)", coerce=_int_or_none, validate_choice=True)
    title = StringField("Ghi theo quyết định", validators=[Optional(), Length(max=200)],
                        description="Để trống nếu đúng tên trong danh mục.")
    decision_number = StringField("Số quyết định", validators=[Optional(), Length(max=60)])
    decision_date = VietnameseDateField("Ngày quyết định", validators=[Optional()])
    issuer = StringField("Cấp quyết định", validators=[Optional(), Length(max=200)],
                         description="Ví dụ: Trưởng Ban Quản lý; Chủ tịch UBND tỉnh")


class SanctionForm(BaseForm):
    level = SelectField("Hình thức kỷ luật", choices=[("", "— Chọn —"), *SANCTION_LEVELS.items()],
                        validators=[DataRequired("Hãy chọn hình thức kỷ luật.")])
    decided_on = VietnameseDateField("Ngày quyết định", validators=[InputRequired("Hãy nhập ngày quyết định.")])
    decision_number = StringField("Số quyết định", validators=[Optional(), Length(max=60)])
    note = StringField("Ghi chú", validators=[Optional(), Length(max=300)])


# --- appraisal ------------------------------------------------------------------------------------


class PointForm(SubForm):
    topic = SelectField("Nội dung", choices=[("", "— Chọn nội dung —"), *RETURN_TOPICS.items()], default="")
    reason = TextAreaField("Cần bổ sung, sửa chữa", validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})


class ReturnForm(BaseForm):
    version = HiddenField()
    points = FieldList(FormField(PointForm), min_entries=3, max_entries=20)
    note = TextAreaField("Ghi chú chung", validators=[Optional(), Length(max=5000)], render_kw={"rows": 2},
                         id="return-note")  # the accept form on the same page has a note too

    def point_rows(self) -> list[dict]:
        return [{"topic": row.topic.data, "reason": row.reason.data} for row in self.points]


class AcceptForm(BaseForm):
    version = HiddenField()
    note = TextAreaField("Ý kiến thẩm định", validators=[Optional(), Length(max=5000)], render_kw={"rows": 2},
                         id="accept-note")


class WithdrawForm(BaseForm):
    """The unit takes back a submitted dossier before the office acts on it: the reason is required."""

    version = HiddenField()
    reason = TextAreaField("Lý do rút hồ sơ", validators=[
        DataRequired("Hãy ghi lý do rút hồ sơ để Văn phòng biết."),
        Length(10, 2000, "Lý do rút hồ sơ dài từ 10 đến 2000 ký tự.")], render_kw={"rows": 3},
        id="withdraw-reason")
