"""Thống kê: scaffold, replaced by the statistics pages."""

from flask import render_template

from ...models import Role
from .. import roles_required
from . import bp


@bp.get("/thong-ke")
@roles_required(*Role.MANAGERS)
def statistics():
    return render_template("records/scaffold.html", tab="statistics")
