"""The staff-list import at province scale: seconds to preview and to write, at two sizes, and their ratio.

    .venv/bin/python bench/people_import.py                    # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/people_import.py

Uploads an .xlsx of N people through the real pages (upload → preview → confirm) as the office and prints
one line per size: the preview's and the write's seconds and SQL statements. A figure, not a test: the
suite checks that 10.000 rows import correctly (tests/web/test_org_transfer.py), never how fast.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import downgrade, upgrade  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from sqlalchemy import event  # noqa: E402

from campaign import create_app  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.models import Role, Unit, User  # noqa: E402

PASSWORD = "bench-password-123"
HEADERS = ["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Loại cán bộ", "Lãnh đạo",
           "Mã đơn vị", "Tên đơn vị", "Đang công tác"]
KINDS = ["Công chức", "Viên chức", "Người lao động"]
CODES = ("VP", "KT", "QLDA")


def workbook(people: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for n in range(people):
        sheet.append(["", f"Nguyễn Văn Số {n}", "Nam" if n % 2 else "Nữ",
                      f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1960 + n % 40}", "Chuyên viên", KINDS[n % 3], "Không",
                      CODES[n % 3], "", "Có"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def seed() -> None:
    for i, code in enumerate(CODES, start=1):
        db.session.add(Unit(code=code, name=f"Đơn vị {code}", sort_order=i, active=True))
    user = User(username="bench", full_name="Văn phòng", role=Role.OFFICE, active=True)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()


def measure(app, people: int) -> tuple[float, float]:
    client = app.test_client()
    client.post("/dang-nhap", data={"username": "bench", "password": PASSWORD})
    data = workbook(people)
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    start = time.perf_counter()
    page = client.post("/can-bo/nhap", data={"file": (io.BytesIO(data), f"{people}.xlsx")},
                       content_type="multipart/form-data")
    preview, preview_sql = time.perf_counter() - start, counter["n"]
    assert page.status_code == 200 and "Xác nhận nhập" in page.get_data(as_text=True), page.status_code
    counter["n"] = 0
    start = time.perf_counter()
    done = client.post("/can-bo/nhap/xac-nhan")
    write, write_sql = time.perf_counter() - start, counter["n"]
    assert done.status_code == 302, done.status_code
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", count)
    label = f"{people:,}".replace(",", ".")
    print(f"{label:>7} người  xem trước {preview:6.2f} s ({preview_sql} lệnh SQL)   "
          f"nhập {write:6.2f} s ({write_sql} lệnh SQL)")
    return preview, write


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    figures = []
    for people in (1_000, 10_000):
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.db",
                              "SECRET_KEY": "bench", "UPLOAD_DIR": tmp, "WTF_CSRF_ENABLED": False})
            with app.app_context():
                upgrade()
                seed()
                db.session.remove()
            figures.append(measure(app, people))
            with app.app_context():
                db.session.remove()
                if url:
                    downgrade(revision="base")
                db.engine.dispose()
    (p1, w1), (p10, w10) = figures
    print(f"tỉ lệ 10.000 / 1.000: xem trước ×{p10 / p1:.1f}, nhập ×{w10 / w1:.1f} (tuyến tính là ×10)")


if __name__ == "__main__":
    main()
