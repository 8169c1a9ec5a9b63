"""Tra cứu: scaffold, replaced by the lookup pages."""

from flask import render_template

from ...models import Role
from .. import roles_required
from . import bp


@bp.get("/tra-cuu")
@roles_required(*Role.MANAGERS)
def lookup():
    return render_template("records/scaffold.html", tab="lookup")
