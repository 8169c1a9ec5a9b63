"""The Lạng Sơn board (seed 002): Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn, BQLKKTCK.

From the seed: the agency, its head Nguyễn Quốc Toàn, the Văn phòng, "các phòng chuyên môn" and the
Trung tâm Quản lý cửa khẩu with its phòng. The deputy, the names of the phòng and the staff are
invented for the demo.
"""

from __future__ import annotations

from ..models import Role
from .names import FAMILY_NORTHERN_UPLAND
from .spec import AccountSpec, DemoSpec, SignerSpec, UnitSpec, deputy, head, staff, worker

SPEC = DemoSpec(
    key="langson",
    name="Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
    short_name="Ban Quản lý",
    parent_body="UBND TỈNH LẠNG SƠN",
    symbol="BQLKKTCK",
    place_name="Lạng Sơn",
    signers=[
        SignerSpec("Nguyễn Quốc Toàn", "Trưởng Ban", is_head=True),
        SignerSpec("Hoàng Minh Đức", "Phó Trưởng Ban"),
    ],
    units=[
        UnitSpec("VP", "Văn phòng"),
        UnitSpec("QLDT", "Phòng Quản lý Đầu tư và Doanh nghiệp"),
        UnitSpec("QHXD", "Phòng Quy hoạch – Xây dựng và Môi trường"),
        UnitSpec("TTQLCK", "Trung tâm Quản lý cửa khẩu", employment_type="vien_chuc"),
        UnitSpec("TTQLCK.HC", "Phòng Hành chính – Tổng hợp", parent="TTQLCK", employment_type="vien_chuc"),
        UnitSpec("TTQLCK.HN", "Phòng Quản lý cửa khẩu Hữu Nghị", parent="TTQLCK", employment_type="vien_chuc"),
        UnitSpec("TTQLCK.TT", "Phòng Quản lý cửa khẩu Tân Thanh", parent="TTQLCK", employment_type="vien_chuc"),
    ],
    staff=[
        # Văn phòng: thường trực Hội đồng Thi đua – Khen thưởng.
        head("VP", "Chánh Văn phòng", key="chanh_vp"),
        deputy("VP", "Phó Chánh Văn phòng", key="pho_chanh_vp"),
        staff("VP", "Chuyên viên chính", ages=(35, 55)),
        staff("VP", "Chuyên viên", key="cv_thi_dua", ages=(28, 42)),
        staff("VP", "Chuyên viên", key="cv_vp", ages=(26, 40)),
        staff("VP", "Chuyên viên"),
        staff("VP", "Kế toán", ages=(28, 50)),
        staff("VP", "Văn thư", ages=(26, 45)),
        worker("VP", "Nhân viên lái xe", gender="nam"),
        # Phòng Quản lý Đầu tư và Doanh nghiệp.
        head("QLDT", "Trưởng phòng", key="tp_qldt"),
        deputy("QLDT", "Phó Trưởng phòng", key="ptp_qldt"),
        staff("QLDT", "Chuyên viên chính", ages=(35, 55)),
        staff("QLDT", "Chuyên viên", key="cv_qldt", ages=(27, 40)),
        staff("QLDT", "Chuyên viên", count=3),
        # Phòng Quy hoạch – Xây dựng và Môi trường.
        head("QHXD", "Trưởng phòng", key="tp_qhxd"),
        deputy("QHXD", "Phó Trưởng phòng"),
        staff("QHXD", "Chuyên viên chính", ages=(35, 55)),
        staff("QHXD", "Chuyên viên", key="cv_qhxd", ages=(27, 40)),
        staff("QHXD", "Chuyên viên", count=2),
        # Trung tâm Quản lý cửa khẩu (đơn vị sự nghiệp: viên chức) and its phòng.
        head("TTQLCK", "Giám đốc", key="gd_ttqlck"),
        deputy("TTQLCK", "Phó Giám đốc", key="pgd_ttqlck", ages=(40, 54)),
        deputy("TTQLCK", "Phó Giám đốc"),
        staff("TTQLCK", "Kế toán trưởng", ages=(38, 55)),
        staff("TTQLCK", "Chuyên viên", key="cv_ttqlck", ages=(27, 40)),
        head("TTQLCK.HC", "Trưởng phòng", ages=(40, 55)),
        deputy("TTQLCK.HC", "Phó Trưởng phòng", ages=(34, 50)),
        staff("TTQLCK.HC", "Chuyên viên", count=2),
        staff("TTQLCK.HC", "Kế toán"),
        worker("TTQLCK.HC", "Nhân viên phục vụ"),
        head("TTQLCK.HN", "Trưởng phòng", ages=(40, 55)),
        deputy("TTQLCK.HN", "Phó Trưởng phòng", count=2, ages=(34, 50)),
        staff("TTQLCK.HN", "Chuyên viên", count=4),
        staff("TTQLCK.HN", "Kỹ thuật viên"),
        worker("TTQLCK.HN", "Nhân viên kiểm soát bãi xe", count=2, gender="nam"),
        head("TTQLCK.TT", "Trưởng phòng", ages=(40, 55)),
        deputy("TTQLCK.TT", "Phó Trưởng phòng", ages=(34, 50)),
        staff("TTQLCK.TT", "Chuyên viên", count=3),
        worker("TTQLCK.TT", "Nhân viên kiểm soát bãi xe", count=2, gender="nam"),
    ],
    accounts=[
        AccountSpec("admin", Role.ADMIN, full_name="Quản trị hệ thống"),
        AccountSpec("vanphong", Role.OFFICE, person="cv_thi_dua"),
        AccountSpec("truongban", Role.LEADER, full_name="Nguyễn Quốc Toàn", title="Trưởng Ban"),
        AccountSpec("chutich", Role.COUNCIL_CHAIR, full_name="Hoàng Minh Đức", title="Phó Trưởng Ban"),
        AccountSpec("thuky", Role.COUNCIL_SECRETARY, person="pho_chanh_vp"),
        AccountSpec("uyvien1", Role.COUNCIL_MEMBER, person="chanh_vp"),
        AccountSpec("uyvien2", Role.COUNCIL_MEMBER, person="tp_qldt"),
        AccountSpec("uyvien3", Role.COUNCIL_MEMBER, person="tp_qhxd"),
        AccountSpec("uyvien4", Role.COUNCIL_MEMBER, person="gd_ttqlck"),
        AccountSpec("uyvien5", Role.COUNCIL_MEMBER, person="pgd_ttqlck"),
        AccountSpec("uyvien6", Role.COUNCIL_MEMBER, person="ptp_qldt"),
        AccountSpec("donvi.vp", Role.UNIT_OFFICER, person="cv_vp", unit="VP"),
        AccountSpec("donvi.qldt", Role.UNIT_OFFICER, person="cv_qldt", unit="QLDT"),
        AccountSpec("donvi.qhxd", Role.UNIT_OFFICER, person="cv_qhxd", unit="QHXD"),
        AccountSpec("donvi.ttqlck", Role.UNIT_OFFICER, person="cv_ttqlck", unit="TTQLCK"),
    ],
    family_names=FAMILY_NORTHERN_UPLAND,
    seed=2026_0502,
)
