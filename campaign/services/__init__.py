"""The writes: one function per user action. Each checks permissions and state, writes in one
transaction, and records an audit event. Views call these and never write to the session."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal the user must read: the message is Vietnamese and shown as is.

    `field` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ServiceError):
    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này."):
        super().__init__(message)


class StaleEdit(ServiceError):
    """Someone saved the same record after this user opened it (optimistic locking)."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Người khác đã lưu bản ghi này sau khi bạn mở nó. Dữ liệu bạn nhập vẫn còn trên biểu mẫu: "
            "hãy mở lại bản ghi trong thẻ mới để xem thay đổi, rồi lưu lại."
        )


def require_manager(actor) -> None:
    """Only the office and admin set up the organisation, campaigns, award forms and plan tasks."""
    from ..permissions import can_manage_org

    if not can_manage_org(actor):
        raise PermissionDenied()


def check_version(obj, seen_version: int | None) -> None:
    """Refuse a save built on an older version of `obj` than the one stored."""
    if seen_version is not None and int(seen_version) != obj.version:
        raise StaleEdit()
