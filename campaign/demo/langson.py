"""The Lạng Sơn board (seed 002): Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn, BQLKKTCK.

From the seed: the agency, its head Nguyễn Quốc Toàn, the Văn phòng, "các phòng chuyên môn" and the
Trung tâm Quản lý cửa khẩu with its phòng. The deputy, the names of the phòng and the staff are
invented for the demo. The campaign is the seed's: its time (§IV: sơ kết Quý IV/2027, tổng kết Quý
III/2030), its award forms (§V) and a small set of criteria drawn from its chỉ tiêu (§III). No plan tasks.
"""

from __future__ import annotations

import datetime as dt

from ..models import Role
from . import catalogue
from .names import FAMILY_NORTHERN_UPLAND
from .spec import (
    AccountSpec,
    CampaignSpec,
    CouncilMemberSpec,
    CouncilSpec,
    CriterionSpec,
    DemoSpec,
    FixedWindowSpec,
    GroupSpec,
    OverrideSpec,
    PhaseSpec,
    QuotaSpec,
    ReplaySpec,
    SignerSpec,
    UnitSpec,
    deputy,
    head,
    staff,
    worker,
)

BOARD = "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn"
PHASE_1 = "Giai đoạn 1 (2026–2027)"
PHASE_2 = "Giai đoạn 2 (2028–2030)"
# The plan's own windows (§IV: sơ kết Quý IV/2027, tổng kết Quý III/2030), not counted from the load day.
PHASE_1_WINDOW = FixedWindowSpec(opens=dt.date(2026, 5, 15), closes=dt.date(2027, 10, 29),
                                 appraisal=dt.date(2027, 11, 12), council=dt.date(2027, 11, 26))
PHASE_2_WINDOW = FixedWindowSpec(opens=dt.date(2028, 1, 3), closes=dt.date(2030, 7, 31),
                                 appraisal=dt.date(2030, 8, 14), council=dt.date(2030, 8, 28))

CONTENT = """\
1. Tuyên truyền, phổ biến, quán triệt chủ trương của Đảng, chính sách, pháp luật của Nhà nước và chỉ đạo của \
tỉnh về đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, chuyển đổi xanh; tạo chuyển biến thực \
chất trong nhận thức và hành động của công chức, viên chức, người lao động.
2. Phối hợp hoàn thiện cơ chế, chính sách, tháo gỡ điểm nghẽn, rào cản về thể chế để đẩy nhanh ứng dụng khoa \
học, công nghệ, đổi mới sáng tạo, chuyển đổi số, chuyển đổi xanh.
3. Phát triển hạ tầng số tại cơ quan đồng bộ, an ninh, an toàn, hiệu quả; đẩy mạnh ký số, xử lý hồ sơ, công \
việc trên môi trường mạng; ứng dụng công nghệ thông tin trong cải cách hành chính, nâng cao chất lượng dịch vụ \
công trực tuyến.
4. Nâng cao kiến thức, kỹ năng số cho công chức, viên chức, người lao động; tích cực tham gia các lớp bồi dưỡng, \
tập huấn, gắn kết quả với yêu cầu nhiệm vụ chuyên môn.
5. Thi đua phát triển kinh tế số, chính quyền số; đẩy mạnh dịch vụ công trực tuyến, thanh toán không dùng tiền \
mặt, khai thác hiệu quả dữ liệu số."""

GOALS = """\
Mục đích: tạo không khí thi đua sôi nổi trong cơ quan Ban Quản lý, góp phần nâng cao chất lượng xây dựng chính \
quyền số, chất lượng phục vụ người dân, doanh nghiệp; phát huy sáng kiến, sáng tạo của công chức, viên chức, \
người lao động trong chuyển đổi số, cải cách hành chính.
Chỉ tiêu thi đua:
- 100% đơn vị, cá nhân hoàn thành có chất lượng nhiệm vụ chính trị và các nhiệm vụ thực hiện Nghị quyết số \
57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;
- nâng cấp hạ tầng công nghệ số; phát huy nền tảng cửa khẩu số, hoàn thành Đề án thí điểm xây dựng cửa khẩu \
thông minh;
- quản lý nhà nước trên môi trường số; khai thác hiệu quả dữ liệu số; bảo đảm an toàn, an ninh không gian mạng;
- hoàn thành 100% nhiệm vụ, chỉ tiêu tại Kế hoạch số 130/KH-UBND ngày 07/4/2026 của UBND tỉnh."""

CAMPAIGN = CampaignSpec(
    title=catalogue.CAMPAIGN_TITLE,
    kind="thematic",
    plan_number="",  # "Số: /KH-BQLKKTCK": not yet numbered in the seed
    plan_date=dt.date(2026, 5, 15),
    plan_issuer=BOARD,
    start=dt.date(2026, 5, 15),  # "từ ngày phát động thi đua đến hết năm 2030"
    end=dt.date(2030, 12, 31),
    legal_bases=(
        catalogue.LAW,
        catalogue.DECREE,
        "Căn cứ Kế hoạch số 160/KH-UBND ngày 27/4/2026 của UBND tỉnh triển khai phong trào thi đua "
        f"“{catalogue.CAMPAIGN_TITLE}” giai đoạn 2026 - 2030.",
    ),
    content=CONTENT,
    goals=GOALS,
    phases=(
        PhaseSpec(PHASE_1, dt.date(2026, 5, 15), dt.date(2027, 12, 31), "interim", "Quý IV/2027",
                  PHASE_1_WINDOW),
        PhaseSpec(PHASE_2, dt.date(2028, 1, 1), dt.date(2030, 12, 31), "final", "Quý III/2030",
                  PHASE_2_WINDOW),
    ),
    groups=(
        GroupSpec("I", "Hoàn thành nhiệm vụ chính trị và các nhiệm vụ thực hiện Nghị quyết số 57-NQ/TW", (
            CriterionSpec(
                "I.1", "Tỷ lệ nhiệm vụ, chỉ tiêu được giao hoàn thành đúng hạn", "collective", 30,
                unit_of_measure="%", targets=(100, 100), evidence_required=True,
                description="Các nhiệm vụ chính trị được giao, các nhiệm vụ, giải pháp thực hiện Nghị quyết số "
                            "57-NQ/TW và Kế hoạch số 130/KH-UBND ngày 07/4/2026 của UBND tỉnh được hoàn thành có "
                            "chất lượng, đúng hoặc vượt tiến độ (mục III.1 và III.4 của Kế hoạch)."),
            CriterionSpec(
                "I.2", "Hoàn thành có chất lượng nhiệm vụ được giao", "individual", 30,
                description="Hoàn thành có chất lượng, đúng tiến độ các nhiệm vụ chuyên môn được giao; chủ động "
                            "đề xuất giải pháp thực hiện các nhiệm vụ chuyển đổi số của đơn vị."),
        )),
        GroupSpec("II", "Hạ tầng số, cửa khẩu số và cửa khẩu thông minh", (
            CriterionSpec(
                "II.1", "Đóng góp phát huy nền tảng cửa khẩu số, thực hiện Đề án thí điểm xây dựng cửa khẩu "
                        "thông minh", "both", 20, evidence_required=True,
                description="Kết quả tham gia vận hành, hoàn thiện nền tảng cửa khẩu số và triển khai Đề án thí "
                            "điểm xây dựng cửa khẩu thông minh tại các cửa khẩu Hữu Nghị, Tân Thanh; minh chứng "
                            "là báo cáo kết quả có xác nhận của thủ trưởng đơn vị."),
        )),
        GroupSpec("III", "Quản lý nhà nước trên môi trường số, dữ liệu số và an toàn thông tin", (
            CriterionSpec(
                "III.1", "Tỷ lệ hồ sơ, văn bản được ký số, xử lý trên môi trường mạng", "collective", 25,
                unit_of_measure="%", targets=(95, 100),
                description="Tỷ lệ hồ sơ, văn bản của đơn vị được ký số và xử lý trên môi trường mạng; phấn đấu "
                            "95% trong giai đoạn 2026 – 2027 và 100% trong giai đoạn 2028 – 2030."),
            CriterionSpec(
                "III.2", "Khai thác, sử dụng dữ liệu số; bảo đảm an toàn, an ninh không gian mạng", "individual", 25,
                description="Khai thác, sử dụng hiệu quả tài nguyên số, dữ liệu số trong công việc; chấp hành quy "
                            "định bảo đảm an toàn thông tin, an ninh mạng."),
        )),
        GroupSpec("IV", "Kỹ năng số, sáng kiến và giải pháp", (
            CriterionSpec(
                "IV.1", "Sáng kiến, giải pháp, mô hình hay về chuyển đổi số, chuyển đổi xanh", "both", 15,
                evidence_required=True,
                description="Sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả trong nghiên cứu, ứng dụng khoa "
                            "học, công nghệ, chuyển đổi số, chuyển đổi xanh được áp dụng tại đơn vị."),
            CriterionSpec(
                "IV.2", "Tỷ lệ công chức, viên chức, người lao động hoàn thành bồi dưỡng kỹ năng số",
                "collective", 10, unit_of_measure="%", targets=(100, 100),
                description="Tỷ lệ công chức, viên chức, người lao động của đơn vị hoàn thành các lớp bồi dưỡng, "
                            "tập huấn kỹ năng số và học tập trên nền tảng “Bình dân học vụ số”."),
            CriterionSpec(
                "IV.3", "Hoàn thành các khóa học kỹ năng số trên nền tảng “Bình dân học vụ số”", "individual", 10,
                description="Hoàn thành các khóa học kỹ năng số, vận dụng kết quả bồi dưỡng vào nhiệm vụ chuyên "
                            "môn và cải cách hành chính."),
        )),
    ),
    quotas=(
        QuotaSpec("GK", PHASE_1, "count", 6, leaders_cap=2),
        QuotaSpec("GK", PHASE_2, "count", 8, leaders_cap=2),
        QuotaSpec("CSTDCS", PHASE_1, "share_staff", 15),
        QuotaSpec("CSTDCS", PHASE_2, "share_staff", 15),
    ),
)

# The demo dossiers (dossiers.py) name the Khánh Hòa units; here they fall to the board's own.
DOSSIER_UNITS = {"VP": "VP", "VP.TH": "VP", "KHDT": "QLDT", "DNGS": "QHXD", "QLDAHT": "TTQLCK",
                 "QLDAHT.KH": "TTQLCK.HC", "QLDAHT.KT": "TTQLCK.HN"}

COUNCIL = CouncilSpec(
    number="05",
    issuer="Trưởng Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
    members=(
        CouncilMemberSpec("chutich", "chair", "Phó Trưởng Ban"),
        CouncilMemberSpec("uyvien1", "vice_chair", "Chánh Văn phòng"),
        CouncilMemberSpec("uyvien2", "member", "Trưởng phòng Quản lý Đầu tư và Doanh nghiệp"),
        CouncilMemberSpec("uyvien3", "member", "Trưởng phòng Quy hoạch – Xây dựng và Môi trường"),
        CouncilMemberSpec("uyvien4", "member", "Giám đốc Trung tâm Quản lý cửa khẩu"),
        CouncilMemberSpec("uyvien5", "member", "Phó Giám đốc Trung tâm Quản lý cửa khẩu"),
        CouncilMemberSpec("uyvien6", "member", "Phó Trưởng phòng Quy hoạch – Xây dựng và Môi trường"),
        CouncilMemberSpec("uyvien7", "member", "Chủ tịch Công đoàn cơ sở"),
        CouncilMemberSpec("thuky", "secretary", "Phó Chánh Văn phòng"),
    ),
    replay=ReplaySpec(
        title="Phiên họp xét danh hiệu thi đua năm {year}",
        place="Hội trường Ban Quản lý, thành phố Lạng Sơn",
        starts_at="14:00",
        written_ballot="uyvien5",
        disagree=((("DNGS", "LDTT", 5), ("uyvien3", "uyvien6", "uyvien7", "thuky", "uyvien4")),),
        override=OverrideSpec(("VP", "CSTDCS", 2), "down",
                              "Hội đồng thống nhất ưu tiên đồng chí xếp kế tiếp có sáng kiến cấp tỉnh."),
        current_title="Phiên họp xét danh hiệu thi đua năm {year}",
    ),
)

SPEC = DemoSpec(
    key="langson",
    name="Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
    short_name="Ban Quản lý",
    parent_body="UBND TỈNH LẠNG SƠN",
    symbol="BQLKKTCK",
    place_name="Lạng Sơn",
    establishing_decision="Quyết định số 31/2025/QĐ-UBND ngày 10/7/2025 của Ủy ban nhân dân tỉnh Lạng Sơn",
    signers=[
        SignerSpec("Nguyễn Quốc Toàn", "Trưởng Ban", is_head=True, born=dt.date(1970, 10, 5), key="truong_ban"),
        SignerSpec("Hoàng Minh Đức", "Phó Trưởng Ban", born=dt.date(1977, 6, 21), key="pho_truong_ban"),
    ],
    units=[
        UnitSpec("LD", "Lãnh đạo Ban"),
        UnitSpec("VP", "Văn phòng"),
        UnitSpec("QLDT", "Phòng Quản lý Đầu tư và Doanh nghiệp"),
        UnitSpec("QHXD", "Phòng Quy hoạch – Xây dựng và Môi trường"),
        UnitSpec("TTQLCK", "Trung tâm Quản lý cửa khẩu", employment_type="vien_chuc", has_seal=True),
        UnitSpec("TTQLCK.HC", "Phòng Hành chính – Tổng hợp", parent="TTQLCK", employment_type="vien_chuc"),
        UnitSpec("TTQLCK.HN", "Phòng Quản lý cửa khẩu Hữu Nghị", parent="TTQLCK", employment_type="vien_chuc"),
        UnitSpec("TTQLCK.TT", "Phòng Quản lý cửa khẩu Tân Thanh", parent="TTQLCK", employment_type="vien_chuc"),
    ],
    staff=[
        # Văn phòng: thường trực Hội đồng Thi đua – Khen thưởng.
        head("VP", "Chánh Văn phòng", key="chanh_vp"),
        deputy("VP", "Phó Chánh Văn phòng", key="pho_chanh_vp"),
        staff("VP", "Chuyên viên chính", key="cvc_vp", ages=(35, 55)),
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
        deputy("QHXD", "Phó Trưởng phòng", key="ptp_qhxd"),
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
        AccountSpec("truongban", Role.LEADER, person="truong_ban"),
        AccountSpec("chutich", Role.COUNCIL_CHAIR, person="pho_truong_ban"),
        AccountSpec("thuky", Role.COUNCIL_SECRETARY, person="pho_chanh_vp"),
        AccountSpec("uyvien1", Role.COUNCIL_MEMBER, person="chanh_vp"),
        AccountSpec("uyvien2", Role.COUNCIL_MEMBER, person="tp_qldt"),
        AccountSpec("uyvien3", Role.COUNCIL_MEMBER, person="tp_qhxd"),
        AccountSpec("uyvien4", Role.COUNCIL_MEMBER, person="gd_ttqlck"),
        AccountSpec("uyvien5", Role.COUNCIL_MEMBER, person="pgd_ttqlck"),
        AccountSpec("uyvien6", Role.COUNCIL_MEMBER, person="ptp_qhxd"),
        AccountSpec("uyvien7", Role.COUNCIL_MEMBER, person="cvc_vp"),
        AccountSpec("donvi.vp", Role.UNIT_OFFICER, person="cv_vp", unit="VP"),
        AccountSpec("donvi.qldt", Role.UNIT_OFFICER, person="cv_qldt", unit="QLDT"),
        AccountSpec("donvi.qhxd", Role.UNIT_OFFICER, person="cv_qhxd", unit="QHXD"),
        AccountSpec("donvi.ttqlck", Role.UNIT_OFFICER, person="cv_ttqlck", unit="TTQLCK"),
    ],
    family_names=FAMILY_NORTHERN_UPLAND,
    seed=2026_0502,
    campaign=CAMPAIGN,
    awards=catalogue.AWARDS,
    base_salaries=catalogue.BASE_SALARIES,
    leaders_unit="LD",
    council=COUNCIL,
    dossier_units=DOSSIER_UNITS,
    investment_unit="QLDT",
)
