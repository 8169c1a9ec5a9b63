"""The statutory statistics of emulation and commendation: which line and column of the Ministry of Home
Affairs' forms a campaign or an award counts in.

Basis: Thông tư số 02/2023/TT-BNV of the Ministry of Home Affairs (Chế độ báo cáo thống kê ngành Nội vụ),
annual report, received by 15 December: biểu 0601 "Số phong trào thi đua" and biểu 0603 "Số lượng khen
thưởng cấp Bộ, ban, ngành, tỉnh"; Law on Emulation and Commendation 06/2022/QH15, art. 16 (the forms of
emulation: thi đua thường xuyên, theo chuyên đề; its scopes: toàn quốc; bộ, ban, ngành, đoàn thể, địa
phương; cụm, khối thi đua; cơ quan, tổ chức, đơn vị) and its methods of commendation (khen thưởng thường
xuyên, theo chuyên đề, đột xuất …). The forms' layout as DOMAIN.md ("Statistics") gives it: the official
text of the forms was not at hand, so the row and column labels below follow that summary.

Readings, each stated on the page and in the files:
- 0601 counts the campaigns **launched in the report year** (their start date in the year), not every
  campaign still running: a five-year campaign counts once, in the year it is launched. A campaign still
  in draft is not counted.
- the duration is the campaign's own period, start to end, in months rounded to the nearest month (a
  campaign of "năm 2026" launched on 15 January is a one-year campaign): under 12 months, 12, more than 12
  and under 36, 36 to under 60, 60 and more.
- the method of a campaign is its kind: theo chuyên đề (thematic) or thường xuyên (regular).
- 0603 counts the awards at ministry / province level (award form level 'province') whose **decision is
  dated in the report year** (the award's own year when it has no date).
- an award's method is that of the campaign its nomination belonged to (thematic → chuyên đề, regular →
  thường xuyên); an award recorded by hand, without a nomination, has no known method: it counts in the
  totals and in the row "Không xác định phương thức". Nothing in the data marks an award đột xuất, so that
  row stays 0.
- "trong đó: doanh nghiệp": the units carry no enterprise flag, so this row stays 0 (a note row says so).
- leaders by level: a leader of the board (the agency's signers: Trưởng Ban, Phó Trưởng Ban) or a leader
  of a phòng, centre or equivalent (a person marked as leader); every other person is a direct worker
  (người trực tiếp công tác).

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..vietnamese import fold

# --- biểu 0601 ------------------------------------------------------------------------------------------

FORM_0601 = "0601.N/BNV-TĐKT"
FORM_0603 = "0603.N/BNV-TĐKT"
TITLE_0601 = "SỐ PHONG TRÀO THI ĐUA"
TITLE_0603 = "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH"
DUE_DAY = (15, 12)  # "Ngày nhận báo cáo: 15/12"

SCOPES = (
    ("national", "Toàn quốc"),
    ("sector", "Bộ, ngành, địa phương"),
    ("cluster", "Cụm, khối thi đua"),
    ("agency", "Cơ quan, đơn vị"),
)
UNDER_ONE, ONE, ONE_THREE, THREE_FIVE, FIVE_PLUS = "under_1", "1", "1_3", "3_5", "5_plus"
DURATIONS = (
    (UNDER_ONE, "Dưới 1 năm"),
    (ONE, "1 năm"),
    (ONE_THREE, "Trên 1 năm đến dưới 3 năm"),
    (THREE_FIVE, "Từ 3 năm đến dưới 5 năm"),
    (FIVE_PLUS, "Từ 5 năm trở lên"),
)
THEMATIC, REGULAR, AD_HOC, UNKNOWN = "thematic", "regular", "ad_hoc", "unknown"
CAMPAIGN_METHODS = ((THEMATIC, "Theo chuyên đề"), (REGULAR, "Thường xuyên"))


def duration_months(start: dt.date, end: dt.date) -> int:
    """The campaign's length in months, start and end days included, rounded to the nearest month
    (01/01/2026–31/12/2026: 12; 15/01/2026–31/12/2026: 12; 01/06/2026–31/12/2030: 55)."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + (after.month - start.month)
    days = after.day - start.day
    if days >= 15:
        months += 1
    elif days <= -15:
        months -= 1
    return max(months, 0)


def duration_bucket(start: dt.date, end: dt.date) -> str:
    """Biểu 0601's column "thời gian" of a campaign from its start and end dates."""
    months = duration_months(start, end)
    if months < 12:
        return UNDER_ONE
    if months == 12:
        return ONE
    if months < 36:
        return ONE_THREE
    if months < 60:
        return THREE_FIVE
    return FIVE_PLUS


def campaign_method(kind: str | None) -> str:
    """The method of a campaign, or of the awards of its nominations, from its kind (Law 06/2022/QH15
    art. 9): 'thematic' (theo chuyên đề), 'regular' (thường xuyên); no campaign: UNKNOWN."""
    if kind == "thematic":
        return THEMATIC
    if kind == "regular":
        return REGULAR
    return UNKNOWN


@dataclass(frozen=True)
class CampaignFacts:
    scope: str
    kind: str
    start: dt.date
    end: dt.date
    launched: bool = True  # False: still a draft


@dataclass(frozen=True)
class CampaignCell:
    """Where one campaign counts in biểu 0601: its row (scope) and its columns (duration, method)."""

    scope: str
    duration: str
    method: str


def campaign_cell(campaign: CampaignFacts, year: int) -> CampaignCell | None:
    """The row and columns of biểu 0601 `campaign` counts in for `year`, or None: counted in the year it
    is launched (its start date), once launched."""
    if not campaign.launched or campaign.start.year != year:
        return None
    scope = campaign.scope if campaign.scope in dict(SCOPES) else "agency"
    return CampaignCell(scope, duration_bucket(campaign.start, campaign.end), campaign_method(campaign.kind))


@dataclass
class Line:
    """One row of a form: its code, label, indent level and counts by column key, with the total."""

    code: str
    label: str
    level: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    note: str = ""

    def add(self, column: str | None, amount: int = 1) -> None:
        self.total += amount
        if column is not None:
            self.counts[column] = self.counts.get(column, 0) + amount

    def get(self, column: str) -> int:
        return self.counts.get(column, 0)


@dataclass
class Form0601:
    year: int
    lines: list[Line]

    @property
    def total(self) -> Line:
        return self.lines[0]


def tally_0601(campaigns: Iterable[CampaignFacts], year: int) -> Form0601:
    """Biểu 0601 for `year`: the total line, then one line per scope; columns: the five durations and
    the two methods (each campaign counts once in each group, so each group sums to the total)."""
    total = Line("01", "Tổng số phong trào thi đua")
    rows = {key: Line(f"{index:02d}", label, 1) for index, (key, label) in enumerate(SCOPES, start=2)}
    for campaign in campaigns:
        cell = campaign_cell(campaign, year)
        if cell is None:
            continue
        for line in (total, rows[cell.scope]):
            line.add(cell.duration)
            line.counts[cell.method] = line.counts.get(cell.method, 0) + 1
    return Form0601(year, [total, *rows.values()])


# --- biểu 0603 ------------------------------------------------------------------------------------------

BANG_KHEN, CSTD, CO_THI_DUA, TTLDXS, KY_NIEM_CHUONG = "bang_khen", "cstd", "co_thi_dua", "ttldxs", "knc"
AWARD_COLUMNS = (
    (BANG_KHEN, "Bằng khen"),
    (CSTD, "Chiến sĩ thi đua cấp tỉnh"),
    (CO_THI_DUA, "Cờ thi đua"),
    (TTLDXS, "Tập thể lao động xuất sắc"),
    (KY_NIEM_CHUONG, "Kỷ niệm chương"),
)
_COLUMN_NAMES = (  # the folded beginning of the award form's name, in the order they are tried
    ("bang khen", BANG_KHEN),
    ("chien si thi dua", CSTD),
    ("co thi dua", CO_THI_DUA),
    ("tap the lao dong xuat sac", TTLDXS),
    ("ky niem chuong", KY_NIEM_CHUONG),
)
PROVINCE = "province"


def counts_in_0603(level: str | None) -> bool:
    """Biểu 0603 counts the awards at ministry / province level only (the board's own Giấy khen and
    titles are not in it, and the state awards are biểu 0602's)."""
    return level == PROVINCE


def award_column(name: str, level: str | None) -> str | None:
    """The column of biểu 0603 an award form counts in, from its name ("Bằng khen của Chủ tịch UBND tỉnh",
    "Chiến sĩ thi đua cấp tỉnh", "Cờ thi đua của UBND tỉnh", "Tập thể lao động xuất sắc"); None when it is
    not a ministry / province award, or is one the form has no column for (counted in the total only)."""
    if not counts_in_0603(level):
        return None
    folded = fold(name)
    for start, column in _COLUMN_NAMES:
        if folded.startswith(start):
            return column
    return None


BOARD, DEPARTMENT = "board", "department"
LEADER_LEVELS = ((BOARD, "Lãnh đạo cấp Ban (cơ quan)"), (DEPARTMENT, "Lãnh đạo cấp phòng và tương đương"))


def leader_level(*, is_leader: bool, board_leader: bool) -> str | None:
    """A person's level as a leader: BOARD (a signer of the board: Trưởng Ban, Phó Trưởng Ban), DEPARTMENT
    (marked as a leader: trưởng, phó phòng, giám đốc trung tâm …) or None (a direct worker)."""
    if board_leader:
        return BOARD
    if is_leader:
        return DEPARTMENT
    return None


@dataclass(frozen=True)
class AwardFacts:
    """One award (AwardRecord) as the statistics see it."""

    form_name: str
    level: str | None
    collective: bool
    leader: str | None = None  # leader_level(); individuals only
    campaign_kind: str | None = None  # the kind of the nomination's campaign; None: recorded by hand


ROW_TOTAL, ROW_COLLECTIVE, ROW_ENTERPRISE, ROW_INDIVIDUAL = "total", "collective", "enterprise", "individual"
ROW_LEADERS, ROW_DIRECT = "leaders", "direct"
ROWS_0603 = (
    # key, code, label, indent level
    (ROW_TOTAL, "01", "Tổng số", 0),
    (ROW_COLLECTIVE, "02", "Tập thể", 1),
    (ROW_ENTERPRISE, "03", "Trong đó: doanh nghiệp", 2),
    (ROW_INDIVIDUAL, "04", "Cá nhân", 1),
    (ROW_LEADERS, "05", "Trong đó: lãnh đạo, quản lý", 2),
    (BOARD, "06", "Lãnh đạo cấp Ban (cơ quan)", 3),
    (DEPARTMENT, "07", "Lãnh đạo cấp phòng và tương đương", 3),
    (ROW_DIRECT, "08", "Người trực tiếp công tác, lao động", 2),
    (REGULAR, "09", "Khen thưởng thường xuyên", 1),
    (THEMATIC, "10", "Khen thưởng theo chuyên đề", 1),
    (AD_HOC, "11", "Khen thưởng đột xuất", 1),
    (UNKNOWN, "12", "Không xác định phương thức", 1),
)
METHOD_ROWS = (REGULAR, THEMATIC, AD_HOC, UNKNOWN)
ROW_NOTES = {
    ROW_ENTERPRISE: "Danh mục đơn vị không phân biệt doanh nghiệp: chưa thống kê được (ghi 0).",
    AD_HOC: "Dữ liệu không ghi khen thưởng đột xuất (ghi 0).",
    UNKNOWN: "Khen thưởng ghi tay, không gắn phong trào: không xác định được phương thức.",
}


def award_rows(award: AwardFacts) -> list[str]:
    """The rows of biểu 0603 one award counts in: the total, collective or individual (and for an
    individual: leader by level, or direct worker), and one method row."""
    rows = [ROW_TOTAL]
    if award.collective:
        rows.append(ROW_COLLECTIVE)
    else:
        rows.append(ROW_INDIVIDUAL)
        if award.leader in (BOARD, DEPARTMENT):
            rows += [ROW_LEADERS, award.leader]
        else:
            rows.append(ROW_DIRECT)
    rows.append(campaign_method(award.campaign_kind))
    return rows


@dataclass
class Form0603:
    year: int
    lines: list[Line]

    def line(self, key: str) -> Line:
        return self.lines[[row[0] for row in ROWS_0603].index(key)]

    @property
    def total(self) -> Line:
        return self.lines[0]


def tally_0603(awards: Iterable[AwardFacts], year: int) -> Form0603:
    """Biểu 0603 for `year` from the awards decided in it (the caller selects them by date): ministry /
    province awards only; each counts in its rows (award_rows) under its column (award_column)."""
    lines = {key: Line(code, label, level, note=ROW_NOTES.get(key, "")) for key, code, label, level in ROWS_0603}
    for award in awards:
        if not counts_in_0603(award.level):
            continue
        column = award_column(award.form_name, award.level)
        for key in award_rows(award):
            lines[key].add(column)
    return Form0603(year, list(lines.values()))


def decision_year(decision_date: dt.date | None, award_year: int) -> int:
    """The year an award counts in the statistics: its decision's year, or its own year without a date."""
    return decision_date.year if decision_date is not None else award_year


# --- the board's summary ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardAward:
    """One award of the board's people or units for the summary page."""

    form_key: str  # the award form's code (or its name when recorded without a form)
    form_name: str
    order: int
    collective: bool
    leader: bool = False
    woman: bool = False


@dataclass
class SummaryLine:
    form_key: str
    form_name: str
    collectives: int = 0
    individuals: int = 0
    leaders: int = 0
    staff: int = 0
    women: int = 0

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


def board_summary_lines(awards: Iterable[BoardAward]) -> tuple[list[SummaryLine], SummaryLine]:
    """Per award form (in the catalogue's order): collectives, individuals, of whom leaders and staff, and
    women; with the total line."""
    lines: dict[str, SummaryLine] = {}
    orders: dict[str, tuple[int, str]] = {}
    total = SummaryLine("", "Tổng cộng")
    for award in awards:
        line = lines.get(award.form_key)
        if line is None:
            line = lines[award.form_key] = SummaryLine(award.form_key, award.form_name)
            orders[award.form_key] = (award.order, award.form_name)
        for target in (line, total):
            if award.collective:
                target.collectives += 1
            else:
                target.individuals += 1
                if award.leader:
                    target.leaders += 1
                else:
                    target.staff += 1
                if award.woman:
                    target.women += 1
    ordered = sorted(lines.values(), key=lambda line: orders[line.form_key])
    return ordered, total
