"""Logging in and out, the server-side log-in sessions, passwords and accounts.

A log-in opens a `UserSession` row; the browser's cookie carries only its random id. Every request is
served only while that row is open and used within SESSION_IDLE_MINUTES (`resume_session`): log-out,
inactivity, a password change or reset, a change of role, unit or the account's lock, and the admin's
"log out everywhere" end it, so a cookie copied before any of them opens nothing afterwards.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import time

from flask import current_app
from limits import parse
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from ..extensions import db, limiter
from ..models import MIN_PASSWORD_LENGTH, Role, SessionEnd, Unit, User, UserSession, utcnow
from ..permissions import can_manage_user
from . import ServiceError, audit, check_version, transactional

GENERIC_LOGIN_ERROR = "Tên đăng nhập hoặc mật khẩu không đúng."

# `last_seen_at` is written at most this often per session: a request does not cost a write.
SESSION_TOUCH_SECONDS = 60


def now() -> dt.datetime:
    """The sessions' clock, naive UTC (tests move it)."""
    return utcnow()


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
    """The user whose credentials these are, or a ServiceError with the message to show. Writes nothing
    on success; a failure is counted and recorded in the audit log (its own short transaction: the
    refusal is raised after it is committed).

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
        _record_failure(username, user.id if user else None)
        raise ServiceError(GENERIC_LOGIN_ERROR)
    if not user.active:
        raise ServiceError("Tài khoản đã bị khóa. Vui lòng liên hệ Văn phòng.")
    return user


@transactional
def _record_failure(username: str, user_id: int | None) -> None:
    audit.record("auth.login_failed", summary=f"Đăng nhập không thành công: «{username[:60]}»",
                 object_type="user_account", object_id=user_id)


def log_in(username: str, password: str, ip: str, user_agent: str = "") -> UserSession:
    """Check the credentials and open a session for this browser (see `authenticate` for refusals).

    Many log-ins to one account may run at once (an office sharing an account, one person on two
    devices): none of them writes the versioned account row through the ORM, so none conflicts with
    another or with an edit of the account."""
    user = authenticate(username, password, ip)
    return _log_in(user, ip, user_agent)


@transactional
def _log_in(user: User, ip: str, user_agent: str) -> UserSession:
    session = _open_session(user, ip, user_agent)
    # The account's last log-in: a plain UPDATE, outside optimistic locking (the version stays).
    table = User.__table__
    db.session.execute(update(table).where(table.c.id == user.id).values(last_login_at=session.created_at))
    audit.record("auth.login", user, actor=user, summary="Đăng nhập")
    return session


def _open_session(user: User, ip: str, user_agent: str) -> UserSession:
    moment = now()
    session = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, created_at=moment, last_seen_at=moment,
                          ip_address=(ip or "")[:45], user_agent=(user_agent or "")[:255])
    db.session.add(session)
    return session


def _end_sessions(user_id: int, reason: str, *, token: str | None = None) -> int:
    """End the open sessions of an account (or only the session `token`); how many were open."""
    query = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if token is not None:
        query = query.where(UserSession.id == token)
    result = db.session.execute(query.values(ended_at=now(), ended_reason=reason))
    return result.rowcount or 0


def _idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def resume_session(token: str | None, user_id: str | None) -> tuple[User | None, str | None]:
    """The account of the browser's session `token` while it is open, else (None, why it ended).

    One query. Called when a request starts, before the view's unit of work: the two writes it may do
    (marking the session idle, or `last_seen_at` at most once a minute) run in their own short
    transaction on their own connection and touch neither the request's session nor the account row."""
    if not token or not user_id or not str(user_id).isdigit():
        return None, None
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id).where(UserSession.id == token)
    ).first()
    if row is None or row[1].id != int(user_id):
        return None, None
    session, user = row
    if session.ended_at is not None:
        return None, session.ended_reason
    if not user.active:
        return None, SessionEnd.ACCOUNT_LOCKED
    moment = now()
    idle = moment - session.last_seen_at
    if idle > _idle_limit():
        _write_outside(token, ended_at=moment, ended_reason=SessionEnd.IDLE)
        return None, SessionEnd.IDLE
    if idle >= dt.timedelta(seconds=SESSION_TOUCH_SECONDS):
        _write_outside(token, last_seen_at=moment)
    return user, None


def _write_outside(token: str, **values) -> None:
    table = UserSession.__table__
    try:
        with db.engine.begin() as connection:
            connection.execute(update(table).where(table.c.id == token, table.c.ended_at.is_(None)).values(**values))
    except OperationalError:  # a busy database: the next request writes it (the idle check is by time)
        current_app.logger.warning("user_session %s not updated", values, exc_info=True)


@transactional
def log_out(user: User, token: str | None) -> None:
    if token:
        _end_sessions(user.id, SessionEnd.LOGOUT, token=token)
    audit.record("auth.logout", user, actor=user, summary="Đăng xuất")


@transactional
def log_out_everywhere(actor: User, user: User) -> int:
    """End every session of `user` (the admin's button); how many were open."""
    can_manage_user(actor, user.role).require()
    ended = _end_sessions(user.id, SessionEnd.LOGOUT_EVERYWHERE)
    audit.record("user.logout_everywhere", user,
                 summary=f"Đăng xuất tài khoản {user.username} khỏi mọi thiết bị ({ended} phiên)",
                 changes={"open_sessions": [ended, 0]})
    return ended


def open_sessions(user: User) -> list[UserSession]:
    """The account's sessions still usable (open and used within the inactivity limit), latest first."""
    since = now() - _idle_limit()
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None),
                                  UserSession.last_seen_at >= since)
        .order_by(UserSession.last_seen_at.desc())
    ))


def validate_new_password(password: str, username: str = "") -> str | None:
    """A Vietnamese reason why `password` is not acceptable, or None."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if username and password.lower() == username.lower():
        return "Mật khẩu không được trùng với tên đăng nhập."
    if len(set(password)) < 4:
        return "Mật khẩu quá đơn giản: hãy dùng nhiều ký tự khác nhau."
    return None


@transactional
def change_password(user: User, current_password: str, new_password: str, *, ip: str = "",
                    user_agent: str = "") -> UserSession:
    """Change one's own password: every session of the account ends, this browser gets a new one."""
    if not user.check_password(current_password or ""):
        raise ServiceError("Mật khẩu hiện tại không đúng.", field="current_password")
    problem = validate_new_password(new_password, user.username)
    if problem:
        raise ServiceError(problem, field="new_password")
    user.set_password(new_password)
    _end_sessions(user.id, SessionEnd.PASSWORD_CHANGED)
    audit.record("auth.password_changed", user, actor=user, summary="Đổi mật khẩu")
    return _open_session(user, ip, user_agent)


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


@transactional
def create_user(actor: User, data: dict, password: str) -> User:
    can_manage_user(actor, data["role"]).require()
    _check_account(data)
    problem = validate_new_password(password, data["username"])
    if problem:
        raise ServiceError(problem, field="password")
    user = User(**{k: data.get(k) for k in USER_FIELDS if k in data})
    user.set_password(password)
    db.session.add(user)
    audit.record("user.create", user, summary=f"Tạo tài khoản {user.username} ({user.role_label})",
                 changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)))
    return user


@transactional
def update_user(actor: User, user: User, data: dict, seen_version: int | None) -> User:
    """Save an account. A change of role or unit, or locking it, ends its sessions (what it may see
    changed: it logs in again)."""
    can_manage_user(actor, user.role).require()
    can_manage_user(actor, data["role"]).require()
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
    if "active" in changes and not user.active:
        _end_sessions(user.id, SessionEnd.ACCOUNT_LOCKED)
    elif "role" in changes or "unit_id" in changes:
        _end_sessions(user.id, SessionEnd.ROLE_CHANGED)
    return user


@transactional
def reset_password(actor: User, user: User, new_password: str) -> None:
    """Set a new password for someone: every session of the account ends."""
    can_manage_user(actor, user.role).require()
    problem = validate_new_password(new_password, user.username)
    if problem:
        raise ServiceError(problem, field="password")
    user.set_password(new_password)
    _end_sessions(user.id, SessionEnd.PASSWORD_RESET)
    audit.record("user.password_reset", user, summary=f"Đặt lại mật khẩu cho {user.username}")
