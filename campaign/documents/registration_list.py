"""Danh sách đăng ký danh hiệu thi đua (DOMAIN.md "Forms" → "Đăng ký thi đua"): the header of the unit (or of
the board), "DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM …" with the campaign beneath, then

1. Cá nhân: STT, họ và tên, chức vụ – đơn vị, danh hiệu thi đua, hình thức khen thưởng đăng ký;
2. Tập thể: STT, tên tập thể, danh hiệu thi đua, hình thức khen thưởng đăng ký;
3. Chỉ tiêu đăng ký (a unit's list, when it committed to any): the criterion, the phase's target, the unit's;

and the signature: the unit's head ("THỦ TRƯỞNG ĐƠN VỊ") on a unit's list, the board's head on the board-wide
one, whose individuals are grouped under their unit. Plain data in (strings as printed), bytes out: the
adapter (services/registration.py) reads the database, this module only lays out with layout.py's pieces.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .layout import (
    Column,
    Issuer,
    Signer,
    TableSpec,
    add_header_block,
    add_heading,
    add_paragraph,
    add_signature_block,
    add_spacer,
    add_table,
    add_title,
    new_document,
    to_bytes,
)

NONE_REGISTERED = "Không có đăng ký."


@dataclass(frozen=True)
class PersonEntry:
    """One person: the titles (danh hiệu thi đua) and the other forms (hình thức khen thưởng) registered,
    each already joined for print ('Lao động tiên tiến; Chiến sĩ thi đua cơ sở')."""

    full_name: str
    position_unit: str
    titles: str = ""
    commendations: str = ""


@dataclass(frozen=True)
class CollectiveEntry:
    name: str
    titles: str = ""
    commendations: str = ""


@dataclass(frozen=True)
class CommitmentEntry:
    """A criterion's commitment, as printed: '95%', '12 tin bài/năm'."""

    criterion: str
    target: str = ""
    committed: str = ""


@dataclass(frozen=True)
class PersonGroup:
    """The people of one unit (the board-wide list groups them; a unit's list has one group, unnamed)."""

    unit_name: str
    people: list[PersonEntry] = field(default_factory=list)


@dataclass(frozen=True)
class RegistrationList:
    issuer: Issuer
    title: str  # 'DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2026'
    campaign: str  # the line beneath ('Phong trào thi đua thường xuyên')
    date: dt.date | None
    year: int
    signer: Signer
    groups: list[PersonGroup] = field(default_factory=list)
    collectives: list[CollectiveEntry] = field(default_factory=list)
    commitments: list[CommitmentEntry] = field(default_factory=list)
    note: str = ""  # a closing line (the units not registered, on the board-wide list)


PERSON_COLUMNS = [Column("STT", 1.3, "center"), Column("Họ và tên", 3.7), Column("Chức vụ – Đơn vị", 4.6),
                  Column("Danh hiệu thi đua", 3.45), Column("Hình thức khen thưởng", 3.45)]
COLLECTIVE_COLUMNS = [Column("STT", 1.3, "center"), Column("Tên tập thể", 8.3), Column("Danh hiệu thi đua", 3.45),
                      Column("Hình thức khen thưởng", 3.45)]
COMMITMENT_COLUMNS = [Column("STT", 1.3, "center"), Column("Tiêu chí", 9.0), Column("Chỉ tiêu giai đoạn", 3.1, "center"),
                      Column("Đơn vị đăng ký", 3.1, "center")]


def people_table(groups: list[PersonGroup]) -> TableSpec:
    """The individuals, numbered through; a bold row with the unit's name above each named group."""
    spec = TableSpec(columns=list(PERSON_COLUMNS))
    number = 0
    for group in groups:
        if group.unit_name:
            spec.bold_rows.add(len(spec.rows))
            spec.merged[len(spec.rows)] = (0, len(PERSON_COLUMNS) - 1)
            spec.rows.append([group.unit_name] + [""] * (len(PERSON_COLUMNS) - 1))
        for person in group.people:
            number += 1
            spec.rows.append([str(number), person.full_name, person.position_unit, person.titles,
                              person.commendations])
    return spec


def collectives_table(collectives: list[CollectiveEntry]) -> TableSpec:
    return TableSpec(columns=list(COLLECTIVE_COLUMNS), rows=[
        [str(i), c.name, c.titles, c.commendations] for i, c in enumerate(collectives, start=1)])


def commitments_table(commitments: list[CommitmentEntry]) -> TableSpec:
    return TableSpec(columns=list(COMMITMENT_COLUMNS), rows=[
        [str(i), c.criterion, c.target, c.committed] for i, c in enumerate(commitments, start=1)])


def build_registration_list(data: RegistrationList) -> bytes:
    doc = new_document(title=data.title.capitalize(), author=data.issuer.name)
    add_header_block(doc, data.issuer, date=data.date, year=data.year)
    add_title(doc, data.title, data.campaign)
    add_heading(doc, "1. Cá nhân")
    if any(group.people for group in data.groups):
        add_table(doc, people_table([g for g in data.groups if g.people]), size=12)
    else:
        add_paragraph(doc, NONE_REGISTERED, italic=True)
    add_spacer(doc, 6)
    add_heading(doc, "2. Tập thể")
    if data.collectives:
        add_table(doc, collectives_table(data.collectives), size=12)
    else:
        add_paragraph(doc, NONE_REGISTERED, italic=True)
    if data.commitments:
        add_spacer(doc, 6)
        add_heading(doc, "3. Chỉ tiêu đăng ký")
        add_table(doc, commitments_table(data.commitments), size=12)
    add_spacer(doc, 6)  # a table right after a table would merge with it (the signature block is one)
    if data.note:
        add_paragraph(doc, data.note, italic=True)
    add_signature_block(doc, data.signer)
    return to_bytes(doc)
