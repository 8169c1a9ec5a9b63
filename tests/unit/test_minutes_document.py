"""The council's minutes and ballot result as .docx (campaign/documents/minutes.py), from plain dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from campaign.documents.layout import DocumentNumber, Issuer
from campaign.documents.minutes import (
    AwardSection,
    BallotResult,
    MemberLine,
    Minutes,
    OverrideLine,
    RecusalLine,
    ScoreLine,
    Signatures,
    VoteLine,
    build_ballot_result,
    build_minutes,
    clock_text,
    closing_line,
)
from tests.unit.test_documents import all_text, close, find, flat, open_docx, paragraphs, run_of, table_texts

SCRIPT = "<script>alert(1)</script>"
ISSUER = Issuer("BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "HĐTĐKT", "Khánh Hòa")
CHAIR = MemberLine("Lê Văn Tuấn", "Trưởng Ban", "Chủ tịch Hội đồng")
SECRETARY = MemberLine("Ngô Thu Trang", "Phó Chánh Văn phòng", "Ủy viên kiêm Thư ký")
MEMBERS = (CHAIR, MemberLine("Phạm Thị Hạnh", "Phó Trưởng Ban", "Phó Chủ tịch Hội đồng"),
           MemberLine("Nguyễn Hữu Dũng", "Chánh Văn phòng", "Ủy viên"), SECRETARY)
LDTT = AwardSection(
    "Lao động tiên tiến (cá nhân)",
    scores=(ScoreLine("Đặng Thị Ngọc Ánh", "Phòng Doanh nghiệp – Giấy phép", "87,25"),
            ScoreLine(SCRIPT, "Văn phòng", "80")),
    votes=(VoteLine("Đặng Thị Ngọc Ánh", "Phòng Doanh nghiệp – Giấy phép", 6, 3, 9, "66,67%", "từ 2/3 trở lên",
                    True),
           VoteLine(SCRIPT, "Văn phòng", 4, 5, 9, "44,44%", "trên 50%", False)),
)
GK = AwardSection("Giấy khen của Trưởng Ban (tập thể)",
                  scores=(ScoreLine("Phòng Kế hoạch – Đầu tư", "", "90,5"),),
                  votes=(VoteLine("Phòng Kế hoạch – Đầu tư", "", 9, 0, 9, "100%", "trên 50%", True),))


def minutes(**overrides) -> Minutes:
    values = dict(
        issuer=ISSUER, number=DocumentNumber(None, "BB", symbol="HĐTĐKT"), date=dt.date(2026, 12, 5), year=2026,
        subject="Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm 2026", held_on=dt.date(2026, 12, 5),
        started_at="08:00", place="Phòng họp số 1, trụ sở Ban", chair=CHAIR, secretary=SECRETARY, present=MEMBERS,
        absent=(MemberLine("Võ Thị Lan", "Trưởng phòng Doanh nghiệp – Giấy phép", "Ủy viên",
                           "vắng mặt, có phiếu bầu bằng văn bản"),),
        quorum="Có mặt 8/9 thành viên Hội đồng, đủ điều kiện tiến hành cuộc họp theo quy định (từ 2/3 trở lên "
               "tổng số thành viên Hội đồng).",
        proceedings="Thư ký Hội đồng đọc chương trình cuộc họp.\n\nHội đồng chấm điểm và bỏ phiếu kín.",
        score_note="Điểm tổng hợp theo phương pháp «Trung bình cộng».", score_heading="Điểm bình quân",
        sections=(LDTT, GK),
        ballot="Hội đồng đã bỏ phiếu kín, kết quả: có 9/9 thành viên bỏ phiếu, cụ thể như sau:",
        overrides=(OverrideLine("Hoàng Thị Yến", "Lao động tiên tiến", "Đưa vào danh sách đề nghị",
                                "Có sáng kiến được áp dụng toàn Ban."),),
        recusals=(RecusalLine("Trần Minh Khoa", "Lý Thị Mai (Lao động tiên tiến)",
                              "Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư)."),),
        conclusions="Hội đồng thống nhất đề nghị khen thưởng 2 hồ sơ:\n- Lao động tiên tiến (cá nhân): 1 cá nhân.",
        closing_time="10:30", signatures=Signatures("Ngô Thu Trang", "Lê Văn Tuấn"),
    )
    values.update(overrides)
    return Minutes(**values)


def ballot(**overrides) -> BallotResult:
    values = dict(
        issuer=ISSUER, number=DocumentNumber(3, "BB", symbol="HĐTĐKT"), date=dt.date(2026, 12, 5), year=2026,
        subject="Kết quả bỏ phiếu kín tại cuộc họp Hội đồng", held_on=dt.date(2026, 12, 5), place="Phòng họp số 1",
        members=9, issued=9, issued_note="8 phiếu tại cuộc họp, 1 phiếu bằng văn bản", received=9, valid=9, invalid=0,
        basis="Tỷ lệ phiếu đồng ý tính trên tổng số 9 thành viên Hội đồng.", sections=(LDTT, GK),
        closing_time="10:05", signatures=Signatures("Ngô Thu Trang", "Lê Văn Tuấn"),
    )
    values.update(overrides)
    return BallotResult(**values)


def tables_with(doc, heading: str) -> list[list[list[str]]]:
    return [table_texts(t) for t in doc.tables if heading in table_texts(t)[0]]


def test_the_page_and_the_fonts():
    for data in (build_minutes(minutes()), build_ballot_result(ballot())):
        doc = open_docx(data)
        section = doc.sections[0]
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert close(section.page_width, Mm(210)) and close(section.page_height, Mm(297))
        assert close(section.top_margin, Mm(20)) and close(section.bottom_margin, Mm(20))
        assert close(section.left_margin, Mm(30)) and close(section.right_margin, Mm(15))
        assert doc.styles["Normal"].font.name == "Times New Roman"
        for node in doc.element.body.iter(qn("w:rFonts")):
            assert node.get(qn("w:ascii")) in (None, "Times New Roman")


def test_the_header_number_and_date():
    doc = open_docx(build_minutes(minutes()))
    left, _right = doc.tables[0].rows[0].cells
    lines = [flat(p.text) for p in left.paragraphs if p.text.strip()]
    assert lines == ["BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"]
    number_cell, date_cell = doc.tables[0].rows[1].cells
    assert number_cell.text == "Số:      /BB-HĐTĐKT"  # blank until issued
    assert flat(date_cell.text) == "Khánh Hòa, ngày 05 tháng 12 năm 2026" and run_of(date_cell.paragraphs[-1]).italic
    issued = open_docx(build_minutes(minutes(number=DocumentNumber(7, "BB", symbol="HĐTĐKT"))))
    assert issued.tables[0].rows[1].cells[0].text == "Số: 07/BB-HĐTĐKT"


def test_the_title_is_bold_upper_case_and_centred():
    doc = open_docx(build_minutes(minutes()))
    title = find(doc, "BIÊN BẢN")
    assert flat(title.text) == "BIÊN BẢN" and run_of(title).bold and run_of(title).font.size == Pt(14)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = find(doc, "Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm 2026")
    assert run_of(subject).bold
    result = find(open_docx(build_ballot_result(ballot())), "BIÊN BẢN KIỂM PHIẾU")
    assert run_of(result).bold and flat(result.text) == "BIÊN BẢN KIỂM PHIẾU"


def test_the_meeting_lines_and_attendance():
    doc = open_docx(build_minutes(minutes()))
    assert flat(find(doc, "Thời gian:").text) == "Thời gian: 08 giờ 00 phút, ngày 05 tháng 12 năm 2026."
    assert run_of(find(doc, "Thời gian:")).bold  # the label
    assert flat(find(doc, "Địa điểm:").text) == "Địa điểm: Phòng họp số 1, trụ sở Ban."
    assert flat(find(doc, "Chủ trì:").text) == "Chủ trì: Lê Văn Tuấn, Trưởng Ban, Chủ tịch Hội đồng."
    assert flat(find(doc, "Thư ký:").text) == "Thư ký: Ngô Thu Trang, Phó Chánh Văn phòng, Ủy viên kiêm Thư ký."
    assert flat(find(doc, "Thành viên có mặt:").text) == "Thành viên có mặt: 4 người"
    assert flat(find(doc, "4. Ngô Thu Trang").text).endswith("Ủy viên kiêm Thư ký.")
    assert flat(find(doc, "3. Nguyễn Hữu Dũng").text).endswith(";")
    assert flat(find(doc, "1. Võ Thị Lan").text) == ("1. Võ Thị Lan, Trưởng phòng Doanh nghiệp – Giấy phép, Ủy viên "
                                                    "(vắng mặt, có phiếu bầu bằng văn bản).")
    assert "Có mặt 8/9 thành viên Hội đồng, đủ điều kiện tiến hành cuộc họp" in all_text(doc)
    none_absent = open_docx(build_minutes(minutes(absent=())))
    assert flat(find(none_absent, "Thành viên vắng mặt:").text) == "Thành viên vắng mặt: không."


def test_the_proceedings_one_paragraph_a_line_justified():
    doc = open_docx(build_minutes(minutes()))
    first = find(doc, "Thư ký Hội đồng đọc chương trình cuộc họp.")
    second = find(doc, "Hội đồng chấm điểm và bỏ phiếu kín.")
    assert first is not second and first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert run_of(find(doc, "I. NỘI DUNG CUỘC HỌP")).bold


def test_the_scores_and_the_votes_tables():
    doc = open_docx(build_minutes(minutes()))
    scores = tables_with(doc, "Điểm bình quân")
    assert scores[0][0] == ["STT", "Họ và tên / Tên tập thể", "Đơn vị", "Điểm bình quân"]
    assert scores[0][1] == ["1", "Đặng Thị Ngọc Ánh", "Phòng Doanh nghiệp – Giấy phép", "87,25"]
    assert scores[0][2] == ["2", SCRIPT, "Văn phòng", "80"]  # a name is text, never markup
    votes = tables_with(doc, "Số phiếu đồng ý")
    assert len(votes) == 2
    assert votes[0][0] == ["STT", "Họ và tên / Tên tập thể, đơn vị", "Số phiếu đồng ý", "Tỷ lệ", "Tỷ lệ quy định",
                           "Kết quả"]
    assert votes[0][1] == ["1", "Đặng Thị Ngọc Ánh Phòng Doanh nghiệp – Giấy phép", "6/9", "66,67%",
                           "từ 2/3 trở lên", "Đạt"]
    assert votes[0][2] == ["2", f"{SCRIPT} Văn phòng", "4/9", "44,44%", "trên 50%", "Không đạt"]
    assert votes[1][1] == ["1", "Phòng Kế hoạch – Đầu tư", "9/9", "100%", "trên 50%", "Đạt"]
    heading = next(t for t in doc.tables if "Số phiếu đồng ý" in table_texts(t)[0]).rows[0]
    assert heading._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert "Hội đồng đã bỏ phiếu kín, kết quả:" in all_text(doc)
    assert SCRIPT in all_text(doc) and "&lt;script" not in all_text(doc)


def test_the_chairs_move_the_recusals_and_the_end():
    doc = open_docx(build_minutes(minutes()))
    move = find(doc, "- Hoàng Thị Yến (Lao động tiên tiến):")
    assert flat(move.text) == ("- Hoàng Thị Yến (Lao động tiên tiến): đưa vào danh sách đề nghị. Lý do: Có sáng "
                               "kiến được áp dụng toàn Ban.")
    assert run_of(move).bold
    recusals = tables_with(doc, "Lý do")[0]
    assert recusals[1] == ["1", "Trần Minh Khoa", "Lý Thị Mai (Lao động tiên tiến)",
                           "Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư)."]
    end = find(doc, "Cuộc họp kết thúc vào lúc")
    assert flat(end.text).startswith("Cuộc họp kết thúc vào lúc 10 giờ 30 phút cùng ngày.")
    assert flat(end.text).endswith("./.")
    signatures = table_texts(doc.tables[-1])
    assert signatures == [["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"], ["Ngô Thu Trang", "Lê Văn Tuấn"]]
    chair = doc.tables[-1].rows[0].cells[1].paragraphs[0]
    assert run_of(chair).bold and run_of(chair).font.size == Pt(14)
    assert run_of(doc.tables[-1].rows[1].cells[0].paragraphs[0]).bold


def test_nothing_to_report_is_said():
    doc = open_docx(build_minutes(minutes(overrides=(), recusals=())))
    text = all_text(doc)
    assert "Chủ tịch Hội đồng không điều chỉnh kết quả xét theo ngưỡng cắt." in text
    assert "Không có thành viên nào thuộc trường hợp tránh chấm điểm." in text
    assert not tables_with(doc, "Lý do")


def test_clock_lines():
    assert clock_text("08:05") == "08 giờ 05 phút"
    assert clock_text("") == "…… giờ …… phút"
    assert closing_line("16:00", None) == "Cuộc họp kết thúc vào lúc 16 giờ 00 phút cùng ngày"
    assert closing_line("09:15", dt.date(2026, 12, 6)) == ("Cuộc họp kết thúc vào lúc 09 giờ 15 phút, ngày 06 "
                                                            "tháng 12 năm 2026")
    blank = open_docx(build_minutes(minutes(started_at="", closing_time="", place="")))
    assert flat(find(blank, "Thời gian:").text) == "Thời gian: …… giờ …… phút, ngày 05 tháng 12 năm 2026."
    assert flat(find(blank, "Cuộc họp kết thúc").text).startswith("Cuộc họp kết thúc vào lúc …… giờ …… phút")


def test_the_ballot_result():
    doc = open_docx(build_ballot_result(ballot()))
    assert doc.tables[0].rows[1].cells[0].text == "Số: 03/BB-HĐTĐKT"
    text = all_text(doc)
    for line in ["1. Tổng số thành viên Hội đồng: 9.",
                 "2. Số phiếu phát ra: 9 (8 phiếu tại cuộc họp, 1 phiếu bằng văn bản).",
                 "3. Số phiếu thu vào: 9.", "4. Số phiếu hợp lệ: 9; số phiếu không hợp lệ: 0.",
                 "Tỷ lệ phiếu đồng ý tính trên tổng số 9 thành viên Hội đồng.",
                 "5.1. Lao động tiên tiến (cá nhân)", "5.2. Giấy khen của Trưởng Ban (tập thể)",
                 "Việc kiểm phiếu kết thúc vào lúc 10 giờ 05 phút cùng ngày./."]:
        assert line in text, line
    counts = tables_with(doc, "Không đồng ý")
    assert counts[0][1] == ["1", "Đặng Thị Ngọc Ánh Phòng Doanh nghiệp – Giấy phép", "6", "3", "66,67%",
                            "từ 2/3 trở lên", "Đạt"]
    assert counts[0][2][1:] == [f"{SCRIPT} Văn phòng", "4", "5", "44,44%", "trên 50%", "Không đạt"]
    assert table_texts(doc.tables[-1]) == [["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"], ["Ngô Thu Trang", "Lê Văn Tuấn"]]


def test_members_left_off_a_ballot_get_their_column():
    left_off = AwardSection("Lao động tiên tiến (cá nhân)", votes=(
        VoteLine("Lý Thị Mai", "Phòng Kế hoạch – Đầu tư", 6, 2, 9, "66,67%", "trên 50%", True, not_voting=1),))
    doc = open_docx(build_ballot_result(ballot(sections=(left_off,))))
    table = tables_with(doc, "Không tham gia")[0]
    assert table[1] == ["1", "Lý Thị Mai Phòng Kế hoạch – Đầu tư", "6", "2", "1", "66,67%", "trên 50%", "Đạt"]
    assert not tables_with(open_docx(build_ballot_result(ballot())), "Không tham gia")


def test_a_long_agenda_and_long_names_still_lay_out():
    long_name = "Trung tâm Dịch vụ hỗ trợ đầu tư, xúc tiến thương mại và phát triển doanh nghiệp " * 3
    votes = tuple(VoteLine(f"Nguyễn Thị Hồng Nhung {i}", "Văn phòng", 5, 4, 9, "55,56%", "trên 50%", True)
                  for i in range(40))
    section = AwardSection(long_name.strip(), scores=tuple(ScoreLine(v.name, v.unit, "70") for v in votes),
                           votes=votes)
    doc = open_docx(build_minutes(minutes(sections=(section,), subject="Họp " + long_name.strip())))
    assert len(tables_with(doc, "Số phiếu đồng ý")[0]) == 41
    assert "Nguyễn Thị Hồng Nhung 39" in all_text(doc)
    assert len(paragraphs(doc)) > 100


def test_inputs_are_frozen():
    m = minutes()
    try:
        m.place = "X"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("Minutes must be frozen")


def test_libreoffice_renders_the_minutes(tmp_path):
    """Both documents open in LibreOffice and keep their texts (skipped without LibreOffice or poppler)."""
    missing = [tool for tool in ("libreoffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    (tmp_path / "minutes.docx").write_bytes(build_minutes(minutes()))
    (tmp_path / "ballot.docx").write_bytes(build_ballot_result(ballot()))
    subprocess.run(["libreoffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "minutes.docx"),
                    str(tmp_path / "ballot.docx")], check=True, capture_output=True, timeout=240)

    def pdf_text(name: str) -> str:
        return flat(subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], check=True,
                                   capture_output=True, timeout=60).stdout.decode("utf-8"))

    text = pdf_text("minutes")
    for line in ["BIÊN BẢN", "Thời gian: 08 giờ 00 phút", "66,67%", "6/9", "từ 2/3 trở lên", SCRIPT,
                 "Cuộc họp kết thúc vào lúc 10 giờ 30 phút cùng ngày", "CHỦ TỊCH HỘI ĐỒNG", "Lê Văn Tuấn",
                 "Đặng Thị Ngọc Ánh"]:
        assert line in text, line
    assert "BIÊN BẢN KIỂM PHIẾU" in pdf_text("ballot")
