"""The Khánh Hòa board (seeds 000, 001, 003): Ban Quản lý Khu kinh tế và Khu công nghiệp, KKTKCN.

The agency, its signers and the four units are those of the seed plans; the sub-units and the staff
are invented for the demo. The campaign is seed 000's (its five contents are the criterion groups),
with the measurable aims of seeds 000 and 003 as quantitative criteria; the plan tasks are the
appendix tables of seeds 001 and 003, transcribed row by row. The progress reports are invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..models import Role
from . import catalogue
from .names import FAMILY_SOUTH_CENTRAL
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
    ReportSpec,
    SignerSpec,
    TaskSpec,
    UnitSpec,
    deputy,
    head,
    staff,
    worker,
)

BOARD = "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa"
PHASE_1 = "Giai đoạn 1 (2026–2027)"
PHASE_2 = "Giai đoạn 2 (2028–2030)"
# The windows the plan implies (seed 000 §IV): units record results and prepare dossiers all through a phase,
# the dossiers are due before its review (sơ kết Quý IV/2027, tổng kết Quý III/2030). Not counted from the
# load day: on 1 December 2026 phase 1 is running and phase 2 has not opened.
PHASE_1_WINDOW = FixedWindowSpec(opens=dt.date(2026, 6, 1), closes=dt.date(2027, 10, 29),
                                 appraisal=dt.date(2027, 11, 12), council=dt.date(2027, 11, 26))
PHASE_2_WINDOW = FixedWindowSpec(opens=dt.date(2028, 1, 3), closes=dt.date(2030, 7, 31),
                                 appraisal=dt.date(2030, 8, 14), council=dt.date(2030, 8, 28))

# --- the campaign (seed 000) --------------------------------------------------------------------

CONTENT = """\
1. Thi đua tạo đột phá trong tư duy, nhận thức và hành động: xác định khoa học, công nghệ, đổi mới sáng tạo, \
chuyển đổi “xanh – số” là động lực then chốt trong phát triển KKT, KCN; 100% công chức, viên chức được quán \
triệt, đào tạo kỹ năng số, kỹ năng quản trị hiện đại.
2. Thi đua phát triển hạ tầng số, hạ tầng xanh hiện đại, đồng bộ, an ninh, an toàn, hiệu quả: xây dựng, hoàn \
thiện Hệ thống quản lý, điều hành KKT, KCN (dữ liệu, giám sát, báo cáo điều hành); số hóa toàn bộ hồ sơ quản lý \
đầu tư, xây dựng, môi trường; phát triển hạ tầng KCN theo hướng xanh – thông minh – tuần hoàn.
3. Thi đua đổi mới sáng tạo, ứng dụng mạnh mẽ chuyển đổi số, chuyển đổi xanh trong mọi hoạt động và trong hợp \
tác quốc tế: ứng dụng công nghệ số trong giải quyết thủ tục hành chính, quản lý dự án đầu tư, giám sát doanh \
nghiệp; hỗ trợ doanh nghiệp chuyển đổi số sản xuất, quản trị, áp dụng công nghệ xanh, giảm phát thải, tiết kiệm \
năng lượng.
4. Thi đua phát triển kinh tế số, xã hội số, Chính phủ số, chính quyền số, công dân số gắn với phong trào “Bình \
dân học vụ số” và mục tiêu “3 an” (an ninh, an toàn, an dân): 100% văn bản xử lý trên môi trường điện tử; tăng \
tỷ lệ dịch vụ công trực tuyến toàn trình; đẩy mạnh ứng dụng AI, dữ liệu trong điều hành.
5. Thi đua chuyển đổi xanh, chống biến đổi khí hậu trong phát triển kinh tế nhanh và bền vững: tăng cường kiểm \
soát môi trường KKT, KCN; thúc đẩy mô hình KCN sinh thái, kinh tế tuần hoàn; giám sát vận hành hệ thống xử lý \
nước thải tập trung, giảm phát thải khí nhà kính."""

GOALS = """\
Mục đích: cụ thể hóa Kế hoạch của UBND tỉnh trong phạm vi quản lý các khu kinh tế, khu công nghiệp; thúc đẩy \
ứng dụng khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, chuyển đổi xanh trong quản lý nhà nước và hỗ trợ \
doanh nghiệp; nâng cao hiệu lực, hiệu quả quản lý nhà nước theo hướng quản trị hiện đại, số hóa, phục vụ doanh \
nghiệp; phát huy vai trò trung tâm của doanh nghiệp trong KKT, KCN, hướng tới phát triển bền vững.
Yêu cầu: triển khai đồng bộ, thiết thực, gắn với nhiệm vụ chính trị, chương trình chuyển đổi số và cải cách \
hành chính của Ban Quản lý; tăng cường kiểm tra, giám sát, kịp thời khen thưởng, nhân rộng điển hình.
Chỉ tiêu chủ yếu:
- 100% công chức, viên chức, người lao động được quán triệt, đào tạo kỹ năng số;
- 100% văn bản được xử lý trên môi trường điện tử;
- hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa: 90% giai đoạn 2026 – 2027, 100% giai đoạn 2028 – 2030;
- người dân, doanh nghiệp hài lòng khi sử dụng dịch vụ công trực tuyến: 95% giai đoạn 2026 – 2027, 99% giai \
đoạn 2028 – 2030;
- chuyên mục KHCN, ĐMST và CDS trên Trang thông tin điện tử của Ban Quản lý: đủ 50 tin bài/năm."""

GROUPS = (
    GroupSpec("I", "Thi đua tạo đột phá trong tư duy, nhận thức và hành động", (
        CriterionSpec(
            "I.1", "Tỷ lệ công chức, viên chức, người lao động được quán triệt, đào tạo kỹ năng số",
            "collective", 10, unit_of_measure="%", targets=(100, 100), evidence_required=True,
            description="Tỷ lệ công chức, viên chức và người lao động của đơn vị được quán triệt chủ trương và "
                        "được đào tạo kỹ năng số cơ bản, kỹ năng quản trị hiện đại trong kỳ. Chỉ tiêu 100% theo "
                        "mục II.1 Kế hoạch triển khai phong trào và mục I.2 Kế hoạch chuyển đổi số giai đoạn "
                        "2026 – 2030. Minh chứng: danh sách học viên, giấy chứng nhận hoàn thành khóa học."),
        CriterionSpec(
            "I.2", "Hoàn thành các khóa bồi dưỡng kỹ năng số, học tập trên nền tảng “Bình dân học vụ số”",
            "individual", 20, evidence_required=True,
            description="Tham gia đầy đủ các lớp bồi dưỡng, tập huấn về chuyển đổi số, sử dụng trí tuệ nhân tạo "
                        "do cơ quan tổ chức hoặc cử đi; hoàn thành các khóa học trên nền tảng “Bình dân học vụ "
                        "số”. Hội đồng chấm căn cứ giấy chứng nhận, kết quả học tập và việc vận dụng vào công "
                        "việc chuyên môn."),
        CriterionSpec(
            "I.3", "Tuyên truyền, quán triệt chủ trương về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi "
                   "số, chuyển đổi xanh",
            "both", 5,
            description="Chủ động tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật của Nhà nước "
                        "và chỉ đạo của tỉnh về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, chuyển đổi "
                        "xanh; cung cấp tin, bài cho Trang thông tin điện tử của Ban Quản lý."),
    )),
    GroupSpec("II", "Thi đua phát triển hạ tầng số, hạ tầng xanh hiện đại, đồng bộ, an ninh, an toàn, hiệu quả", (
        CriterionSpec(
            "II.1", "Tỷ lệ hồ sơ quản lý đầu tư, xây dựng, môi trường và hồ sơ thủ tục hành chính được số hóa",
            "collective", 10, unit_of_measure="%", targets=(90, 100), evidence_required=True,
            description="Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính và hồ sơ quản lý đầu tư, xây dựng, "
                        "môi trường trong KKT, KCN do đơn vị quản lý đã được số hóa, cập nhật vào hệ thống. Giai "
                        "đoạn 2026 – 2027 phấn đấu đạt 90%; giai đoạn 2028 – 2030 đạt 100% và được tái sử dụng "
                        "trong tiếp nhận, giải quyết thủ tục hành chính (Kế hoạch chuyển đổi số giai đoạn "
                        "2026 – 2030)."),
        CriterionSpec(
            "II.2", "Tham gia xây dựng, khai thác Hệ thống quản lý, điều hành KKT, KCN và các cơ sở dữ liệu "
                    "dùng chung",
            "individual", 15,
            description="Tham gia xây dựng, cập nhật dữ liệu và khai thác Hệ thống quản lý, điều hành KKT, KCN "
                        "(dữ liệu, giám sát, báo cáo điều hành), các cơ sở dữ liệu chuyên ngành và dùng chung; "
                        "tuân thủ quy định bảo đảm an toàn thông tin, an ninh mạng."),
    )),
    GroupSpec("III", "Thi đua đổi mới sáng tạo, ứng dụng mạnh mẽ chuyển đổi số, chuyển đổi xanh trong mọi hoạt "
                     "động và trong hợp tác quốc tế", (
        CriterionSpec(
            "III.1", "Sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả về khoa học, công nghệ, chuyển đổi "
                     "số, chuyển đổi xanh",
            "both", 20, evidence_required=True,
            description="Có sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả được áp dụng trong quản lý nhà "
                        "nước hoặc hỗ trợ doanh nghiệp, mang lại hiệu quả rõ rệt (rút ngắn thời gian xử lý, tiết "
                        "kiệm chi phí, nâng cao chất lượng phục vụ). Minh chứng: quyết định công nhận sáng kiến "
                        "hoặc báo cáo kết quả áp dụng có xác nhận của thủ trưởng đơn vị."),
        CriterionSpec(
            "III.2", "Hỗ trợ doanh nghiệp trong KKT, KCN chuyển đổi số, áp dụng công nghệ xanh",
            "collective", 10,
            description="Kết quả hướng dẫn, hỗ trợ doanh nghiệp trong KKT, KCN chuyển đổi số trong sản xuất, "
                        "quản trị; áp dụng công nghệ xanh, giảm phát thải, tiết kiệm năng lượng; thu hút dự án "
                        "đầu tư công nghệ cao, thân thiện với môi trường."),
        CriterionSpec(
            "III.3", "Ứng dụng công nghệ số, trí tuệ nhân tạo (AI) trong giải quyết công việc chuyên môn",
            "individual", 15,
            description="Thường xuyên sử dụng nền tảng số, trợ lý ảo, công cụ trí tuệ nhân tạo trong tham mưu, "
                        "giải quyết thủ tục hành chính, quản lý dự án đầu tư và giám sát doanh nghiệp; bảo đảm "
                        "an toàn, bảo mật thông tin khi sử dụng."),
    )),
    GroupSpec("IV", "Thi đua phát triển kinh tế số, xã hội số, Chính phủ số, chính quyền số, công dân số gắn với "
                    "phong trào “Bình dân học vụ số” và các nền tảng số với mục tiêu “3 an”: an ninh, an toàn và "
                    "an dân", (
        CriterionSpec(
            "IV.1", "Tỷ lệ người dân, doanh nghiệp hài lòng khi sử dụng dịch vụ công trực tuyến",
            "collective", 10, unit_of_measure="%", targets=(95, 99), evidence_required=True,
            description="Tỷ lệ đánh giá hài lòng của người dân, doanh nghiệp đối với dịch vụ công trực tuyến "
                        "thuộc lĩnh vực đơn vị tham mưu giải quyết, theo kết quả đánh giá trên Cổng dịch vụ công. "
                        "Chỉ tiêu 95% trong giai đoạn 2026 – 2027 và 99% trong giai đoạn 2028 – 2030 (Kế hoạch "
                        "chuyển đổi số giai đoạn 2026 – 2030, mục I.2.1)."),
        CriterionSpec(
            "IV.2", "Tỷ lệ văn bản đi, đến được xử lý trên môi trường điện tử",
            "collective", 10, unit_of_measure="%", targets=(100, 100),
            description="100% văn bản đi, đến được tham mưu xử lý trên phần mềm quản lý văn bản điều hành "
                        "E-Office, được ký số đầy đủ và trao đổi với các cơ quan nhà nước dưới dạng điện tử (trừ "
                        "văn bản mật theo quy định)."),
        CriterionSpec(
            "IV.3", "Số tin bài về KHCN, ĐMST và CDS đăng trên Trang thông tin điện tử của Ban Quản lý",
            "collective", 5, unit_of_measure="tin bài/năm", targets=(50, 50),
            description="Số tin bài đơn vị cung cấp, được đăng trên chuyên mục khoa học, công nghệ, đổi mới sáng "
                        "tạo và chuyển đổi số của Trang thông tin điện tử của Ban Quản lý trong năm; chuyên mục "
                        "phải duy trì đủ 50 tin bài/năm (Kế hoạch chuyển đổi số, Phụ lục I, nhiệm vụ 9)."),
        CriterionSpec(
            "IV.4", "Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn",
            "collective", 10, unit_of_measure="%", targets=(90, 100), source="task_completion",
            description="Tỷ lệ nhiệm vụ tại các phụ lục của Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026 "
                        "và Kế hoạch chuyển đổi số giai đoạn 2026 – 2030 do đơn vị chủ trì đã hoàn thành đúng "
                        "thời hạn. Giá trị lấy từ báo cáo tiến độ nhiệm vụ của đơn vị, không nhập tay."),
        CriterionSpec(
            "IV.5", "Tỷ lệ văn bản, hồ sơ công việc được giao xử lý đúng hạn trên môi trường điện tử",
            "individual", 20, unit_of_measure="%", targets=(95, 100),
            description="Tỷ lệ văn bản, hồ sơ công việc được giao trên phần mềm quản lý văn bản điều hành mà cá "
                        "nhân xử lý xong đúng hạn, ký số đầy đủ; số liệu trích xuất từ phần mềm E-Office."),
    )),
    GroupSpec("V", "Thi đua chuyển đổi xanh, chống biến đổi khí hậu trong phát triển kinh tế nhanh và bền vững", (
        CriterionSpec(
            "V.1", "Thực hành văn phòng xanh, tiết kiệm năng lượng, giảm rác thải nhựa",
            "both", 5,
            description="Sử dụng tiết kiệm điện, nước, văn phòng phẩm; hạn chế in ấn nhờ xử lý công việc trên "
                        "môi trường điện tử; không sử dụng sản phẩm nhựa dùng một lần tại cơ quan."),
        CriterionSpec(
            "V.2", "Kiểm soát môi trường, thúc đẩy mô hình KCN sinh thái, kinh tế tuần hoàn",
            "collective", 5, evidence_required=True,
            description="Kết quả kiểm tra, giám sát môi trường trong KKT, KCN; giám sát vận hành hệ thống xử lý "
                        "nước thải tập trung; tham mưu, hỗ trợ chuyển đổi KCN theo mô hình sinh thái, kinh tế "
                        "tuần hoàn, giảm phát thải khí nhà kính."),
    )),
)

CAMPAIGN = CampaignSpec(
    title=catalogue.CAMPAIGN_TITLE,
    kind="thematic",
    plan_number="",  # "Số: /KH-KKTKCN": not yet numbered in the seed
    plan_date=dt.date(2026, 5, 20),
    plan_issuer=BOARD,
    start=dt.date(2026, 6, 1),
    end=dt.date(2030, 12, 31),
    legal_bases=(
        catalogue.LAW,
        catalogue.DECREE,
        "Căn cứ Kế hoạch số 5237/KH-UBND ngày 15/4/2026 của UBND tỉnh về triển khai phong trào thi đua "
        f"“{catalogue.CAMPAIGN_TITLE}” trên địa bàn tỉnh Khánh Hòa;",
        "Căn cứ Kế hoạch số 5881/KH-UBND ngày 30/4/2026 của UBND tỉnh về chuyển đổi số tỉnh Khánh Hòa giai "
        "đoạn 2026 – 2030.",
    ),
    content=CONTENT,
    goals=GOALS,
    phases=(
        # Phase 1's window is over (the council has met); phase 2's is open now: both relative to the day
        # the demo is loaded, so that the calendar on the office's home page always has something to show.
        PhaseSpec(PHASE_1, dt.date(2026, 6, 1), dt.date(2027, 12, 31), "interim", "Quý IV/2027",
                  PHASE_1_WINDOW),
        PhaseSpec(PHASE_2, dt.date(2028, 1, 1), dt.date(2030, 12, 31), "final", "Quý III/2030",
                  PHASE_2_WINDOW),
    ),
    groups=GROUPS,
    quotas=(
        QuotaSpec("GK", PHASE_1, "count", 10, leaders_cap=3),
        QuotaSpec("GK", PHASE_2, "count", 15, leaders_cap=4),
        QuotaSpec("CSTDCS", PHASE_1, "share_staff", 15),
        QuotaSpec("CSTDCS", PHASE_2, "share_staff", 15),
    ),
)

# --- the plan tasks (seeds 001 and 003) ---------------------------------------------------------

PLAN_57 = "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026"
PLAN_CDS = "Kế hoạch chuyển đổi số giai đoạn 2026 – 2030"
NQ71_QD1689 = ("- Nghị quyết số 71/NQ-CP ngày 01/04/2025 của Chính phủ.\n"
               "- Quyết định 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh.")
ALL_UNITS_TEXT = "Các phòng, Ban QLDAHT"
ALL_UNITS = ("KHDT", "DNGS", "QLDAHT")  # "Các phòng, Ban QLDAHT" beside the Văn phòng
END_2026 = dt.date(2026, 12, 31)
END_2030 = dt.date(2030, 12, 31)

S57_I = f"{PLAN_57}, Phụ lục I – I. Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính \
trị mạnh mẽ, quyết liệt lãnh đạo, chỉ đạo, tạo xung lực mới trong toàn xã hội về phát triển KHCN, ĐMST, CDS"
S57_II = f"{PLAN_57}, Phụ lục I – II. Triển khai thực hiện các chính sách mới để tạo sự bứt phá, phát triển \
KHCN, ĐMST, CDS của tỉnh Khánh Hòa"
S57_III = f"{PLAN_57}, Phụ lục I – III. Tăng cường đầu tư, hoàn thiện hạ tầng phục vụ phát triển KHCN, ĐMST, CDS"
S57_IV = f"{PLAN_57}, Phụ lục I – IV. Đẩy mạnh CDS, ứng dụng KHCN, ĐMST trong hoạt động của cơ quan"
S57_V = f"{PLAN_57}, Phụ lục I – V. Thúc đẩy mạnh mẽ hoạt động KHCN, ĐMST, CDS trong doanh nghiệp"
S57_PL2 = f"{PLAN_57}, Phụ lục II – Danh mục nhiệm vụ cụ thể, giải pháp trọng tâm"
SCDS_PL1 = f"{PLAN_CDS}, Phụ lục I – Danh mục các nhiệm vụ thực hiện trọng tâm giai đoạn 2026 – 2030"
SCDS_PL2 = f"{PLAN_CDS}, Phụ lục II – Danh mục nhiệm vụ CNTT sử dụng vốn sự nghiệp giai đoạn 2026 – 2030"

TASKS = (
    # Seed 001, Phụ lục I: Danh mục các nhiệm vụ, giải pháp triển khai thực hiện.
    TaskSpec(S57_I, "I.1", "Triển khai tuyên truyền các văn bản chỉ đạo, chương trình, kế hoạch, nhiệm vụ CDS, "
             "phát triển KHCN, ĐMST của Trung ương, Bộ, UBND tỉnh và cơ quan có chuyên môn; và Đăng tải trên "
             "Trang thông tin điện tử của Ban Quản lý", "12/2026", END_2026,
             lead="VP", lead_text="Văn phòng", partners=ALL_UNITS, partner_text=ALL_UNITS_TEXT,
             legal_basis=NQ71_QD1689,
             reports=(ReportSpec("VP", "done", dt.date(2026, 11, 10),
                                 product_ref="Chuyên mục KHCN, ĐMST, CDS trên Trang thông tin điện tử"),)),
    TaskSpec(S57_II, "II.1", "Số hóa quy trình nghiệp vụ nội bộ, hồ sơ tài liệu, kết quả giải quyết TTHC",
             "12/2026", END_2026, lead="VP", lead_text="Văn phòng", partners=ALL_UNITS,
             partner_text=ALL_UNITS_TEXT, legal_basis=NQ71_QD1689,
             reports=(ReportSpec("VP", "in_progress", dt.date(2026, 11, 5),
                                 note="Đã số hóa quy trình nội bộ và 85% hồ sơ, kết quả giải quyết TTHC năm 2026."),)),
    TaskSpec(S57_II, "II.2", "Đẩy mạnh tái cấu trúc quy trình, cắt giảm, đơn giản hóa tối đa thủ tục hành chính "
             "(TTHC), nâng cao chất lượng cung cấp DVCTT; tái sử dụng 100% dữ liệu đã số hóa để cắt giảm tối đa "
             "TTHC và chi phí cho người dân, doanh nghiệp", "12/2026", END_2026,
             lead="VP", lead_text="Văn phòng", partners=("KHDT", "DNGS"), partner_text="Các phòng",
             legal_basis=NQ71_QD1689),
    TaskSpec(S57_III, "III.1", "Đẩy mạnh ứng dụng trí tuệ nhân tạo (AI) gắn với công tác quản lý nhà nước trong "
             "lĩnh vực", "12/2026", END_2026,
             lead_text=ALL_UNITS_TEXT, partners=(*ALL_UNITS, "VP"), partner_text="Văn phòng",
             legal_basis=NQ71_QD1689,
             reports=(ReportSpec("DNGS", "done", dt.date(2026, 10, 20),
                                 product_ref="Thí điểm trợ lý ảo tra cứu hồ sơ dự án đầu tư"),
                      ReportSpec("KHDT", "in_progress", dt.date(2026, 11, 12),
                                 note="Đang thử nghiệm công cụ AI tóm tắt hồ sơ xúc tiến đầu tư."))),
    TaskSpec(S57_III, "III.2", "Triển khai sử dụng hiệu quả các CSDL dùng chung", "12/2026", END_2026,
             lead_text=ALL_UNITS_TEXT, partners=(*ALL_UNITS, "VP"), partner_text="Văn phòng",
             legal_basis=NQ71_QD1689),
    TaskSpec(S57_IV, "IV.1", "Số hóa dữ liệu, khai thác ứng dụng cắt giảm TTHC", "12/2026", END_2026,
             lead_text=ALL_UNITS_TEXT, partners=(*ALL_UNITS, "VP"), partner_text="Văn phòng",
             legal_basis=NQ71_QD1689),
    TaskSpec(S57_IV, "IV.2", "Tập huấn chuyển đổi số, sử dụng trí tuệ nhân tạo", "12/2026", END_2026,
             lead="VP", lead_text="Văn phòng", partners=ALL_UNITS, partner_text=ALL_UNITS_TEXT,
             legal_basis="- Quyết định 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh.\n"
                         "- Quyết định 7871/KH-UBND ngày 19/6/2025 của UBND tỉnh",
             reports=(ReportSpec("VP", "done", dt.date(2026, 9, 25),
                                 product_ref="Lớp tập huấn chuyển đổi số, sử dụng trí tuệ nhân tạo ngày 25/9/2026"),)),
    TaskSpec(S57_V, "V.1", "Phối hợp Sở Khoa học và Công nghệ xây dựng Đề án để phát triển ít nhất 01 Khu công "
             "nghiệp công nghệ cao/Khu Công nghệ thông tin tập trung hoặc Khu Công nghệ số tập trung (theo Quy "
             "hoạch hạ tầng thông tin và truyền thông thời kỳ 2021 – 2030, tầm nhìn đến năm 2050)",
             "12/2026", END_2026, lead="KHDT", lead_text="Phòng Kế hoạch – Đầu tư và Xúc tiến",
             partners=("DNGS", "QLDAHT"), partner_text=ALL_UNITS_TEXT, product="Đề án",
             legal_basis="- Nghị quyết số 71/NQ-CP ngày 01/04/2025 của Chính phủ.\n"
                         "- Quyết định số 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh.",
             reports=(ReportSpec("KHDT", "in_progress", dt.date(2026, 11, 18),
                                 note="Đã gửi dự thảo Đề án xin ý kiến Sở Khoa học và Công nghệ."),)),
    # Seed 001, Phụ lục II: Danh mục nhiệm vụ cụ thể, giải pháp trọng tâm.
    TaskSpec(S57_PL2, "1", "Nâng cấp Trang thông tin điện tử của Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh "
             "Khánh Hòa", "30/6/2026", dt.date(2026, 6, 30), lead="VP", lead_text="Văn phòng",
             partners=ALL_UNITS, partner_text=ALL_UNITS_TEXT, product="Website",
             legal_basis="Kế hoạch số 2044/KH-UBND ngày 20/02/2025 của UBND tỉnh.",
             reports=(ReportSpec("VP", "in_progress", dt.date(2026, 10, 28),
                                 note="Đã hoàn thành giao diện mới; đang chờ kết quả đánh giá an toàn thông tin "
                                      "trước khi vận hành chính thức."),)),
    TaskSpec(S57_PL2, "2", "Xây dựng, triển khai chuyển đổi số trong công tác quản lý và điều hành khu kinh tế, "
             "khu công nghiệp trên địa bàn tỉnh Khánh Hòa (trước đây là Xây dựng hệ thống thông tin nghiệp vụ và "
             "hỗ trợ điều hành Khu kinh tế và Khu công nghiệp)", "31/10/2026", dt.date(2026, 10, 31),
             lead="VP", lead_text="Văn phòng", partners=ALL_UNITS, partner_text=ALL_UNITS_TEXT,
             product="Phần mềm",
             legal_basis="Thông báo 443/TB-UBND ngày 15/12/2025 của UBND tỉnh; Công văn 208/KKTKCN-VP ngày "
                         "13/8/2025; Công văn số 147/KKTKCN-VP ngày 14/01/2026",
             reports=(ReportSpec("VP", "done", dt.date(2026, 11, 14),
                                 product_ref="Phần mềm quản lý, điều hành KKT, KCN (bản vận hành chính thức)",
                                 note="Chậm hai tuần so với kế hoạch do bổ sung phân hệ báo cáo điều hành."),)),
    TaskSpec(S57_PL2, "3", "Khảo sát, đánh giá an toàn thông tin, an ninh mạng Hệ thống thông tin của Ban Quản lý "
             "Khu kinh tế và Khu công nghiệp", "31/12/2026", END_2026, lead="VP", lead_text="Văn phòng",
             partners=ALL_UNITS, partner_text=ALL_UNITS_TEXT,
             legal_basis="Công văn số 38/KKTKCN-VP ngày 07/01/2026",
             reports=(ReportSpec("VP", "done", dt.date(2026, 10, 30),
                                 product_ref="Báo cáo khảo sát, đánh giá an toàn thông tin, an ninh mạng"),)),
    TaskSpec(S57_PL2, "4", "Tổ chức xúc tiến, kêu gọi các doanh nghiệp đầu tư để nâng cao số Dự án hoạt động sản "
             "xuất trong khu công nghiệp và Dự án đầu tư vào khu công nghiệp", "31/12/2026", END_2026,
             lead="KHDT", lead_text="Phòng KHĐT", partners=("DNGS", "QLDAHT"), partner_text=ALL_UNITS_TEXT,
             product="Giấy CNĐT, Quyết định chấp thuận",
             legal_basis="- Thông báo số 04-TB/BCĐ ngày 31/12/2025.\n"
                         "- Quyết định số 1689/QĐ-UBND ngày 19/6/2025.",
             reports=(ReportSpec("KHDT", "in_progress", dt.date(2026, 11, 20),
                                 note="Đã cấp 6 Giấy chứng nhận đăng ký đầu tư mới trong năm 2026."),)),
    # Seed 003, Phụ lục I: Danh mục các nhiệm vụ thực hiện trọng tâm giai đoạn 2026 – 2030.
    TaskSpec(SCDS_PL1, "1", "Người đứng đầu đơn vị là Trưởng Ban Chỉ đạo về KHCN, ĐMST, CDS và ĐA06",
             "Năm 2026 – 2030", END_2030, lead="VP", lead_text="Văn phòng", partners=ALL_UNITS,
             partner_text=ALL_UNITS_TEXT, product="Quyết định",
             reports=(ReportSpec("VP", "done", dt.date(2026, 7, 10),
                                 product_ref="Quyết định kiện toàn Ban Chỉ đạo về KHCN, ĐMST, CDS và ĐA06"),)),
    TaskSpec(SCDS_PL1, "2", "Ban hành kế hoạch, quyết định, văn bản chỉ đạo và điều hành về CDS cho toàn thể "
             "CCVC, doanh nghiệp", "Năm 2026 – 2030", END_2030, lead_text=ALL_UNITS_TEXT,
             partners=(*ALL_UNITS, "VP"), partner_text="Văn phòng",
             product="Quyết định; kế hoạch; văn bản triển khai"),
    TaskSpec(SCDS_PL1, "3", "Tăng cường triển khai công tác bồi dưỡng, tập huấn kiến thức, kỹ năng về CDS cho "
             "CCVC trong đơn vị", "Năm 2026 – 2030", END_2030,
             lead_text="Sở Khoa học và Công nghệ; Công an tỉnh", partners=ALL_UNITS,
             partner_text=ALL_UNITS_TEXT, product="Văn bản đăng ký triển khai"),
    TaskSpec(SCDS_PL1, "4", "Triển khai các CSDL chuyên ngành đã đăng ký triển khai được duyệt tại Quyết định số "
             "2073/QĐ-UBND", "Năm 2026 – 2030", END_2030,
             lead_text="Phòng Doanh nghiệp – Giám sát đầu tư; Phòng Kế hoạch – Đầu tư và Xúc tiến",
             partners=("DNGS", "KHDT"), partner_text="Đơn vị doanh nghiệp đồng hành",
             product="CSDL chuyên ngành"),
    TaskSpec(SCDS_PL1, "5", "Ứng dụng trí tuệ nhân tạo (AI) trong xây dựng, phát triển, khai thác sử dụng CSDL "
             "chuyên ngành", "Năm 2026 – 2030", END_2030,
             lead_text="Phòng Doanh nghiệp – Giám sát đầu tư; Phòng Kế hoạch – Đầu tư và Xúc tiến; đơn vị doanh "
                       "nghiệp đồng hành",
             partners=("DNGS", "KHDT"), partner_text="Đơn vị doanh nghiệp đồng hành",
             product="Hệ thống hoạt động ổn định"),
    TaskSpec(SCDS_PL1, "6", "Chủ động rà soát, đánh giá và đề xuất nhu cầu nhân lực chuyên trách về an ninh mạng, "
             "bảo mật thông tin, an toàn dữ liệu và xây dựng phương án đào tạo, bổ sung nhân lực nhằm đáp ứng yêu "
             "cầu nhiệm vụ trong tình hình mới", "Năm 2026 – 2030", END_2030, lead="VP", lead_text="Văn phòng",
             partner_text="Sở Nội vụ; Công an tỉnh; Sở Khoa học và Công nghệ", product="Văn bản"),
    TaskSpec(SCDS_PL1, "7", "Tiếp tục triển khai Phong trào “Bình dân học vụ số” đến toàn bộ CCVC công tác tại "
             "đơn vị", "Năm 2026 – 2030", END_2030, lead="VP", lead_text="Văn phòng",
             partner_text="Công an tỉnh", product="Báo cáo; văn bản triển khai"),
    TaskSpec(SCDS_PL1, "8", "Tuyên truyền nhiệm vụ và giải pháp về CDS gắn với công tác bảo đảm an toàn, an ninh "
             "mạng", "Năm 2026 – 2030", END_2030, lead="VP", lead_text="Văn phòng",
             partner_text="Sở Khoa học và Công nghệ",
             product="Văn bản triển khai; bản tin trên Trang Thông tin điện tử"),
    TaskSpec(SCDS_PL1, "9", "Duy trì hoạt động, bản tin của chuyên mục KHCN, ĐMST và CDS đủ 50 tin bài/năm trên "
             "Trang thông tin điện tử của Ban Quản lý", "Năm 2026 – 2030", END_2030, lead="VP",
             lead_text="Văn phòng", partners=ALL_UNITS, partner_text=ALL_UNITS_TEXT, product="Báo cáo kết quả",
             reports=(ReportSpec("VP", "in_progress", dt.date(2026, 11, 20),
                                 note="Đã đăng 41 tin bài trong năm 2026."),)),
    TaskSpec(SCDS_PL1, "10", "Phối hợp truyền thông chính sách, phổ biến thông tin về Chính phủ số, Chính quyền "
             "số, các nền tảng số, chính sách dữ liệu, AI, an toàn thông tin đến người dân, doanh nghiệp trên địa "
             "bàn tỉnh", "Năm 2026 – 2030", END_2030, lead="VP", lead_text="Văn phòng",
             partner_text="Sở Nội vụ; Sở Khoa học và Công nghệ; Công an tỉnh",
             product="Khi có văn bản triển khai của đơn vị có thẩm quyền"),
    TaskSpec(SCDS_PL1, "11", "Rà soát, trang bị, nâng cấp và duy trì các phần mềm có bản quyền, nền tảng số và "
             "công cụ hỗ trợ công việc phục vụ hoạt động quản lý nhà nước, bảo đảm an toàn thông tin và triển "
             "khai ứng dụng AI tại Ban Quản lý", "Năm 2026 – 2030", END_2030, lead="VP", lead_text="Văn phòng",
             partners=ALL_UNITS, partner_text="Các phòng, Ban QLDAHT; Sở, ban, ngành có thẩm quyền",
             product="100% thiết bị được trang bị phần mềm đáp ứng yêu cầu nhiệm vụ và theo đúng quy định của "
                     "pháp luật"),
    # Seed 003, Phụ lục II: nhiệm vụ CNTT sử dụng vốn sự nghiệp (nguồn vốn and amount kept in the product).
    TaskSpec(SCDS_PL2, "1", "Nâng cấp Trang thông tin điện tử Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh "
             "Khánh Hòa", "Quý II/2026", dt.date(2026, 6, 30), lead="VP", lead_text="Văn phòng",
             legal_basis="Công văn số 6347/UBND-DN&KSTT",
             product="Nâng cấp Trang thông tin điện tử Ban Quản lý nhằm tăng tính bảo mật, hỗ trợ tốt hơn trên "
                     "nền tảng di động nhằm cung cấp thông tin đến người dân, nhà đầu tư và doanh nghiệp (ngân "
                     "sách tỉnh, tổng mức đầu tư 500 triệu đồng)",
             reports=(ReportSpec("VP", "in_progress", dt.date(2026, 10, 28),
                                 note="Cùng nội dung nhiệm vụ 1, Phụ lục II Kế hoạch năm 2026: đang chờ đánh giá "
                                      "an toàn thông tin."),)),
    TaskSpec(SCDS_PL2, "2", "Xây dựng triển khai CDS trong công tác quản lý và điều hành khu kinh tế, khu công "
             "nghiệp trên địa bàn tỉnh Khánh Hòa", "2026 - 2030", END_2030, lead="VP", lead_text="Văn phòng",
             legal_basis="Quyết định 1689/QĐ-UBND ngày 19/6/2025 về đột phá phát triển KHCCN, ĐMST, CDS quốc gia; "
                         "Thông báo số 443/TB-UBND ngày 15/12/2025 của UBND tỉnh; Kế hoạch số 2364/KH-UBND ngày "
                         "06/2/2026 của UBND tỉnh",
             product="Ngân sách tỉnh, tổng mức đầu tư 6.000 triệu đồng"),
)

# --- the council (Quyết định kiện toàn Hội đồng Thi đua – Khen thưởng) and the replay of its last round ------

REPLAY = ReplaySpec(
    title="Phiên họp xét danh hiệu thi đua năm {year}",
    place="Phòng họp số 1, trụ sở Ban Quản lý",
    starts_at="08:00",
    written_ballot="uyvien6",  # on a site visit; votes in writing, the secretary enters the ballot
    default_share=Decimal("0.85"),
    shares=((("VP", "CSTDCS", 2), Decimal("0.93")), (("KHDT", "CSTDCS", 3), Decimal("0.90")),
            (("DNGS", "CSTDCS", 2), Decimal("0.82")), (("QLDAHT.KH", "LDTT", 2), Decimal("0.70"))),
    member_offsets=(Decimal(0), Decimal("0.5"), Decimal(-1), Decimal(1), Decimal("-0.5"), Decimal(0),
                    Decimal("0.5"), Decimal(-1), Decimal(0)),
    outlier=("uyvien3", ("QLDAHT.KT", "TTLDTT", None), Decimal("0.45")),
    # LĐTT needs more than half of the 9 members (5), TTLĐXS two thirds (6: met exactly here).
    disagree=((("QLDAHT.KH", "LDTT", 2), ("uyvien1", "uyvien3", "uyvien4", "uyvien5", "uyvien7")),
              (("KHDT", "TTLDXS", None), ("uyvien3", "uyvien4", "uyvien6")),
              (("DNGS", "LDTT", 5), ("uyvien4", "uyvien6", "uyvien7", "thuky"))),
    override=OverrideSpec(("VP", "CSTDCS", 2), "down",
                          "Đồng chí đã được đề nghị Bằng khen của Chủ tịch UBND tỉnh trong năm; Hội đồng thống "
                          "nhất ưu tiên đồng chí xếp kế tiếp, tác giả sáng kiến cấp tỉnh đang được nhân rộng."),
    current_title="Phiên họp xét danh hiệu thi đua năm {year}",
)

COUNCIL = CouncilSpec(
    number="08",
    issuer="Trưởng Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
    members=(
        CouncilMemberSpec("chutich", "chair", "Phó Trưởng Ban"),
        CouncilMemberSpec("uyvien1", "vice_chair", "Chánh Văn phòng"),
        CouncilMemberSpec("uyvien2", "member", "Trưởng phòng Kế hoạch – Đầu tư và Xúc tiến"),
        CouncilMemberSpec("uyvien3", "member", "Trưởng phòng Doanh nghiệp – Giám sát đầu tư"),
        CouncilMemberSpec("uyvien4", "member", "Giám đốc Ban Quản lý dự án hạ tầng"),
        CouncilMemberSpec("uyvien5", "member", "Phó Trưởng phòng Doanh nghiệp – Giám sát đầu tư"),
        CouncilMemberSpec("uyvien6", "member", "Phó Giám đốc Ban Quản lý dự án hạ tầng"),
        CouncilMemberSpec("uyvien7", "member", "Chủ tịch Công đoàn cơ sở"),
        CouncilMemberSpec("thuky", "secretary", "Phó Chánh Văn phòng"),
    ),
    replay=REPLAY,
)

SPEC = DemoSpec(
    key="khanhhoa",
    name="Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
    short_name="Ban Quản lý",
    parent_body="UBND TỈNH KHÁNH HÒA",
    symbol="KKTKCN",
    place_name="Khánh Hòa",
    establishing_decision="Quyết định số 27/2025/QĐ-UBND ngày 25/7/2025 của Ủy ban nhân dân tỉnh Khánh Hòa",
    signers=[
        SignerSpec("Trần Minh Chiến", "Trưởng Ban", is_head=True, born=dt.date(1969, 8, 14), key="truong_ban"),
        SignerSpec("Phan Châu Vinh", "Phó Trưởng Ban", born=dt.date(1975, 3, 2), key="pho_truong_ban"),
    ],
    units=[
        UnitSpec("LD", "Lãnh đạo Ban"),
        UnitSpec("VP", "Văn phòng"),
        UnitSpec("VP.TH", "Tổ Tổng hợp – Hành chính", parent="VP"),
        UnitSpec("KHDT", "Phòng Kế hoạch – Đầu tư và Xúc tiến"),
        UnitSpec("DNGS", "Phòng Doanh nghiệp – Giám sát đầu tư"),
        UnitSpec("QLDAHT", "Ban Quản lý dự án hạ tầng", employment_type="vien_chuc", has_seal=True),
        UnitSpec("QLDAHT.KH", "Phòng Kế hoạch – Tổng hợp", parent="QLDAHT", employment_type="vien_chuc"),
        UnitSpec("QLDAHT.KT", "Phòng Kỹ thuật – Thẩm định", parent="QLDAHT", employment_type="vien_chuc"),
    ],
    staff=[
        # Văn phòng: thường trực Hội đồng Thi đua – Khen thưởng.
        head("VP", "Chánh Văn phòng", key="chanh_vp"),
        deputy("VP", "Phó Chánh Văn phòng", key="pho_chanh_vp"),
        deputy("VP", "Phó Chánh Văn phòng"),
        staff("VP", "Chuyên viên chính", key="cvc_vp", ages=(35, 55)),
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
        deputy("DNGS", "Phó Trưởng phòng", key="ptp_dngs"),
        deputy("DNGS", "Phó Trưởng phòng"),
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
        deputy("QLDAHT.KT", "Phó Trưởng phòng", key="ptp_qldaht_kt", ages=(34, 50)),
        staff("QLDAHT.KT", "Kỹ sư", count=5),
        staff("QLDAHT.KT", "Chuyên viên", count=2),
        worker("QLDAHT.KT", "Nhân viên kỹ thuật", gender="nam"),
    ],
    accounts=[
        AccountSpec("admin", Role.ADMIN, full_name="Quản trị hệ thống"),
        AccountSpec("vanphong", Role.OFFICE, person="cv_thi_dua"),
        AccountSpec("truongban", Role.LEADER, person="truong_ban"),
        AccountSpec("chutich", Role.COUNCIL_CHAIR, person="pho_truong_ban"),
        AccountSpec("thuky", Role.COUNCIL_SECRETARY, person="pho_chanh_vp"),
        AccountSpec("uyvien1", Role.COUNCIL_MEMBER, person="chanh_vp"),
        AccountSpec("uyvien2", Role.COUNCIL_MEMBER, person="tp_khdt"),
        AccountSpec("uyvien3", Role.COUNCIL_MEMBER, person="tp_dngs"),
        AccountSpec("uyvien4", Role.COUNCIL_MEMBER, person="gd_qldaht"),
        AccountSpec("uyvien5", Role.COUNCIL_MEMBER, person="ptp_dngs"),
        AccountSpec("uyvien6", Role.COUNCIL_MEMBER, person="pgd_qldaht"),
        AccountSpec("uyvien7", Role.COUNCIL_MEMBER, person="cvc_vp"),
        AccountSpec("donvi.vp", Role.UNIT_OFFICER, person="cv_vp", unit="VP"),
        AccountSpec("donvi.khdt", Role.UNIT_OFFICER, person="cv_khdt", unit="KHDT"),
        AccountSpec("donvi.dngs", Role.UNIT_OFFICER, person="cv_dngs", unit="DNGS"),
        AccountSpec("donvi.qldaht", Role.UNIT_OFFICER, person="cv_qldaht", unit="QLDAHT"),
        # A phòng's own officer: it reads, read-only, the dossiers Ban QLDA hạ tầng made for its people.
        AccountSpec("donvi.qldaht.kt", Role.UNIT_OFFICER, person="ptp_qldaht_kt", unit="QLDAHT.KT"),
    ],
    family_names=FAMILY_SOUTH_CENTRAL,
    seed=2026_0501,
    campaign=CAMPAIGN,
    awards=catalogue.AWARDS,
    base_salaries=catalogue.BASE_SALARIES,
    tasks=TASKS,
    leaders_unit="LD",
    council=COUNCIL,
)
