"""The writes: one function per user action. Each checks permissions and state, writes, and records an
audit event, inside one unit of work. Views call these and never write to the session.

The unit of work (`transactional` / `unit_of_work`): the outermost service call commits once; any
exception rolls everything back; a stale save (another user saved the same versioned row first) becomes
the user-facing `StaleEdit`. A service called from inside another joins its transaction and commits
nothing, so actions compose: closing a vote can tally, move states and draft the minutes at once, and
the demo loader replays the real services in one transaction.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps

from sqlalchemy.orm.exc import StaleDataError


class ServiceError(Exception):
    """A refusal the user must read: the message is Vietnamese and shown as is.

    `field` names the form field the message belongs beside, when there is one. A refusal with several
    problems at once (`ServiceError.of({field: message, …})`) keeps each in `problems`, so the form shows
    every one beside its field in one go; `message` and `field` are then the first.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems: dict[str, str] = {field: message} if field else {}

    @classmethod
    def of(cls, problems: dict[str, str]) -> ServiceError:
        """One refusal for several fields' problems (at least one)."""
        field, message = next(iter(problems.items()))
        error = cls(message, field)
        error.problems = dict(problems)
        return error


class PermissionDenied(ServiceError):
    """The actor may not do this; the message says why (the 403 page shows it)."""

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", field: str | None = None):
        super().__init__(message, field)


class StaleEdit(ServiceError):
    """Someone saved the same record after this user opened it (optimistic locking)."""

    def __init__(self, message: str | None = None, field: str | None = None):
        super().__init__(
            message
            or "Người khác đã lưu bản ghi này sau khi bạn mở nó. Dữ liệu bạn nhập vẫn còn trên biểu mẫu: "
            "hãy mở lại bản ghi trong thẻ mới để xem thay đổi, rồi lưu lại.", field
        )


_depth: contextvars.ContextVar[int] = contextvars.ContextVar("unit_of_work_depth", default=0)


def in_unit_of_work() -> bool:
    return _depth.get() > 0


@contextmanager
def unit_of_work() -> Iterator[None]:
    """One transaction for one user action. Re-entrant: only the outermost level commits or rolls back.

    On any exception the whole action is rolled back (files stored during it leave the disk, see
    services/files.py); a `StaleDataError` from any flush is raised as `StaleEdit`."""
    from ..extensions import db

    depth = _depth.get()
    token = _depth.set(depth + 1)
    try:
        try:
            yield
            if depth == 0:
                db.session.commit()
        except StaleDataError as err:
            if depth == 0:
                db.session.rollback()
            raise StaleEdit() from err
        except BaseException:
            if depth == 0:
                db.session.rollback()
            raise
    finally:
        _depth.reset(token)


def transactional(function):
    """Run a service function in a unit of work (see `unit_of_work`)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with unit_of_work():
            return function(*args, **kwargs)

    return wrapper


def require_manager(actor) -> None:
    """Only the office and admin set up the organisation, campaigns, award forms and plan tasks."""
    from ..permissions import can_manage_org

    answer = can_manage_org(actor)
    if not answer:
        raise PermissionDenied(getattr(answer, "reason", "") or PermissionDenied().message)


def check_version(obj, seen_version: int | None) -> None:
    """Refuse a save built on an older version of `obj` than the one stored."""
    if seen_version is not None and str(seen_version).strip() != "" and int(seen_version) != obj.version:
        raise StaleEdit()
