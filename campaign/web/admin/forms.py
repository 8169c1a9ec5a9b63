from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from ..forms import BaseForm
from ..org.forms import _coerce_int_or_none


class UserForm(BaseForm):
    version = HiddenField()
    username = StringField("Tên đăng nhập", validators=[
        DataRequired("Hãy nhập tên đăng nhập."), Length(3, 60, "Tên đăng nhập dài từ 3 đến 60 ký tự."),
        Regexp(r"^[a-z0-9._\-]+$", message="Chỉ dùng chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới."),
    ], filters=[lambda v: v.lower() if isinstance(v, str) else v])
    full_name = StringField("Họ và tên", validators=[DataRequired("Hãy nhập họ và tên."), Length(max=120)])
    role = SelectField("Vai trò", validators=[InputRequired("Hãy chọn vai trò.")])
    unit_id = SelectField("Đơn vị (với cán bộ thi đua đơn vị)", coerce=_coerce_int_or_none, validate_choice=True)
    active = BooleanField("Đang hoạt động", default=True)


class NewUserForm(UserForm):
    password = PasswordField("Mật khẩu ban đầu", validators=[DataRequired("Hãy nhập mật khẩu ban đầu.")],
                             render_kw={"autocomplete": "new-password"})


class ResetPasswordForm(BaseForm):
    password = PasswordField("Mật khẩu mới", validators=[DataRequired("Hãy nhập mật khẩu mới.")],
                             render_kw={"autocomplete": "new-password"})


class EndSessionsForm(BaseForm):
    """The "log out everywhere" button: no fields, the CSRF token only."""
