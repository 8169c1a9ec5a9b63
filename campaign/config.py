"""Settings, read from the environment.

Every setting has a safe default for a single-machine SQLite install (`make run`); production sets
DATABASE_URL (PostgreSQL through psycopg 3), SECRET_KEY, UPLOAD_DIR and RATELIMIT_STORAGE_URI.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def normalise_database_url(url: str) -> str:
    """Let operators write the usual `postgresql://` or `postgres://` URL: psycopg 3 is the driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """The SECRET_KEY when none is given: generated once, kept in the instance folder (mode 0600)."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def from_environment(instance_path: Path) -> dict:
    env = os.environ
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'campaign.db'}"
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or instance_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or str(instance_path / "uploads"),
        "MAX_UPLOAD_MB": int(env.get("MAX_UPLOAD_MB", "10")),
        # Import files (units, people) are read whole: 10,000 rows of .xlsx stay well under this.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_REQUEST_MB", "25")) * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_FAILURE_LIMIT": env.get("LOGIN_FAILURE_LIMIT", "5 per minute"),
        # A log-in session ends after this many minutes without a request (a cookie left on a shared PC).
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Behind an HTTPS reverse proxy set SESSION_COOKIE_SECURE=1 (and TRUSTED_PROXIES to its hop count).
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "PAGE_SIZE": int(env.get("PAGE_SIZE", "25")),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # E-mail of the notifications (services/mail.py): off unless MAIL_SERVER is set; MAIL_BACKEND=console
        # writes each message to the log instead (the default under FLASK_DEBUG=1).
        "MAIL_BACKEND": env.get("MAIL_BACKEND", ""),  # smtp | console | off; "" = smtp when MAIL_SERVER is set
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_FROM": env.get("MAIL_FROM", ""),
        # Users have no e-mail column: a username that is an address is used as is, else username@MAIL_DOMAIN.
        "MAIL_DOMAIN": env.get("MAIL_DOMAIN", ""),
        "PUBLIC_URL": env.get("PUBLIC_URL", "http://127.0.0.1:5000"),  # the links in the e-mails
    }
