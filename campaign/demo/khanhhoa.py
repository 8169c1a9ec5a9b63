"""The Khánh Hòa board (seeds 000, 001, 003): Ban Quản lý Khu kinh tế và Khu công nghiệp, KKTKCN.

The agency, its signers and the four units are those of the seed plans; the sub-units and the staff
are invented for the demo.
"""

from __future__ import annotations

from ..models import Role
from .names import FAMILY_SOUTH_CENTRAL
from .spec import AccountSpec, DemoSpec, SignerSpec, UnitSpec, deputy, head, staff, worker

SPEC = DemoSpec(
    key="khanhhoa",
    name="Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
    short_name="Ban Quản lý",
    parent_body="UBND TỈNH KHÁNH HÒA",
    symbol="KKTKCN",
    place_name="Khánh Hòa",
    signers=[
        SignerSpec("Trần Minh Chiến", "Trưởng Ban", is_head=True),
        SignerSpec("Phan Châu Vinh", "Phó Trưởng Ban"),
    ],
    units=[
        UnitSpec("VP", "Văn phòng"),
        UnitSpec("VP.TH", "Tổ Tổng hợp – Hành chính", parent="VP"),
        UnitSpec("KHDT", "Phòng Kế hoạch – Đầu tư và Xúc tiến"),
        UnitSpec("DNGS", "Phòng Doanh nghiệp – Giám sát đầu tư"),
        UnitSpec("QLDAHT", "Ban Quản lý dự án hạ tầng", employment_type="vien_chuc"),
        UnitSpec("QLDAHT.KH", "Phòng Kế hoạch – Tổng hợp", parent="QLDAHT", employment_type="vien_chuc"),
        UnitSpec("QLDAHT.KT", "Phòng Kỹ thuật – Thẩm định", parent="QLDAHT", employment_type="vien_chuc"),
    ],
    staff=[
        # Văn phòng: thường trực Hội đồng Thi đua – Khen thưởng.
        head("VP", "Chánh Văn phòng", key="chanh_vp"),
        deputy("VP", "Phó Chánh Văn phòng", key="pho_chanh_vp"),
        deputy("VP", "Phó Chánh Văn phòng"),
        staff("VP", "Chuyên viên chính", ages=(35, 55)),
        staff("VP", "Chuyên viên", key="cv_thi_dua", ages=(28, 42)),
        staff("VP", "Chuyên viên", key="cv_vp", ages=(26, 40)),
        staff("VP", "Chuyên viên", count=2),
        staff("VP", "Kế toán", ages=(28, 50)),
        worker("VP", "Nhân viên lái xe", gender="nam"),
        worker("VP", "Nhân viên bảo vệ", gender="nam", ages=(35, 58)),
        staff("VP.TH", "Tổ trưởng", ages=(35, 52)),
        staff("VP.TH", "Chuyên viên", count=2),
        staff("VP.TH", "Văn thư", ages=(26, 45)),
        staff("VP.TH", "Cán sự"),
        # Phòng Kế hoạch – Đầu tư và Xúc tiến.
        head("KHDT", "Trưởng phòng", key="tp_khdt"),
        deputy("KHDT", "Phó Trưởng phòng", key="ptp_khdt"),
        deputy("KHDT", "Phó Trưởng phòng"),
        staff("KHDT", "Chuyên viên chính", count=2, ages=(35, 55)),
        staff("KHDT", "Chuyên viên", key="cv_khdt", ages=(27, 40)),
        staff("KHDT", "Chuyên viên", count=5),
        # Phòng Doanh nghiệp – Giám sát đầu tư.
        head("DNGS", "Trưởng phòng", key="tp_dngs"),
        deputy("DNGS", "Phó Trưởng phòng", count=2),
        staff("DNGS", "Chuyên viên chính", ages=(35, 55)),
        staff("DNGS", "Chuyên viên", key="cv_dngs", ages=(27, 40)),
        staff("DNGS", "Chuyên viên", count=5),
        # Ban Quản lý dự án hạ tầng (đơn vị sự nghiệp: viên chức).
        head("QLDAHT", "Giám đốc", key="gd_qldaht"),
        deputy("QLDAHT", "Phó Giám đốc", key="pgd_qldaht", ages=(40, 54)),
        deputy("QLDAHT", "Phó Giám đốc"),
        staff("QLDAHT", "Kế toán trưởng", ages=(38, 55)),
        staff("QLDAHT", "Chuyên viên", key="cv_qldaht", ages=(27, 40)),
        head("QLDAHT.KH", "Trưởng phòng", ages=(40, 55)),
        deputy("QLDAHT.KH", "Phó Trưởng phòng", ages=(34, 50)),
        staff("QLDAHT.KH", "Chuyên viên", count=3),
        staff("QLDAHT.KH", "Kế toán"),
        worker("QLDAHT.KH", "Nhân viên văn phòng"),
        head("QLDAHT.KT", "Trưởng phòng", ages=(40, 55)),
        deputy("QLDAHT.KT", "Phó Trưởng phòng", ages=(34, 50)),
        staff("QLDAHT.KT", "Kỹ sư", count=5),
        staff("QLDAHT.KT", "Chuyên viên", count=2),
        worker("QLDAHT.KT", "Nhân viên kỹ thuật", gender="nam"),
    ],
    accounts=[
        AccountSpec("admin", Role.ADMIN, full_name="Quản trị hệ thống"),
        AccountSpec("vanphong", Role.OFFICE, person="cv_thi_dua"),
        AccountSpec("truongban", Role.LEADER, full_name="Trần Minh Chiến", title="Trưởng Ban"),
        AccountSpec("chutich", Role.COUNCIL_CHAIR, full_name="Phan Châu Vinh", title="Phó Trưởng Ban"),
        AccountSpec("thuky", Role.COUNCIL_SECRETARY, person="pho_chanh_vp"),
        AccountSpec("uyvien1", Role.COUNCIL_MEMBER, person="chanh_vp"),
        AccountSpec("uyvien2", Role.COUNCIL_MEMBER, person="tp_khdt"),
        AccountSpec("uyvien3", Role.COUNCIL_MEMBER, person="tp_dngs"),
        AccountSpec("uyvien4", Role.COUNCIL_MEMBER, person="gd_qldaht"),
        AccountSpec("uyvien5", Role.COUNCIL_MEMBER, person="ptp_khdt"),
        AccountSpec("uyvien6", Role.COUNCIL_MEMBER, person="pgd_qldaht"),
        AccountSpec("donvi.vp", Role.UNIT_OFFICER, person="cv_vp", unit="VP"),
        AccountSpec("donvi.khdt", Role.UNIT_OFFICER, person="cv_khdt", unit="KHDT"),
        AccountSpec("donvi.dngs", Role.UNIT_OFFICER, person="cv_dngs", unit="DNGS"),
        AccountSpec("donvi.qldaht", Role.UNIT_OFFICER, person="cv_qldaht", unit="QLDAHT"),
    ],
    family_names=FAMILY_SOUTH_CENTRAL,
    seed=2026_0501,
)
