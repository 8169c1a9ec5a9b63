"""Fixtures: the app on SQLite and (when TEST_DATABASE_URL is set) on PostgreSQL, factories, log-in.

Every test that uses `app` runs once per database backend. The schema is created once per backend
with create_all (tests only; the real schema comes from migrations, and tests/db/test_migrations.py
proves the two are the same). After each test every table and the upload folder are emptied.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import itertools
import os
from contextlib import contextmanager
from pathlib import Path

import pytest


def _shift_the_clock_off_midnight() -> None:
    """A run takes half an hour; modules fix their TODAY when they are imported, the services read the clock
    later. Started after 21:00 in Vietnam, a run may straddle midnight: move the whole clock (models/base.py
    reads CAMPAIGN_CLOCK_SHIFT once; the browser tests' servers run in this process, a subprocess inherits the
    environment) five hours back. Before 21:00 nothing moves."""
    vietnam = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=7)
    if "CAMPAIGN_CLOCK_SHIFT" not in os.environ and vietnam.hour >= 21:
        os.environ["CAMPAIGN_CLOCK_SHIFT"] = str(-5 * 3600)


_shift_the_clock_off_midnight()

from flask.testing import FlaskClient  # noqa: E402 (after the clock)
from sqlalchemy import event, text  # noqa: E402 (after the clock)

from campaign import create_app  # noqa: E402 (after the clock)
from campaign.config import normalise_database_url  # noqa: E402 (after the clock)
from campaign.extensions import db, limiter  # noqa: E402 (after the clock)
from campaign.models import Person, Role, Unit, User  # noqa: E402 (after the clock)

TEST_PASSWORD = "mat-khau-thu-nghiem"
_counter = itertools.count(1)


def _backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append("postgresql")
    return backends


def pytest_configure(config):
    if os.environ.get("CI") and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError("CI is set but TEST_DATABASE_URL is not: the suite must also run on PostgreSQL.")


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: its own app context, `g` and
    database session, never the test's."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


_apps: dict[str, object] = {}


def _make_app(backend: str, tmp_root):
    if backend in _apps:
        return _apps[backend]
    if backend == "sqlite":
        uri = f"sqlite:///{tmp_root / 'test.db'}"
    else:
        uri = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": uri,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,  # tests/web/test_security.py checks CSRF with it on
        "UPLOAD_DIR": str(tmp_root / f"uploads-{backend}"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    _apps[backend] = app
    return app


def _empty_all_tables() -> None:
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:  # self-references (unit.parent_id) first
            for fk in table.foreign_keys:
                if fk.column.table is table:
                    db.session.execute(table.update().values({fk.parent.name: None}))
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


def _empty_upload_folder(app) -> None:
    """The folder outlives a test (one app per backend): the next test starts without leftover files."""
    root = Path(app.config["UPLOAD_DIR"])
    for path in root.rglob("*"):
        if path.is_file():
            path.unlink()


@pytest.fixture(params=_backends())
def app(request, tmp_path_factory):
    """The app, with an app context pushed for the test's own database work."""
    app = _make_app(request.param, tmp_path_factory.getbasetemp())
    ctx = app.app_context()
    ctx.push()
    limiter.reset()
    try:
        yield app
    finally:
        db.session.rollback()
        _empty_all_tables()
        _empty_upload_folder(app)
        db.session.remove()
        ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


# --- factories ----------------------------------------------------------------------------------


@pytest.fixture
def make_unit(app):
    def make(code: str | None = None, name: str | None = None, parent: Unit | None = None, **kw) -> Unit:
        n = next(_counter)
        unit = Unit(code=code or f"DV{n}", name=name or f"Phòng thử nghiệm {n}",
                    parent_id=parent.id if parent else None, sort_order=kw.pop("sort_order", n), **kw)
        db.session.add(unit)
        db.session.commit()
        return unit

    return make


@pytest.fixture
def make_person(app, make_unit):
    def make(full_name: str = "Nguyễn Văn An", unit: Unit | None = None, **kw) -> Person:
        person = Person(
            unit_id=(unit or make_unit()).id,
            gender=kw.pop("gender", "nam"),
            date_of_birth=kw.pop("date_of_birth", dt.date(1985, 3, 12)),
            employment_type=kw.pop("employment_type", "cong_chuc"),
            position=kw.pop("position", "Chuyên viên"),
            **kw,
        )
        person.set_name(full_name)
        db.session.add(person)
        db.session.commit()
        return person

    return make


_HASHES: dict[str, str] = {}


@pytest.fixture
def make_user(app, make_unit):
    def make(username: str | None = None, role: str = Role.OFFICE, unit: Unit | None = None,
             password: str = TEST_PASSWORD, **kw) -> User:
        n = next(_counter)
        if role == Role.UNIT_OFFICER and unit is None:
            unit = make_unit()
        user = User(username=username or f"user{n}", full_name=kw.pop("full_name", f"Người dùng {n}"),
                    role=role, unit_id=unit.id if unit else None, active=kw.pop("active", True), **kw)
        # scrypt takes ~0,17 s a hash: one hash per password for the whole run (a test world has a dozen accounts)
        if password not in _HASHES:
            user.set_password(password)
            _HASHES[password] = user.password_hash
        user.password_hash = _HASHES[password]
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login():
    """login(client, user_or_username, password=TEST_PASSWORD) → the response of the log-in POST."""

    def do(client, user, password: str = TEST_PASSWORD):
        username = user if isinstance(user, str) else user.username
        return client.post("/dang-nhap", data={"username": username, "password": password})

    return do


@pytest.fixture
def logged_in(client, make_user, login):
    """logged_in(role, **kw) → (client, user), the client logged in with a fresh account."""

    def do(role: str = Role.OFFICE, **kw):
        user = make_user(role=role, **kw)
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client, user

    return do


@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: …; counter.count is the number of SQL statements run."""

    @contextmanager
    def counting():
        class Counter:
            count = 0
            statements: list[str] = []

        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, *args):
            counter.count += 1
            counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def council_world(app, make_unit, make_person, make_user):
    """council_world(status=SessionStatus.PREPARED) → the shared council test world (factories.make_council_world)."""
    from tests.factories import make_council_world

    def make(**kw):
        return make_council_world(make_unit, make_person, make_user, **kw)

    return make
