"""The office's certificate blanks (steps.certificates_step): the board's Giấy khen blank and the blanks of the
titles the annual round decides (Lao động tiên tiến on A4, Tập thể lao động tiên tiến on A3), each linked to
its award form so that printing a decision chooses it by itself, and calibrated for the office's printer (it
shifts every sheet 1,5 mm to the left and 1 mm down, read off the calibration page).

Created through services/certificates.py as the office would on the page; found again by name: a second load
adds nothing and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..models import Role, User
from ..models.records import CertificateProfile
from ..services import certificates as service

# The office printer's offset, read off the calibration page printed on a blank.
OFFSET_X, OFFSET_Y = Decimal("1.5"), Decimal("-1.0")

# (name, award code, paper, the fields the blank has pre-printed, note)
BLANKS = (
    ("Phôi Giấy khen của Trưởng Ban (A4 ngang)", "GK", "A4", {"award"},
     "Phôi Giấy khen in sẵn quốc hiệu, tên cơ quan và chữ «GIẤY KHEN»; căn chỉnh trên máy in Văn phòng."),
    ("Phôi Giấy chứng nhận Lao động tiên tiến (A4 ngang)", "LDTT", "A4", set(),
     "Phôi giấy chứng nhận danh hiệu thi đua: tên danh hiệu in theo quyết định."),
    ("Phôi Giấy chứng nhận Tập thể lao động tiên tiến (A3 ngang)", "TTLDTT", "A3", set(),
     "Phôi khổ A3 cho tập thể; cùng độ lệch máy in với phôi A4."),
)


def certificates_step(ctx) -> None:
    office = db.session.scalars(select(User).where(User.role == Role.OFFICE, User.active.is_(True))
                                .order_by(User.id)).first()
    if office is None:
        return
    existing = set(db.session.scalars(select(CertificateProfile.name)))
    for name, code, paper, preprinted, note in BLANKS:
        award = ctx.awards.get(code)
        if name in existing or award is None:
            continue
        data = service.ProfileInput.default(paper, "landscape")
        data.name, data.award_form_id, data.note = name, award.id, note
        data.offset_x, data.offset_y = OFFSET_X, OFFSET_Y
        for key in preprinted:
            data.fields[key].enabled = False
        service.create_profile(office, data)
        ctx.count("certificate_profile")
