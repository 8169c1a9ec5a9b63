"""Browser tests: the real pages, served by a live server on 127.0.0.1, driven in headless Chromium.

Chromium comes from Debian (/usr/bin/chromium); Playwright never downloads a browser. Where it is
missing the tests skip, except under CI, where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from campaign import create_app
from campaign.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]


def _require_chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the playwright package is not installed")
        pytest.skip("the playwright package is not installed")


@contextmanager
def demo_server(root):
    """The app on a migrated SQLite database in `root` (e2e.db) with the Khánh Hòa demo data, served on a
    free port: yields its base URL."""
    from flask_migrate import upgrade

    from campaign.demo import load_demo

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'e2e.db'}",
        "SECRET_KEY": "e2e-secret-key-not-for-production",
        "UPLOAD_DIR": str(root / "uploads"),
    })
    with app.app_context():
        upgrade()
        load_demo("khanhhoa")
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The shared demo server of the browser tests (its database: the session's e2e*/e2e.db)."""
    with demo_server(tmp_path_factory.mktemp("e2e")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def log_in_as(page):
    def do(username: str, password: str = "demo12345"):
        page.goto("/dang-nhap")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return do


@pytest.fixture
def served(app):
    """The per-test app (a test's own world, e.g. the council's) served on a free port, CSRF checked as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.config["WTF_CSRF_ENABLED"] = False
