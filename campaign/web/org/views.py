"""The organisation: agency settings and signers, the unit tree, the staff list."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import EMPLOYMENT_TYPES, Person, Role, Signer, Unit
from ...permissions import can_edit_person, unit_scope
from ...services import ServiceError
from ...services import org as org_service
from ...vietnamese import fold
from .. import get_or_404, page_number, refuse, roles_required
from .forms import AgencyForm, PersonForm, SignerForm, UnitForm

bp = Blueprint("org", __name__)

MANAGERS = Role.MANAGERS


# --- the unit tree, shared by the pages below ------------------------------------------------------


def unit_tree(units: list[Unit]) -> list[tuple[Unit, int]]:
    """[(unit, depth)] in tree order (parents before children, siblings by order then code)."""
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)
    for siblings in by_parent.values():
        siblings.sort(key=lambda u: (u.sort_order, u.code))
    ordered: list[tuple[Unit, int]] = []

    def walk(parent_id, depth):
        for unit in by_parent.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def unit_choices(scope: set[int] | None, *, include_id: int | None = None, blank: str | None = None):
    units = db.session.scalars(select(Unit)).all()
    choices = [(None, blank)] if blank is not None else []
    for unit, depth in unit_tree(units):
        if (scope is None or unit.id in scope) and (unit.active or unit.id == include_id):
            label = "— " * depth + unit.name + ("" if unit.active else " (ngừng hoạt động)")
            choices.append((unit.id, label))
    return choices


# --- agency -------------------------------------------------------------------------------------


@bp.route("/co-quan", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def agency():
    agency = org_service.get_agency()
    form = AgencyForm(obj=agency)
    if request.method == "GET" and agency is not None:
        form.version.data = agency.version
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in org_service.AGENCY_FIELDS}
        try:
            org_service.save_agency(current_user, data, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu thông tin cơ quan.", "success")
            return redirect(url_for("org.agency"))
    signers = agency.signers if agency else []
    return render_template("org/agency.html", form=form, agency=agency, signers=signers)


@bp.route("/co-quan/nguoi-ky/moi", methods=["GET", "POST"], endpoint="signer_new")
@bp.route("/co-quan/nguoi-ky/<int:signer_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def signer_edit(signer_id: int | None = None):
    signer = get_or_404(Signer, signer_id) if signer_id else None
    form = SignerForm(obj=signer)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in org_service.SIGNER_FIELDS}
        data["sort_order"] = data["sort_order"] or 0
        try:
            org_service.save_signer(current_user, data, signer)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu người ký.", "success")
            return redirect(url_for("org.agency"))
    return render_template("org/signer_form.html", form=form, signer=signer)


# --- units --------------------------------------------------------------------------------------


@bp.route("/don-vi")
@roles_required(*MANAGERS)
def units():
    units = db.session.scalars(select(Unit)).all()
    counts = dict(db.session.execute(
        select(Person.unit_id, func.count(Person.id)).where(Person.active.is_(True)).group_by(Person.unit_id)
    ).all())
    show_inactive = request.args.get("tat-ca") == "1"
    rows = [(u, d) for u, d in unit_tree(units) if show_inactive or u.active]
    return render_template("org/units.html", rows=rows, counts=counts, show_inactive=show_inactive)


def _unit_form_page(unit: Unit | None):
    form = UnitForm(obj=unit)
    form.parent_id.choices = unit_choices(None, include_id=unit.parent_id if unit else None,
                                          blank="(Không có – đơn vị trực thuộc Ban)")
    if request.method == "GET" and unit is not None:
        form.version.data = unit.version
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in org_service.UNIT_FORM_FIELDS}
        data["sort_order"] = data["sort_order"] or 0
        try:
            if unit is None:
                unit = org_service.create_unit(current_user, data)
            else:
                org_service.update_unit(current_user, unit, data, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu đơn vị {unit.code} – {unit.name}.", "success")
            return redirect(url_for("org.units"))
    return render_template("org/unit_form.html", form=form, unit=unit)


@bp.route("/don-vi/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def unit_new():
    return _unit_form_page(None)


@bp.route("/don-vi/<int:unit_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def unit_edit(unit_id: int):
    return _unit_form_page(get_or_404(Unit, unit_id))


# --- people -------------------------------------------------------------------------------------


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


class PeopleFilter:
    """The staff-list filters of the request (q, unit, loai, trang-thai), within the user's units; 403
    for a unit outside them. Shared by the list page and its export."""

    def __init__(self):
        self.scope = unit_scope(current_user)
        if self.scope is not None and not self.scope:
            abort(403)
        self.unit_id = _int_arg("unit")
        if self.unit_id is not None and self.scope is not None and self.unit_id not in self.scope:
            abort(403)
        self.q = (request.args.get("q") or "").strip()[:100]
        self.kind = request.args.get("loai", "")
        self.status = request.args.get("trang-thai", "dang-cong-tac")

    def query(self):
        query = select(Person).options(joinedload(Person.unit))
        if self.scope is not None:
            query = query.where(Person.unit_id.in_(self.scope))
        if self.unit_id is not None:
            query = query.where(Person.unit_id == self.unit_id)
        for word in fold(self.q).split()[:5]:  # every word must appear, diacritics ignored
            query = query.where(Person.search_name.contains(word, autoescape=True))
        if self.kind in EMPLOYMENT_TYPES:
            query = query.where(Person.employment_type == self.kind)
        if self.status == "dang-cong-tac":
            query = query.where(Person.active.is_(True))
        elif self.status == "nghi":
            query = query.where(Person.active.is_(False))
        return query.order_by(Person.sort_key, Person.id)


@bp.route("/can-bo")
@login_required
def people():
    filters = PeopleFilter()
    pagination = db.paginate(filters.query(), page=page_number(), per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    return render_template(
        "org/people.html", pagination=pagination, people=pagination.items,
        unit_choices=unit_choices(filters.scope, blank="Tất cả đơn vị"), unit_id=filters.unit_id, q=filters.q,
        kind=filters.kind, status=filters.status, employment_types=EMPLOYMENT_TYPES,
    )


def _person_form_page(person: Person | None):
    scope = unit_scope(current_user)
    if scope is not None and not scope:
        abort(403)
    if person is not None and not can_edit_person(current_user, person):
        abort(403)
    form = PersonForm(obj=person)
    form.unit_id.choices = unit_choices(scope, include_id=person.unit_id if person else None,
                                        blank="(Chọn đơn vị)")
    if request.method == "GET":
        if person is not None:
            form.version.data = person.version
        else:  # the unit in the link, or the officer's own unit
            offered = {c[0] for c in form.unit_id.choices}
            for candidate in (_int_arg("unit"), current_user.unit_id):
                if candidate is not None and candidate in offered:
                    form.unit_id.data = candidate
                    break
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in org_service.PERSON_FORM_FIELDS}
        try:
            if person is None:
                person = org_service.create_person(current_user, data)
            else:
                org_service.update_person(current_user, person, data, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu thông tin {person.full_name}.", "success")
            return redirect(url_for("org.people", unit=person.unit_id))
    return render_template("org/person_form.html", form=form, person=person)


@bp.route("/can-bo/moi", methods=["GET", "POST"])
@login_required
def person_new():
    return _person_form_page(None)


@bp.route("/can-bo/<int:person_id>", methods=["GET", "POST"])
@login_required
def person_edit(person_id: int):
    return _person_form_page(get_or_404(Person, person_id))


from . import transfer  # noqa: E402,F401
