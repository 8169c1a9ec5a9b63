"""What every model shares: the timestamp helper and the optimistic-locking version column."""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

# Seconds the whole clock is moved by. Zero in production; the test suite sets it (tests/conftest.py) when a run
# starts late in the Vietnam evening, so that a test's "today" and the services' never fall on two days.
CLOCK_SHIFT = dt.timedelta(seconds=int(os.environ.get("CAMPAIGN_CLOCK_SHIFT") or 0))


def utcnow() -> dt.datetime:
    """Naive UTC, the form every timestamp is stored in (shown in Vietnam time by the templates)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None) + CLOCK_SHIFT


VIETNAM_OFFSET = dt.timedelta(hours=7)


def local_now() -> dt.datetime:
    """Naive Vietnam time (UTC+7, no daylight saving): nomination windows are typed and compared in it."""
    return utcnow() + VIETNAM_OFFSET


class Versioned:
    """Optimistic locking: SQLAlchemy adds `AND version = :seen` to every UPDATE and raises
    StaleDataError when another user saved first. Forms carry the version they were shown
    (services.check_version compares it before writing)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805
        return {"version_id_col": cls.version}
