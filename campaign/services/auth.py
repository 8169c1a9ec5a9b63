"""Logging in, passwords and accounts."""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import parse
from sqlalchemy import func, select

from ..extensions import db, limiter
from ..models import MIN_PASSWORD_LENGTH, Role, Unit, User, utcnow
from ..permissions import can_manage_user
from . import PermissionDenied, ServiceError, audit, check_version

GENERIC_LOGIN_ERROR = "Tên đăng nhập hoặc mật khẩu không đúng."


class LoginThrottled(ServiceError):
    pass


def _failure_keys(username: str, ip: str) -> list[tuple[str, ...]]:
    return [("login-failure", "user", username.lower()), ("login-failure", "ip", ip or "-")]


def _throttle_message(item, keys) -> str | None:
    strategy = limiter.limiter
    wait = 0.0
    for key in keys:
        if not strategy.test(item, *key):
            reset_at = strategy.get_window_stats(item, *key).reset_time
            wait = max(wait, reset_at - time.time())
    if wait <= 0:
        return None
    return (
        f"Đăng nhập sai quá {item.amount} lần trong {item.get_expiry()} giây. "
        f"Tài khoản hoặc địa chỉ này tạm bị khóa, vui lòng thử lại sau {max(1, math.ceil(wait))} giây."
    )


def authenticate(username: str, password: str, ip: str) -> User:
    """The user whose credentials these are, or a ServiceError with the message to show.

    After LOGIN_FAILURE_LIMIT failures (default 5 per minute) for the same account or the same
    address, every attempt is refused until the window passes, right password or not."""
    username = (username or "").strip().lower()
    item = parse(current_app.config["LOGIN_FAILURE_LIMIT"])
    keys = _failure_keys(username, ip)
    message = _throttle_message(item, keys)
    if message:
        raise LoginThrottled(message)

    user = db.session.scalar(select(User).where(func.lower(User.username) == username)) if username else None
    if user is None or not user.check_password(password or ""):
        for key in keys:
            limiter.limiter.hit(item, *key)
        audit.record("auth.login_failed", summary=f"Đăng nhập không thành công: «{username[:60]}»",
                     object_type="user_account", object_id=user.id if user else None)
        db.session.commit()
        raise ServiceError(GENERIC_LOGIN_ERROR)
    if not user.active:
        raise ServiceError("Tài khoản đã bị khóa. Vui lòng liên hệ Văn phòng.")
    user.last_login_at = utcnow()
    audit.record("auth.login", user, actor=user, summary="Đăng nhập")
    db.session.commit()
    return user


def record_logout(user: User) -> None:
    audit.record("auth.logout", user, actor=user, summary="Đăng xuất")
    db.session.commit()


def validate_new_password(password: str, username: str = "") -> str | None:
    """A Vietnamese reason why `password` is not acceptable, or None."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if username and password.lower() == username.lower():
        return "Mật khẩu không được trùng với tên đăng nhập."
    if len(set(password)) < 4:
        return "Mật khẩu quá đơn giản: hãy dùng nhiều ký tự khác nhau."
    return None


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password or ""):
        raise ServiceError("Mật khẩu hiện tại không đúng.", field="current_password")
    problem = validate_new_password(new_password, user.username)
    if problem:
        raise ServiceError(problem, field="new_password")
    user.set_password(new_password)
    audit.record("auth.password_changed", user, actor=user, summary="Đổi mật khẩu")
    db.session.commit()


# --- accounts ----------------------------------------------------------------------------------

USER_FIELDS = ["username", "full_name", "role", "unit_id", "person_id", "active"]


def _check_account(data: dict, existing: User | None = None) -> None:
    username = data["username"]
    clash = db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if clash and (existing is None or clash != existing.id):
        raise ServiceError("Tên đăng nhập này đã có người dùng.", field="username")
    if data["role"] not in Role.ALL:
        raise ServiceError("Vai trò không hợp lệ.", field="role")
    if data["role"] == Role.UNIT_OFFICER:
        if not data.get("unit_id") or db.session.get(Unit, data["unit_id"]) is None:
            raise ServiceError("Cán bộ thi đua đơn vị phải gắn với một đơn vị.", field="unit_id")
    else:
        data["unit_id"] = data.get("unit_id") or None


def create_user(actor: User, data: dict, password: str) -> User:
    if not can_manage_user(actor, data["role"]):
        raise PermissionDenied()
    _check_account(data)
    problem = validate_new_password(password, data["username"])
    if problem:
        raise ServiceError(problem, field="password")
    user = User(**{k: data.get(k) for k in USER_FIELDS if k in data})
    user.set_password(password)
    db.session.add(user)
    audit.record("user.create", user, summary=f"Tạo tài khoản {user.username} ({user.role_label})",
                 changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)))
    db.session.commit()
    return user


def update_user(actor: User, user: User, data: dict, seen_version: int | None) -> User:
    if not (can_manage_user(actor, user.role) and can_manage_user(actor, data["role"])):
        raise PermissionDenied()
    if user.id == actor.id and (data["role"] != user.role or not data.get("active", True)):
        raise ServiceError("Bạn không thể tự đổi vai trò hoặc tự khóa tài khoản của mình.", field="role")
    check_version(user, seen_version)
    _check_account(data, existing=user)
    before = audit.snapshot(user, USER_FIELDS)
    for key in USER_FIELDS:
        if key in data:
            setattr(user, key, data[key])
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if changes:
        audit.record("user.update", user, summary=f"Sửa tài khoản {user.username}", changes=changes)
    db.session.commit()
    return user


def reset_password(actor: User, user: User, new_password: str) -> None:
    if not can_manage_user(actor, user.role):
        raise PermissionDenied()
    problem = validate_new_password(new_password, user.username)
    if problem:
        raise ServiceError(problem, field="password")
    user.set_password(new_password)
    audit.record("user.password_reset", user, summary=f"Đặt lại mật khẩu cho {user.username}")
    db.session.commit()
