"""Giấy khen: scaffold, replaced by the certificate pages."""

from flask import render_template

from ...models import Role
from .. import roles_required
from . import bp


@bp.get("/giay-khen")
@roles_required(*Role.MANAGERS)
def certificates():
    return render_template("records/scaffold.html", tab="certificates")
