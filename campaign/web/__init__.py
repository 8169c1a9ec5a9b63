"""Blueprints, one package per user area; views stay thin: parse, call a service, render."""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..services import PermissionDenied, ServiceError


def roles_required(*roles: str):
    """Log-in required, and one of `roles`; anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def page_number() -> int:
    """?page=N as a positive integer; anything else is page 1 (never an error)."""
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1


def refuse(err: ServiceError, form=None) -> None:
    """The one way a view shows a service's refusal: beside its field on `form` (or at the form's top),
    else as a message on the next page. A PermissionDenied is re-raised: the application shows the 403
    page with its reason. The unit of work has already rolled the action back: nothing to undo here."""
    if isinstance(err, PermissionDenied):
        raise err
    if form is not None:
        form.apply_service_error(err)
    else:
        flash(err.message, "error")


def reopens_at(endpoint: str, anchor: str = ""):
    """For a POST-only action that shows its page again after an error (so the address bar holds the
    action's URL): a GET of that URL (the address reopened, a reload, a bookmark) opens the page, with the
    same URL arguments, instead of a 405. Register the route with methods=["GET", "POST"]."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method == "GET":
                return redirect(url_for(endpoint, **kwargs) + anchor)
            return view(*args, **kwargs)

        return wrapped

    return decorator
