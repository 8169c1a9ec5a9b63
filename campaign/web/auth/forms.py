from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import BaseForm


class LoginForm(BaseForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Hãy nhập tên đăng nhập."), Length(max=60)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Mật khẩu", validators=[DataRequired("Hãy nhập mật khẩu."), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(BaseForm):
    current_password = PasswordField("Mật khẩu hiện tại", validators=[DataRequired("Hãy nhập mật khẩu hiện tại.")],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField("Mật khẩu mới", validators=[DataRequired("Hãy nhập mật khẩu mới."), Length(max=200)],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Nhập lại mật khẩu mới",
                            validators=[DataRequired("Hãy nhập lại mật khẩu mới."),
                                        EqualTo("new_password", "Hai lần nhập mật khẩu mới không khớp nhau.")],
                            render_kw={"autocomplete": "new-password"})
