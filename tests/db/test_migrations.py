"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and undo cleanly."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from campaign import create_app
from campaign.config import normalise_database_url
from campaign.extensions import db


def _sqlite_url(tmp_path):
    yield f"sqlite:///{tmp_path / 'migrations.db'}"


def _postgresql_url():
    base = sa.make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    name = f"campaign_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    urls = _sqlite_url(tmp_path) if request.param == "sqlite" else _postgresql_url()
    url = next(urls)
    yield url
    next(urls, None)


def test_migrations_match_the_models_and_downgrade_to_base(empty_database, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": "x" * 32,
                      "UPLOAD_DIR": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"

        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # and back up again
        assert "user_account" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
