"""Staff-list pages at province scale: time and SQL statements per page, at two data sizes.

    .venv/bin/python bench/people_list.py                    # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/people_list.py

Prints one line per (size, page): median and worst time of 20 requests, and the statements per request.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import downgrade, upgrade  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from campaign import create_app  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.models import Person, Role, Unit, User  # noqa: E402
from campaign.vietnamese import fold, name_sort_key  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hoài"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Chi", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa",
         "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Thảo",
         "Trang", "Tuấn", "Vân", "Yến"]
PASSWORD = "bench-password-123"
PAGES = ["/can-bo", "/can-bo?page=40", "/can-bo?q=nguyen+anh", "/don-vi", "/"]


def seed(units: int, people: int) -> None:
    db.session.execute(insert(Unit), [
        {"id": i, "code": f"U{i:04d}", "name": f"Đơn vị {i}", "parent_id": None if i <= 20 else (i % 20) + 1,
         "sort_order": i, "active": True, "version": 1, "created_at": dt.datetime(2026, 1, 1),
         "updated_at": dt.datetime(2026, 1, 1)} for i in range(1, units + 1)
    ])
    rows = []
    for i in range(people):
        name = f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 7) % len(MIDDLE)]} {GIVEN[(i // 3) % len(GIVEN)]}"
        rows.append({"full_name": name, "sort_key": name_sort_key(name), "search_name": fold(name),
                     "gender": "nam" if i % 2 else "nu", "date_of_birth": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                     "position": "Chuyên viên", "employment_type": "cong_chuc", "is_leader": i % 15 == 0,
                     "unit_id": 1 + i % units, "active": True, "version": 1,
                     "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1)})
    db.session.execute(insert(Person), rows)
    user = User(username="bench", full_name="Văn phòng", role=Role.OFFICE, active=True)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()


def measure(app, label: str) -> None:
    client = app.test_client()
    client.post("/dang-nhap", data={"username": "bench", "password": PASSWORD})
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    for url in PAGES:
        times = []
        for _ in range(20):
            counter["n"] = 0
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:>22}  {url:<24} median {statistics.median(times):7.1f} ms   "
              f"max {max(times):7.1f} ms   {counter['n']} SQL statements")
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", count)


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    for units, people in ((50, 1_000), (400, 40_000)):
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.db",
                              "SECRET_KEY": "bench", "UPLOAD_DIR": tmp, "WTF_CSRF_ENABLED": False})
            with app.app_context():
                upgrade()
                seed(units, people)
                db.session.remove()
            measure(app, f"{units} units/{people:,} people".replace(",", "."))
            with app.app_context():
                db.session.remove()
                if url:  # a temporary SQLite file goes with its folder; a real database is emptied
                    downgrade(revision="base")
                db.engine.dispose()


if __name__ == "__main__":
    main()
