"""The Quyết định khen thưởng and the Tờ trình with their lists (campaign/documents/decision.py), read back from
the .docx: the layout of DOMAIN.md's table element by element, the articles, the list, the totals."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from campaign.documents.decision import (
    AwardList,
    Decision,
    ListEntry,
    Submission,
    build_decision,
    build_submission,
    list_table,
)
from campaign.documents.layout import DocumentNumber, Issuer, Signer, attachment_note
from campaign.vietnamese import money_in_words
from tests.unit.test_documents import all_text, close, find, flat, open_docx, paragraphs, run_of, table_texts

ISSUER = Issuer("UBND TỈNH KHÁNH HÒA", "BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", "KKTKCN", "Khánh Hòa")
AUTHORITY = "Trưởng Ban Quản lý Khu kinh tế Vân Phong"


def the_list(**overrides) -> AwardList:
    values = dict(
        title="Danh sách tập thể, cá nhân được tặng Giấy khen",
        collectives=[ListEntry("Phòng Kế hoạch – Đầu tư", "Ban Quản lý Khu kinh tế Vân Phong", "1.404.000")],
        individuals=[ListEntry("Lê Thị Ánh Tuyết", "Chuyên viên, Văn phòng", "702.000"),
                     ListEntry("Phạm Đức Thắng", "Phó Trưởng phòng, Phòng Kế hoạch – Đầu tư", "702.000")],
        total="2.808.000", total_words=money_in_words(2808000))
    values.update(overrides)
    return AwardList(**values)


def decision(**overrides) -> Decision:
    number = DocumentNumber(overrides.pop("number_value", 5), "QĐ")
    date = overrides.pop("date", dt.date(2027, 12, 5))
    values = dict(
        issuer=ISSUER, number=number, date=date, year=2027,
        subject="Về việc tặng Giấy khen giai đoạn 2026–2027",
        authority=AUTHORITY.upper(),
        legal_bases=["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
                     "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ."],
        proposer="Xét đề nghị của Chánh Văn phòng – Thường trực Hội đồng Thi đua – Khen thưởng",
        articles=["Tặng Giấy khen cho 01 tập thể và 02 cá nhân có tên trong danh sách kèm theo, vì đã có "
                  "thành tích xuất sắc.",
                  "Tiền thưởng: 2.808.000 đồng. Nguồn chi: Quỹ thi đua, khen thưởng.",
                  "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng và các tập thể, cá nhân có tên tại "
                  "Điều 1 chịu trách nhiệm thi hành Quyết định này."],
        signer=Signer(["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Phan Châu Vinh"),
        recipients=["Như Điều 3", "Hội đồng Thi đua – Khen thưởng", "Lưu: VT, VP"],
        award_list=the_list(),
        list_note=attachment_note("Quyết định", number, date, AUTHORITY, symbol="KKTKCN", year=2027),
    )
    values.update(overrides)
    return Decision(**values)


def test_decision_page_fonts_and_header():
    doc = open_docx(build_decision(decision()))
    section = doc.sections[0]
    assert close(section.page_width, Mm(210)) and close(section.page_height, Mm(297))
    assert close(section.left_margin, Mm(30)) and close(section.right_margin, Mm(15))
    assert close(section.top_margin, Mm(20)) and close(section.bottom_margin, Mm(20))
    for paragraph in paragraphs(doc):
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman"), run.text
    assert doc.styles["Normal"].font.name == "Times New Roman"
    number = run_of(find(doc, "Số: 05/QĐ-KKTKCN"))
    assert number.font.size == Pt(13)
    date = run_of(find(doc, "Khánh Hòa, ngày 05 tháng 12 năm 2027"))
    assert date.font.italic and date.font.size == Pt(14)
    national = run_of(find(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    assert national.font.bold and national.font.size == Pt(13)


def test_decision_title_authority_bases_and_articles():
    doc = open_docx(build_decision(decision()))
    title = find(doc, "QUYẾT ĐỊNH")
    assert run_of(title).font.bold and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = find(doc, "Về việc tặng Giấy khen")
    assert run_of(subject).font.bold
    authority = find(doc, "TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG")
    assert run_of(authority).font.bold and authority.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # The căn cứ in italic, ';' after each and '.' after the last, which is the proposer.
    law = find(doc, "Căn cứ Luật Thi đua")
    assert run_of(law).font.italic and flat(law.text).endswith("năm 2022;")
    assert flat(find(doc, "Căn cứ Nghị định").text).endswith("Chính phủ;")
    proposer = find(doc, "Xét đề nghị của Chánh Văn phòng")
    assert run_of(proposer).font.italic and flat(proposer.text).endswith("Khen thưởng.")
    assert run_of(find(doc, "QUYẾT ĐỊNH:")).font.bold
    first = find(doc, "Điều 1.")
    assert first.runs[0].text == "Điều 1." and first.runs[0].font.bold and not first.runs[1].font.bold
    assert first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    last = find(doc, "Điều 3.")
    assert flat(last.text).endswith("Quyết định này./.")
    assert flat(find(doc, "Điều 2.").text).endswith("khen thưởng.")  # only the last article gets './.'
    text = all_text(doc)
    assert text.index("QUYẾT ĐỊNH:") < text.index("Điều 1.") < text.index("Nơi nhận:")
    assert "KT. TRƯỞNG BAN" in text and "PHÓ TRƯỞNG BAN" in text and "Phan Châu Vinh" in text
    assert run_of(find(doc, "Nơi nhận:")).font.size == Pt(12)
    assert flat(find(doc, "- Lưu: VT, VP.").text) == "- Lưu: VT, VP."


def test_decision_list_on_its_own_page_with_totals_and_words():
    doc = open_docx(build_decision(decision()))
    heading = find(doc, "DANH SÁCH TẬP THỂ, CÁ NHÂN")
    assert heading.paragraph_format.page_break_before
    note = find(doc, "(Kèm theo Quyết định số 05/QĐ-KKTKCN ngày 05 tháng 12 năm 2027")
    assert run_of(note).font.italic and "của Trưởng Ban Quản lý Khu kinh tế Vân Phong)" in flat(note.text)
    table = doc.tables[-1]
    rows = table_texts(table)
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ – Đơn vị", "Tiền thưởng (đồng)"]
    assert rows[1][1] == "I. TẬP THỂ"
    assert rows[2] == ["1", "Phòng Kế hoạch – Đầu tư", "Ban Quản lý Khu kinh tế Vân Phong", "1.404.000"]
    assert rows[3][1] == "II. CÁ NHÂN"
    assert rows[4][0] == "1" and rows[5] == ["2", "Phạm Đức Thắng", "Phó Trưởng phòng, Phòng Kế hoạch – Đầu tư",
                                             "702.000"]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][-1] == "2.808.000"
    words = find(doc, "Bằng chữ:")
    assert flat(words.text) == "Bằng chữ: Hai triệu tám trăm linh tám nghìn đồng."
    assert run_of(words).font.italic


def test_a_draft_has_a_blank_number_and_date():
    doc = open_docx(build_decision(decision(number_value=None, date=None)))
    assert flat(find(doc, "Số:").text) == "Số: /QĐ-KKTKCN"
    assert flat(find(doc, "Khánh Hòa, ngày").text) == "Khánh Hòa, ngày tháng năm 2027"
    assert "(Kèm theo Quyết định số /QĐ-KKTKCN ngày tháng năm 2027" in all_text(doc)


def test_a_list_without_bonus_has_no_amount_column():
    spec = list_table(the_list(amounts=False, total="", total_words=""))
    assert [c.title for c in spec.columns] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ – Đơn vị"]
    assert spec.totals is None


def test_hostile_and_long_texts_lay_out_literally():
    long_subject = "Về việc tặng Giấy khen " + "cho các tập thể, cá nhân có thành tích xuất sắc " * 6
    assert len(long_subject) > 300
    data = build_decision(decision(subject=long_subject, award_list=the_list(
        individuals=[ListEntry("<script>alert(1)</script> Nguyễn Thị Ánh", "Chuyên viên & <b>kỹ sư</b>", "702.000")])))
    doc = open_docx(data)
    text = all_text(doc)
    assert "<script>alert(1)</script> Nguyễn Thị Ánh" in text and "Chuyên viên & <b>kỹ sư</b>" in text
    assert flat(long_subject) in flat(" ".join(p.text.replace("\n", " ") for p in paragraphs(doc)))
    assert "Độc lập - Tự do - Hạnh phúc" in text and "Ánh Tuyết" not in text


def submission(**overrides) -> Submission:
    number = DocumentNumber(12, "TTr")
    values = dict(
        issuer=ISSUER, number=number, date=dt.date(2027, 12, 1), year=2027,
        subject="Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
        addressees=["Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)"],
        legal_bases=["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"],
        body=["Ngày 26/11/2027, Hội đồng Thi đua – Khen thưởng đã họp xét; có mặt 8/9 thành viên."],
        proposal="Ban Quản lý kính trình Chủ tịch UBND tỉnh xem xét, tặng Bằng khen cho 01 tập thể",
        signer=Signer(["TRƯỞNG BAN"], "Trần Minh Chiến"),
        recipients=["Như trên", "Lưu: VT, VP"],
        award_list=the_list(amounts=False, total="", total_words="", sections=[
            ("Bằng khen của Chủ tịch UBND tỉnh", [ListEntry("Phòng Kế hoạch – Đầu tư", "Ban Quản lý")], [])]),
        list_note=attachment_note("Tờ trình", number, dt.date(2027, 12, 1), "Ban Quản lý", symbol="KKTKCN"),
    )
    values.update(overrides)
    return Submission(**values)


def test_submission_has_kinh_gui_the_proposal_and_the_list_by_award_form():
    doc = open_docx(build_submission(submission()))
    assert flat(find(doc, "Số:").text) == "Số: 12/TTr-KKTKCN"
    assert run_of(find(doc, "TỜ TRÌNH")).font.bold
    assert flat(find(doc, "Kính gửi:").text) == "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)."
    assert flat(find(doc, "Ban Quản lý kính trình").text).endswith("01 tập thể./.")
    rows = table_texts(doc.tables[-1])
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ – Đơn vị"]
    assert rows[1][0] == "BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH" and rows[2][1] == "I. TẬP THỂ"
    assert "(Kèm theo Tờ trình số 12/TTr-KKTKCN ngày 01 tháng 12 năm 2027 của Ban Quản lý)" in all_text(doc)
    assert "Bằng chữ" not in all_text(doc)


def test_libreoffice_lays_the_decision_out_on_its_pages(tmp_path):
    """The decision as LibreOffice prints it: the body on page 1, the list starting a page of its own with its
    heading, the total and its words; the Tờ trình's addressee. CI installs LibreOffice and poppler."""
    import os
    import shutil
    import subprocess

    missing = [tool for tool in ("libreoffice", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/run installs libreoffice-writer and poppler-utils")
        pytest.skip(f"{', '.join(missing)} not installed")
    (tmp_path / "decision.docx").write_bytes(build_decision(decision()))
    (tmp_path / "submission.docx").write_bytes(build_submission(submission()))
    subprocess.run(["libreoffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "decision.docx"),
                    str(tmp_path / "submission.docx")], check=True, capture_output=True, timeout=240)

    def page_texts(name: str) -> list[str]:
        pdf = str(tmp_path / f"{name}.pdf")
        info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        return [flat(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"], check=True,
                                    capture_output=True, text=True).stdout) for n in range(1, pages + 1)]

    pages = page_texts("decision")
    assert "QUYẾT ĐỊNH" in pages[0] and "Số: 05/QĐ-KKTKCN" in pages[0] and "Điều 1." in pages[0]
    assert "Khánh Hòa, ngày 05 tháng 12 năm 2027" in pages[0]
    listing = next(i for i, text in enumerate(pages) if "DANH SÁCH TẬP THỂ, CÁ NHÂN" in text)
    assert listing > 0 and "Phan Châu Vinh" not in pages[listing]  # the list starts its own page
    assert "Tổng cộng" in pages[-1] and "2.808.000" in pages[-1]
    assert "Bằng chữ: Hai triệu tám trăm linh tám nghìn đồng." in pages[-1]
    assert all(str(n) in text.split()[:3] for n, text in enumerate(pages[1:], start=2))  # page numbers from 2
    submission_pages = page_texts("submission")
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)." in submission_pages[0]
