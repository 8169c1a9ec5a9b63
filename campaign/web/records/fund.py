"""Quỹ: scaffold, replaced by the fund pages."""

from flask import render_template

from ...models import Role
from .. import roles_required
from . import bp


@bp.get("/quy-thi-dua")
@roles_required(*Role.MANAGERS)
def fund():
    return render_template("records/scaffold.html", tab="fund")
