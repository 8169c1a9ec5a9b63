"""From the database to the council's minutes and ballot result (.docx): campaign.documents.minutes.

Everything printed comes from the services, never recomputed here: the attendance and the quorum
(services.council.quorum_of, rules.council), who voted and in writing (services.ballots.voting_status), the
counts, ratios and thresholds (services.ballots.tallies, award_threshold through rules.voting.Threshold
.describe), the aggregated scores and the lists (services.ranking.session_ranking, which reads
services.scoring.compute_aggregates), the chair's moves and the recusals as stored. The office edits the
variable texts (MINUTES_FIELDS / BALLOT_FIELDS) before downloading; defaults come from the session.

Loaded in a fixed number of queries whatever the agenda's size (tests/web/test_minutes_service.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from sqlalchemy.orm import joinedload, selectinload

from ..documents.layout import DocumentNumber, Issuer
from ..documents.minutes import (
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
)
from ..models import (
    Attendance,
    CouncilRole,
    CouncilSession,
    Nomination,
    SessionStatus,
)
from ..models.base import VIETNAM_OFFSET
from ..models.campaign import AGGREGATIONS
from ..rules import ranking as ranking_rules
from ..rules.council import SessionAction
from ..rules.voting import Threshold
from ..vietnamese import number as format_number
from . import ServiceError
from . import ballots as ballots_service
from . import council as council_service
from . import ranking as ranking_service
from . import scoring as scoring_service
from .org import get_agency

KIND = "BB"
SYMBOL = "HĐTĐKT"
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng"
KIND_WORDS = {"collective": "tập thể", "individual": "cá nhân"}

MINUTES_FIELDS: list[tuple[str, str, bool]] = [
    ("subject", "Trích yếu", False),
    ("started_at", "Giờ bắt đầu (hh:mm)", False),
    ("place", "Địa điểm", False),
    ("proceedings", "Diễn biến cuộc họp", True),
    ("conclusions", "Kết luận", True),
    ("closing_time", "Giờ kết thúc (hh:mm)", False),
]
BALLOT_FIELDS: list[tuple[str, str, bool]] = [
    ("note", "Ghi chú thêm", True),
    ("closing_time", "Giờ kết thúc kiểm phiếu (hh:mm)", False),
]

NOT_TALLIED = ("Phiên họp chưa kiểm phiếu: chỉ lập biên bản sau khi Chủ tịch Hội đồng kết thúc bỏ phiếu "
               "(trạng thái hiện tại: «{status}»).")
CLOCK = re.compile(r"^([01]?\d|2[0-3])[:hg.](\d{2})$")


# --- loading -------------------------------------------------------------------------------------


def load_session(session_id: int) -> CouncilSession | None:
    """The session with what the minutes read of it: the ranking's loading (members, agenda with nominations,
    award forms, nominees and recusals), the council and the timeline, reloaded, in a fixed number of queries."""
    return ranking_service.load_session(session_id, joinedload(CouncilSession.council),
                                        selectinload(CouncilSession.events), refresh=True)


def _require_tallied(session: CouncilSession) -> None:
    if session.status not in (SessionStatus.TALLIED, SessionStatus.APPROVED):
        raise ServiceError(NOT_TALLIED.format(status=SessionStatus.LABELS.get(session.status, session.status)))


# --- small texts ---------------------------------------------------------------------------------


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return moment + VIETNAM_OFFSET if moment is not None else None


def _clock(value: str, key: str) -> str:
    """'8:05', '08h05', '08:05' → '08:05'; '' stays blank; anything else is refused beside its field."""
    value = (value or "").strip()
    if not value:
        return ""
    match = CLOCK.match(value)
    if not match:
        raise ServiceError("Giờ dạng giờ:phút, ví dụ 10:30.", key)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59:
        raise ServiceError("Giờ dạng giờ:phút, ví dụ 10:30.", key)
    return f"{hours:02d}:{minutes:02d}"


def _closing_moment(session: CouncilSession) -> dt.datetime | None:
    """When the meeting ended, in Vietnam time: the approval, else the close of voting."""
    return _local(session.approved_at or session.voting_closed_at)


def default_subject(session: CouncilSession) -> str:
    """'Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm 2025' from 'Phiên họp xét khen thưởng năm 2025'."""
    title = " ".join((session.title or "").split())
    rest = re.sub(r"^(phiên họp|cuộc họp|họp)\s+", "", title, flags=re.I)
    if re.match(r"^(hội đồng thi đua)", rest, re.I):
        return f"Họp {rest}"
    if not rest.lower().startswith("xét"):
        rest = "xét " + rest[:1].lower() + rest[1:] if rest else "xét khen thưởng"
    return f"Họp {COUNCIL_NAME} {rest}"


def _member_line(member, note: str = "") -> MemberLine:
    return MemberLine(member.full_name, member.title, CouncilRole.LABELS.get(member.council_role, ""), note)


def _members(session: CouncilSession):
    return sorted(session.members, key=lambda m: (m.position, m.id))


def _role(session: CouncilSession, role: str):
    return next((m for m in _members(session) if m.council_role == role), None)


def _count_words(counts: Counter) -> str:
    """{'collective': 1, 'individual': 4} → '1 tập thể, 4 cá nhân'."""
    return ", ".join(f"{counts[kind]} {word}" for kind, word in KIND_WORDS.items() if counts.get(kind))


def _groups(session: CouncilSession) -> list[tuple[object, Counter]]:
    """(award form, Counter of nominee kinds) in the catalogue's order."""
    forms: dict[int, tuple[object, Counter]] = {}
    for item in session.items:
        nomination = item.nomination
        form, counts = forms.setdefault(nomination.award_form_id, (nomination.award_form, Counter()))
        counts[nomination.nominee_kind] += 1
    return sorted(forms.values(), key=lambda pair: (pair[0].position, pair[0].id))


def default_proceedings(session: CouncilSession) -> str:
    lines = [f"Thư ký Hội đồng đọc chương trình cuộc họp và báo cáo tóm tắt {len(session.items)} hồ sơ đề nghị "
             "khen thưởng: " + "; ".join(f"{form.name}: {_count_words(counts)}" for form, counts in _groups(session))
             + "."]
    lines.append("Các thành viên Hội đồng nghiên cứu hồ sơ, thảo luận và chấm điểm từng hồ sơ theo các tiêu chí "
                 "của phong trào thi đua; thành viên thuộc trường hợp tránh chấm điểm không chấm hồ sơ có liên quan.")
    for event in sorted(session.events, key=lambda e: e.id):
        if event.reason and event.action in (SessionAction.REOPEN_SCORING, SessionAction.REOPEN_VOTING,
                                             SessionAction.REOPEN_APPROVAL):
            lines.append(f"Chủ tịch Hội đồng quyết định {SessionAction(event.action).label.lower()}. "
                         f"Lý do: {event.reason.strip().rstrip('.')}.")
    lines.append("Hội đồng bỏ phiếu kín đối với từng hồ sơ; Thư ký Hội đồng kiểm phiếu và công bố kết quả "
                 "trước Hội đồng.")
    return "\n".join(lines)


def _outcome(session: CouncilSession, row) -> str:
    """The approved outcome when the session is approved, else the ranking's (the proposal)."""
    if session.status == SessionStatus.APPROVED and row.item.outcome:
        return row.item.outcome
    return row.status


def _unit_of(nomination: Nomination) -> str:
    if nomination.person is not None:
        return nomination.nominee_unit.name
    return nomination.unit.name if nomination.unit_id != nomination.nominee_unit_id else ""


def _list_title(ranked) -> str:
    return f"{ranked.award_form.name} ({KIND_WORDS[ranked.kind]})"


def default_conclusions(session: CouncilSession, ranking) -> str:
    """Per list, those recommended (the approved outcome, else the ranking's proposal), with their count."""
    lines, total = [], 0
    for ranked in ranking.lists:
        names = [row.nomination.nominee_name for row in ranked.rows
                 if _outcome(session, row) == ranking_rules.RECOMMENDED]
        total += len(names)
        if names:
            lines.append(f"- {_list_title(ranked)}: {len(names)} {KIND_WORDS[ranked.kind]} "
                         f"({', '.join(names)});")
        else:
            lines.append(f"- {_list_title(ranked)}: không có hồ sơ được đề nghị;")
    if lines:
        lines[-1] = lines[-1].rstrip(";") + "."
    head = f"Hội đồng thống nhất đề nghị khen thưởng {total} hồ sơ:" if total else \
        "Hội đồng không đề nghị khen thưởng hồ sơ nào."
    tail = ("Hội đồng giao Văn phòng (Thường trực Hội đồng) hoàn thiện hồ sơ, trình cấp có thẩm quyền xem xét, "
            "quyết định khen thưởng theo quy định.")
    return "\n".join([head, *lines, tail])


def _closing_default(session: CouncilSession) -> str:
    moment = _closing_moment(session)
    return f"{moment.hour:02d}:{moment.minute:02d}" if moment else ""


def _minutes_defaults(session: CouncilSession, ranking) -> dict[str, str]:
    return {
        "subject": default_subject(session),
        "started_at": session.starts_at or "",
        "place": session.place or "",
        "proceedings": default_proceedings(session),
        "conclusions": default_conclusions(session, ranking),
        "closing_time": _closing_default(session),
    }


def default_minutes_texts(session: CouncilSession) -> dict[str, str]:
    """The editable texts' defaults (MINUTES_FIELDS' keys); refused while the session is not tallied."""
    _require_tallied(session)
    session = load_session(session.id)
    return _minutes_defaults(session, ranking_service.session_ranking(session))


def _ballot_defaults(session: CouncilSession) -> dict[str, str]:
    moment = _local(session.voting_closed_at)
    return {"note": "", "closing_time": f"{moment.hour:02d}:{moment.minute:02d}" if moment else ""}


def default_ballot_texts(session: CouncilSession) -> dict[str, str]:
    """The ballot result's editable texts (BALLOT_FIELDS' keys): no note, the close of voting."""
    _require_tallied(session)
    return _ballot_defaults(session)


def _texts(defaults: dict[str, str], texts: dict | None, fields) -> dict[str, str]:
    merged = dict(defaults)
    for key, _label, _multiline in fields:
        if texts and key in texts and texts[key] is not None:
            merged[key] = str(texts[key]).replace("\r\n", "\n").strip()
    return merged


# --- the common parts ----------------------------------------------------------------------------


def issuer(session: CouncilSession) -> Issuer:
    """The board above the council: 'BAN QUẢN LÝ KHU KINH TẾ …' / 'HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG'."""
    agency = get_agency()
    name = (session.council.name if session.council and session.council.name else COUNCIL_NAME)
    return Issuer(parent_body=agency.name.upper() if agency else "", name=name.upper(),
                  symbol=SYMBOL, place_name=agency.place_name if agency else "")


def _signatures(session: CouncilSession) -> Signatures:
    chair, secretary = _role(session, CouncilRole.CHAIR), _role(session, CouncilRole.SECRETARY)
    return Signatures(secretary=secretary.full_name if secretary else "", chair=chair.full_name if chair else "")


def _sections(session: CouncilSession, ranking, tally_rows) -> tuple[AwardSection, ...]:
    """Per list of the ranking, in its order: the scores and the counts."""
    by_item = {row.item.id: row for row in tally_rows}
    sections = []
    for ranked in ranking.lists:
        scores, votes = [], []
        for row in ranked.rows:
            nomination = row.nomination
            unit = _unit_of(nomination)
            total = row.total
            if total is None:
                score = "—"
            elif total.insufficient or total.value is None:
                score = "Chưa tổng hợp"
            else:
                score = format_number(total.value, 2)
            scores.append(ScoreLine(nomination.nominee_name, unit, score))
            tally = by_item[row.item.id]
            line = tally.line
            votes.append(VoteLine(nomination.nominee_name, unit, line.agree, line.disagree, line.members,
                                  ranking_rules.percent(line.ratio), tally.applied.describe(), line.passed,
                                  line.not_voting))
        sections.append(AwardSection(_list_title(ranked), tuple(scores), tuple(votes)))
    return tuple(sections)


def _read(session: CouncilSession):
    """The session reloaded, its ranking, tallies and who voted."""
    _require_tallied(session)
    session = load_session(session.id)
    _require_tallied(session)
    ranking = ranking_service.session_ranking(session)
    tally_rows = ballots_service.tallies(session) or []
    voting = ballots_service.voting_status(session)
    return session, ranking, tally_rows, voting


def _ballot_counts(session: CouncilSession, voting) -> tuple[int, int, int, str]:
    """(issued, received, written, note): a ballot goes to each member present and each absent member who
    votes in writing; the ballots received are those cast."""
    present = sum(1 for m in session.members if m.attendance == Attendance.PRESENT)
    written_seats = sum(1 for m in session.members if m.attendance == Attendance.WRITTEN)
    written = sum(1 for row in voting.rows if row.written)
    note = f"{present} phiếu tại cuộc họp"
    if written_seats:
        note += f", {written_seats} phiếu bằng văn bản"
    return present + written_seats, voting.voted, written, note


# --- the minutes ---------------------------------------------------------------------------------


def minutes_document(session: CouncilSession, *, texts: dict | None = None, number: int | None = None,
                     issued_on: dt.date | None = None) -> Minutes:
    """The minutes' data: refused (ServiceError) while the session is not tallied."""
    session, ranking, tally_rows, voting = _read(session)
    values = _texts(_minutes_defaults(session, ranking), texts, MINUTES_FIELDS)
    started_at = _clock(values["started_at"], "started_at")
    closing_time = _clock(values["closing_time"], "closing_time")
    moment = _closing_moment(session)
    closing_date = moment.date() if moment is not None and moment.date() != session.held_on else None

    written = {row.member.person_id for row in voting.rows if row.written}
    members = _members(session)
    present = tuple(_member_line(m) for m in members if m.attendance == Attendance.PRESENT)
    absent = []
    for member in members:
        if member.attendance == Attendance.PRESENT:
            continue
        if member.person_id in written:
            note = "vắng mặt, có phiếu bầu bằng văn bản"
        elif member.attendance == Attendance.UNKNOWN:
            note = "không có trong danh sách điểm danh"
        else:
            note = "vắng mặt"
        absent.append(_member_line(member, note))
    quorum = council_service.quorum_of(session)
    share = Threshold(quorum.share).describe()
    enough = "đủ" if quorum.quorate else "không đủ"
    quorum_text = (f"Có mặt {quorum.present}/{quorum.members} thành viên Hội đồng, {enough} điều kiện tiến hành "
                   f"cuộc họp theo quy định ({share} tổng số thành viên Hội đồng).")

    chair, secretary = _role(session, CouncilRole.CHAIR), _role(session, CouncilRole.SECRETARY)
    sections = _sections(session, ranking, tally_rows)
    _issued, received, written_count, _note = _ballot_counts(session, voting)
    passed = sum(1 for row in tally_rows if row.line.passed)
    in_writing = f" (trong đó {written_count} phiếu bằng văn bản)" if written_count else ""
    ballot = (f"Hội đồng đã bỏ phiếu kín, kết quả: có {received}/{len(session.members)} thành viên bỏ phiếu"
              f"{in_writing}, {received} phiếu hợp lệ; {passed}/{len(tally_rows)} hồ sơ đạt tỷ lệ phiếu đồng ý "
              f"theo quy định (tỷ lệ tính trên tổng số {len(session.members)} thành viên Hội đồng), cụ thể như sau:")

    settings = scoring_service.settings_of(session)
    submitted = sum(1 for m in session.members if m.scores_submitted_at is not None)
    heading = "Điểm bình quân" if settings.method == "mean" else "Điểm tổng hợp"
    score_note = (f"Điểm tổng hợp theo phương pháp «{AGGREGATIONS.get(settings.method, settings.method)}» từ phiếu "
                  f"chấm đã nộp của {submitted}/{len(session.members)} thành viên; điểm của thành viên tránh chấm "
                  "điểm không được tính.")

    names = {m.person_id: m.full_name for m in session.members}
    overrides, recusals = [], []
    for ranked in ranking.lists:
        for row in ranked.rows:
            item = row.item
            if item.override:
                overrides.append(OverrideLine(item.nomination.nominee_name, item.nomination.award_form.name,
                                              ranking_service.OVERRIDE_LABELS[item.override], item.override_reason))
    # One line per member and reason, the dossiers listed in the agenda's order: a member of a unit with a
    # dozen dossiers is one line, not twelve.
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in ballots_service.agenda(session):
        for recusal in sorted(item.recusals, key=lambda r: r.id):
            member = names.get(recusal.person_id) or recusal.person.full_name
            grouped.setdefault((member, recusal.reason), []).append(
                f"{item.nomination.nominee_name} ({item.nomination.award_form.name})")
    recusals = [RecusalLine(member, "; ".join(dossiers), reason) for (member, reason), dossiers in grouped.items()]

    return Minutes(
        issuer=issuer(session), number=DocumentNumber(number, KIND, symbol=SYMBOL), date=issued_on or session.held_on,
        year=session.held_on.year, subject=values["subject"] or default_subject(session), held_on=session.held_on,
        started_at=started_at, place=values["place"],
        chair=_member_line(chair) if chair else MemberLine(""), secretary=_member_line(secretary) if secretary else None,
        present=present, absent=tuple(absent), quorum=quorum_text, proceedings=values["proceedings"],
        score_note=score_note, score_heading=heading, sections=sections, ballot=ballot, overrides=tuple(overrides),
        recusals=tuple(recusals), conclusions=values["conclusions"], closing_time=closing_time,
        closing_date=closing_date, signatures=_signatures(session))


def minutes_docx(session: CouncilSession, *, texts: dict | None = None, number: int | None = None,
                 issued_on: dt.date | None = None) -> bytes:
    return build_minutes(minutes_document(session, texts=texts, number=number, issued_on=issued_on))


# --- the ballot result ----------------------------------------------------------------------------


def ballot_result_document(session: CouncilSession, *, texts: dict | None = None, number: int | None = None,
                           issued_on: dt.date | None = None) -> BallotResult:
    session, ranking, tally_rows, voting = _read(session)
    values = _texts(_ballot_defaults(session), texts, BALLOT_FIELDS)
    issued, received, _written, note = _ballot_counts(session, voting)
    members = len(session.members)
    lines = []
    not_voting = sum(row.line.not_voting for row in tally_rows)
    if not_voting:
        lines.append("Thành viên thuộc trường hợp tránh chấm điểm không bỏ phiếu đối với hồ sơ có liên quan "
                     "(theo quy định của phiên họp); phiếu của họ vẫn hợp lệ đối với các hồ sơ khác.")
    return BallotResult(
        issuer=issuer(session), number=DocumentNumber(number, KIND, symbol=SYMBOL),
        date=issued_on or session.held_on, year=session.held_on.year,
        subject=f"Kết quả bỏ phiếu kín tại cuộc {default_subject(session)[:1].lower()}{default_subject(session)[1:]}",
        held_on=session.held_on, place=session.place or "", members=members, issued=issued, issued_note=note,
        received=received, valid=received, invalid=0,
        basis=f"Tỷ lệ phiếu đồng ý tính trên tổng số {members} thành viên Hội đồng.",
        sections=_sections(session, ranking, tally_rows), closing_time=_clock(values["closing_time"], "closing_time"),
        signatures=_signatures(session), note=values["note"], lines=tuple(lines))


def ballot_result_docx(session: CouncilSession, *, texts: dict | None = None, number: int | None = None,
                       issued_on: dt.date | None = None) -> bytes:
    return build_ballot_result(ballot_result_document(session, texts=texts, number=number, issued_on=issued_on))
