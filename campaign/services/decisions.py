"""From an approved council session to the documents the office drafts, edits, issues and keeps.

- `draft_session_documents`: once the chair has approved the session, one Quyết định per award form the board
  decides (its recommended nominees, the bonus of each), one Tờ trình per deciding authority (to the Trưởng
  Ban for the board's own awards, to the Chủ tịch UBND tỉnh for the higher ones), the minutes and the
  ballot result. The nominations listed move to "in decision" (rules.workflow, Action.INCLUDE).
- `update_texts`: the office edits the variable texts (DOCUMENT_FIELDS); each edit is kept with who and when,
  the audit log holds the old and new texts.
- `issue`: the number and date once signed: the .docx is built once more with them, stored with its SHA-256
  (every later download is that file), the bonuses are fixed with the base salary in force on the decision's
  date, and a decision's nominees become "awarded", each with an AwardRecord (the history later eligibility
  reads), and its bonuses are posted to the reward fund (services/fund.post_decision). An issued document is
  never edited again; a correction is a new document (`corrects_id`).
- `record_outcome`: the deciding authority's answer to a submission (its decision's number and date) awards
  the nominees the submission listed.

The documents themselves are laid out by campaign.documents (decision.py, minutes.py …), fed dataclasses
built here and in the sibling adapters; the bonus comes from rules.bonus, the words from vietnamese.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import permissions
from ..documents.decision import AwardList, Decision, ListEntry, Submission, build_decision, build_submission
from ..documents.layout import DocumentNumber, Issuer, Signer, attachment_note
from ..extensions import db
from ..models import (
    Agency,
    AgendaItem,
    AwardForm,
    AwardRecord,
    BaseSalaryRate,
    CouncilSession,
    DocumentEntry,
    DocumentKind,
    DocumentStatus,
    Nomination,
    NominationStatus,
    OfficialDocument,
    SessionStatus,
    StoredFile,
    Unit,
    User,
    local_now,
    utcnow,
)
from ..models import Signer as SignerRow
from ..models.council import Attendance
from ..rules.bonus import base_salary_on, bonus_amount
from ..rules.workflow import Action
from ..vietnamese import clean_text, fold, long_date, money_in_words, number, parse_date, short_date
from . import PermissionDenied, ServiceError, audit, check_version, files, transactional
from .org import get_agency
from .workflow import transition

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng"
NUMBER_MAX = 99999


# --- the texts the office edits ---------------------------------------------------------------------


@dataclass(frozen=True)
class TextField:
    key: str
    label: str
    multiline: bool = False
    help: str = ""


SIGNER_KEY = "signer_id"
DECISION_FIELDS = [
    TextField("subject", "Trích yếu"),
    TextField("legal_bases", "Căn cứ (mỗi dòng một căn cứ)", True),
    TextField("proposer", "Người đề nghị (dòng «Xét đề nghị của …»)"),
    TextField("reason", "Thành tích (vế «vì đã có thành tích …» của Điều 1)", True),
    TextField("funding", "Nguồn chi tiền thưởng (Điều 2)"),
    TextField("execution", "Điều thi hành (Điều 3)", True),
    TextField("recipients", "Nơi nhận (mỗi dòng một nơi)", True),
]
SUBMISSION_FIELDS = [
    TextField("subject", "Trích yếu"),
    TextField("addressees", "Kính gửi (mỗi dòng một nơi)", True),
    TextField("legal_bases", "Căn cứ (mỗi dòng một căn cứ)", True),
    TextField("body", "Nội dung (mỗi dòng một đoạn)", True),
    TextField("proposal", "Đề nghị", True),
    TextField("recipients", "Nơi nhận (mỗi dòng một nơi)", True),
]
LIMITS = {"subject": 500, "proposer": 500, "funding": 500}
TEXT_LIMIT = 20000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- names and titles --------------------------------------------------------------------------------


def authority_title(agency: Agency) -> str:
    """'Trưởng Ban Quản lý Khu kinh tế …' from 'Trưởng Ban' and 'Ban Quản lý Khu kinh tế …' (one 'Ban')."""
    head, name = agency.head_title.strip(), agency.name.strip()
    if head and name and fold(head.split()[-1]) == fold(name.split()[0]):
        return f"{head} {name.split(' ', 1)[1]}" if " " in name else head
    return f"{head} {name}".strip()


def round_label(session: CouncilSession) -> str:
    """'năm 2025' for an annual round, 'giai đoạn 2026–2027' for a phase of several years."""
    phase = session.phase
    if phase.start_date.year == phase.end_date.year:
        return f"năm {phase.start_date.year}"
    return f"giai đoạn {phase.start_date.year}–{phase.end_date.year}"


def counts_text(collectives: int, individuals: int) -> str:
    """'02 tập thể và 25 cá nhân', '25 cá nhân', '01 tập thể' (the decisions' way: two digits), '1.000 cá nhân'."""
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể" if collectives < 10 else f"{number(collectives)} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân" if individuals < 10 else f"{number(individuals)} cá nhân")
    return " và ".join(parts) or "00 cá nhân"


def _kinds_heading(collectives: int, individuals: int) -> str:
    if collectives and individuals:
        return "tập thể, cá nhân"
    return "tập thể" if collectives else "cá nhân"


def _signers() -> list[SignerRow]:
    return list(db.session.scalars(select(SignerRow).where(SignerRow.active.is_(True))
                                   .order_by(SignerRow.is_head.desc(), SignerRow.sort_order, SignerRow.id)))


def _default_signer_id() -> str:
    """The head (the first active signer), as the default signer of a draft: '' when there is none."""
    signers = _signers()
    return str(signers[0].id) if signers else ""


def signer_choices() -> list[tuple[str, str]]:
    return [(str(s.id), f"{s.full_name} ({s.title})") for s in _signers()]


def signing_block(agency: Agency, signer: SignerRow | None) -> Signer:
    """'TRƯỞNG BAN' when the head signs; 'KT. TRƯỞNG BAN' over 'PHÓ TRƯỞNG BAN' for a deputy (Decree 30,
    ký thay)."""
    if signer is None:
        return Signer(lines=[agency.head_title.upper()], full_name="")
    if signer.is_head:
        return Signer(lines=[signer.title.upper()], full_name=signer.full_name)
    return Signer(lines=[f"KT. {agency.head_title.upper()}", signer.title.upper()], full_name=signer.full_name)


def _office_unit() -> Unit | None:
    units = db.session.scalars(select(Unit).where(Unit.parent_id.is_(None), Unit.active.is_(True))).all()
    return next((u for u in units if fold(u.name) == fold("Văn phòng")), None)


def _office_head_name() -> str:
    from .reports import _unit_head

    unit = _office_unit()
    head = _unit_head(unit.id) if unit is not None else None
    return head.full_name if head is not None else ""


# --- loading -------------------------------------------------------------------------------------------


def load_document(document_id: int) -> OfficialDocument | None:
    return db.session.scalars(
        select(OfficialDocument).where(OfficialDocument.id == document_id)
        .options(selectinload(OfficialDocument.entries).joinedload(DocumentEntry.nomination)
                 .options(joinedload(Nomination.person), joinedload(Nomination.nominee_unit),
                          joinedload(Nomination.award_form)),
                 joinedload(OfficialDocument.session).joinedload(CouncilSession.phase),
                 joinedload(OfficialDocument.award_form), joinedload(OfficialDocument.file),
                 joinedload(OfficialDocument.scan_file), joinedload(OfficialDocument.edited_by),
                 joinedload(OfficialDocument.issued_by))
    ).unique().one_or_none()


def session_documents(session: CouncilSession) -> list[OfficialDocument]:
    return list(db.session.scalars(
        select(OfficialDocument).where(OfficialDocument.session_id == session.id)
        .options(selectinload(OfficialDocument.entries), joinedload(OfficialDocument.award_form))
        .order_by(OfficialDocument.id)).unique())


def _recommended(session: CouncilSession) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.session_id == session.id, AgendaItem.outcome == "recommended")
        .options(joinedload(AgendaItem.nomination).options(joinedload(Nomination.award_form),
                                                           joinedload(Nomination.person),
                                                           joinedload(Nomination.nominee_unit)))
        .order_by(AgendaItem.outcome_order, AgendaItem.position, AgendaItem.id)).unique())


# --- bonus ---------------------------------------------------------------------------------------------


def base_salary(day: dt.date) -> int | None:
    rates = db.session.execute(select(BaseSalaryRate.effective_from, BaseSalaryRate.amount)).all()
    return base_salary_on(day, [(start, amount) for start, amount in rates])


def coefficient_of(nomination: Nomination):
    form = nomination.award_form
    return form.bonus_individual if nomination.nominee_kind == "individual" else form.bonus_collective


def entry_amount(nomination: Nomination, salary: int | None) -> int | None:
    """The bonus (rules.bonus): the award form's coefficient for the nominee's kind × the base salary."""
    coefficient = coefficient_of(nomination)
    if coefficient is None or salary is None:
        return None
    return bonus_amount(coefficient, salary)


def document_day(document: OfficialDocument) -> dt.date:
    """The date the bonus is computed for: the issue date, or today for a draft."""
    return document.issued_on or local_now().date()


def amounts(document: OfficialDocument) -> dict[int, int | None]:
    """Each entry's bonus: as fixed on issue, or as the base salary in force today makes it for a draft."""
    if document.is_issued:
        return {entry.id: entry.amount for entry in document.entries}
    salary = base_salary(document_day(document))
    return {entry.id: entry_amount(entry.nomination, salary) for entry in document.entries}


# --- the default texts ---------------------------------------------------------------------------------


def _campaign_bases(session: CouncilSession) -> list[str]:
    campaign = session.phase.campaign
    return [basis.text for basis in campaign.legal_bases]


def _plan_basis(session: CouncilSession) -> str:
    campaign = session.phase.campaign
    if not campaign.plan_number:
        return ""
    when = f" ngày {short_date(campaign.plan_date)}" if campaign.plan_date else ""
    by = f" của {campaign.plan_issuer}" if campaign.plan_issuer else ""
    return f"Căn cứ Kế hoạch số {campaign.plan_number}{when}{by} về việc phát động {campaign.title}"


def _decision_bases(agency: Agency, session: CouncilSession) -> list[str]:
    founding = agency.establishing_decision.strip() or "Quyết định số …/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh"
    bases = [f"Căn cứ {founding} quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {agency.name}"]
    bases += _campaign_bases(session)
    if not any(fold("quy chế") in fold(line) for line in bases):
        bases.append(f"Căn cứ Quy chế thi đua, khen thưởng của {agency.name}")
    plan = _plan_basis(session)
    if plan and not any(fold(session.phase.campaign.plan_number) in fold(line) for line in bases):
        bases.append(plan)
    bases.append(f"Căn cứ Biên bản họp {COUNCIL_NAME} {long_date(session.held_on)}")
    return bases


def _reason(session: CouncilSession) -> str:
    campaign = session.phase.campaign
    if campaign.kind == "thematic":
        return f"xuất sắc trong Phong trào thi đua «{campaign.title}» {round_label(session)}"
    return f"hoàn thành xuất sắc nhiệm vụ {round_label(session)}"


def _default_decision_texts(document: OfficialDocument, agency: Agency) -> dict[str, str]:
    session, form = document.session, document.award_form
    if form.kind == "title":
        subject = f"Về việc công nhận danh hiệu «{form.name}» {round_label(session)}"
    else:
        subject = f"Về việc tặng {form.name} {round_label(session)}"
    short = agency.short_name or agency.name
    return {
        "subject": subject,
        "legal_bases": "\n".join(_decision_bases(agency, session)),
        "proposer": f"Xét đề nghị của {agency.office_head_title} – Thường trực {COUNCIL_NAME}",
        "reason": _reason(session),
        "funding": f"Quỹ thi đua, khen thưởng của {short} năm {session.phase.end_date.year}",
        "execution": f"Quyết định này có hiệu lực kể từ ngày ký. {agency.office_head_title}, Trưởng các phòng, "
                     f"đơn vị thuộc {short} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                     "Quyết định này",
        "recipients": "\n".join(["Như Điều 3", f"{COUNCIL_NAME} {short}", "Lưu: VT, VP"]),
        SIGNER_KEY: _default_signer_id(),
    }


def _to_board(document: OfficialDocument) -> bool:
    return document.authority == "board"


def _present(session: CouncilSession) -> tuple[int, int]:
    members = session.members
    return sum(1 for m in members if m.attendance == Attendance.PRESENT), len(members)


def _default_submission_texts(document: OfficialDocument, agency: Agency) -> dict[str, str]:
    session = document.session
    forms = _forms_of(document)
    names = ", ".join(form.name for form in forms)
    counts = _counts(document)
    present, members = _present(session)
    short = agency.short_name or agency.name
    if _to_board(document):
        addressees = [authority_title(agency)]
        who = f"{agency.office_head_title} – Thường trực {COUNCIL_NAME}"
        proposal = (f"{who} kính trình {authority_title(agency)} xem xét, quyết định {_what(document)} "
                    "(có danh sách kèm theo)")
        recipients = ["Như trên", f"{COUNCIL_NAME} {short}", "Lưu: VT, VP"]
    else:
        authority = document.authority.replace("UBND", "Ủy ban nhân dân")
        addressees = [f"{authority} {agency.place_name} (qua Sở Nội vụ)"
                      if fold(authority).endswith("tinh") else authority]
        proposal = (f"{agency.name} kính trình {authority} xem xét, {_what(document)} "
                    "(có danh sách và hồ sơ kèm theo)")
        recipients = ["Như trên", "Sở Nội vụ", "Lưu: VT, VP"]
    body = [
        f"Ngày {session.held_on.day:02d}/{session.held_on.month:02d}/{session.held_on.year}, {COUNCIL_NAME} "
        f"{short} đã họp xét đề nghị khen thưởng {round_label(session)} ({names}); có mặt {present}/{members} "
        "thành viên Hội đồng.",
        f"Hội đồng đã bỏ phiếu kín; {counts_text(*counts)} đạt tỷ lệ phiếu đồng ý theo quy định và được Hội đồng "
        "thống nhất đề nghị khen thưởng (có Biên bản họp và Biên bản kiểm phiếu kèm theo).",
    ]
    from .publication import summary_sentence

    published = summary_sentence(session)
    if published:
        body.append(published)
    return {
        "subject": f"Về việc đề nghị khen thưởng {_method(session)} {round_label(session)}",
        "addressees": "\n".join(addressees),
        "legal_bases": "\n".join(_campaign_bases(session)),
        "body": "\n".join(body),
        "proposal": proposal,
        "recipients": "\n".join(recipients),
        SIGNER_KEY: _default_signer_id(),
    }


def _method(session: CouncilSession) -> str:
    """The kind of commendation the Tờ trình names (Mẫu 01): 'theo chuyên đề' for a thematic campaign,
    'theo công trạng và thành tích đạt được' for the regular one."""
    if session.phase.campaign.kind == "thematic":
        return f"theo chuyên đề Phong trào thi đua «{session.phase.campaign.title}»"
    return "theo công trạng và thành tích đạt được"


def _what(document: OfficialDocument) -> str:
    """'công nhận danh hiệu «Tập thể lao động xuất sắc» năm 2025 cho 01 tập thể; tặng Bằng khen … cho 02 cá nhân'."""
    parts = []
    for form in _forms_of(document):
        entries = [e for e in document.entries if e.nomination.award_form_id == form.id]
        collectives = sum(1 for e in entries if e.nomination.nominee_kind == "collective")
        counts = counts_text(collectives, len(entries) - collectives)
        verb = (f"công nhận danh hiệu «{form.name}» {round_label(document.session)}" if form.kind == "title"
                else f"tặng {form.name}")
        parts.append(f"{verb} cho {counts}")
    return "; ".join(parts)


def fields_of(document: OfficialDocument) -> list[TextField]:
    from . import documents as registry

    return registry.fields_of(document)


def default_texts(document: OfficialDocument) -> dict[str, str]:
    agency = get_agency()
    if document.kind == DocumentKind.DECISION:
        return _default_decision_texts(document, agency)
    if document.kind == DocumentKind.SUBMISSION:
        return _default_submission_texts(document, agency)
    return {}


# --- the dataclasses of the documents ------------------------------------------------------------------


def _forms_of(document: OfficialDocument) -> list[AwardForm]:
    forms: dict[int, AwardForm] = {}
    for entry in document.entries:
        forms.setdefault(entry.nomination.award_form_id, entry.nomination.award_form)
    return sorted(forms.values(), key=lambda f: (f.position, f.id))


def entry_counts(document: OfficialDocument) -> tuple[int, int]:
    """(collectives, individuals) the document lists."""
    return _counts(document)


def _counts(document: OfficialDocument) -> tuple[int, int]:
    collectives = sum(1 for e in document.entries if e.nomination.nominee_kind == "collective")
    return collectives, len(document.entries) - collectives


def position_unit(nomination: Nomination, agency: Agency | None = None) -> str:
    """'Chuyên viên, Phòng Kế hoạch – Đầu tư' for a person; the parent unit (or the board) for a collective."""
    from .reports import unit_chain

    chain = [u.name for u in unit_chain(nomination.nominee_unit)]
    if nomination.person is not None:
        position = nomination.person.position
        return ", ".join(([position] if position else []) + chain)
    if len(chain) > 1:
        return ", ".join(chain[1:])
    return agency.name if agency else ""


def _money_cell(amount: int | None) -> str:
    return number(amount) if amount is not None else ""


def award_list(document: OfficialDocument, agency: Agency, title: str, *, with_amounts: bool,
               by_form: bool = False) -> AwardList:
    amount_of = amounts(document) if with_amounts else {}

    def entries(kind: str, form_id: int | None = None) -> list[ListEntry]:
        return [ListEntry(e.nomination.nominee_name, position_unit(e.nomination, agency),
                          _money_cell(amount_of.get(e.id)))
                for e in document.entries
                if e.nomination.nominee_kind == kind and (form_id is None or e.nomination.award_form_id == form_id)]

    total = sum(a for a in amount_of.values() if a) if with_amounts else 0
    show = with_amounts and any(a is not None for a in amount_of.values())
    sections = []
    if by_form:
        sections = [(form.name, entries("collective", form.id), entries("individual", form.id))
                    for form in _forms_of(document)]
    return AwardList(title=title, collectives=entries("collective"), individuals=entries("individual"),
                     amounts=show, total=number(total) if show else "",
                     total_words=money_in_words(total) if show else "", sections=sections)


def _number(document: OfficialDocument, symbol: str, number_value: int | None) -> DocumentNumber:
    return DocumentNumber(number_value, DocumentKind.ABBREVIATIONS[document.kind], symbol)


def signer_row(texts: Mapping[str, str]) -> SignerRow | None:
    """The signer a document's texts chose (its `signer` text), else the first signer: the decision's signing
    block and the certificates printed from it name the same person."""
    signers = _signers()
    chosen = next((s for s in signers if str(s.id) == str(texts.get(SIGNER_KEY, ""))), None)
    return chosen or (signers[0] if signers else None)


def _bonus_article(document: OfficialDocument, texts: Mapping[str, str]) -> str:
    amount_of = amounts(document)
    salary = base_salary(document_day(document))
    parts = []
    for kind, label in (("individual", "cá nhân"), ("collective", "tập thể")):
        entries = [e for e in document.entries if e.nomination.nominee_kind == kind]
        if not entries:
            continue
        coefficient = coefficient_of(entries[0].nomination)
        amount = amount_of.get(entries[0].id)
        if amount is None:
            continue
        parts.append(f"mỗi {label} được thưởng {number(coefficient, 2)} lần mức lương cơ sở, "
                     f"thành tiền {number(amount)} đồng")
    total = sum(a for a in amount_of.values() if a)
    if not parts:
        return ""
    base = f" (mức lương cơ sở {number(salary)} đồng)" if salary else ""
    return (f"Tiền thưởng kèm theo{base}: {'; '.join(parts)}. Tổng số tiền thưởng: {number(total)} đồng "
            f"(Bằng chữ: {money_in_words(total)}). "
            f"Nguồn chi: {texts.get('funding', '').strip().rstrip('.')}.")


def decision_document(document: OfficialDocument, texts: Mapping[str, str], *, number_value: int | None = None,
                      issued_on: dt.date | None = None) -> Decision:
    agency = get_agency()
    form = document.award_form
    collectives, individuals = _counts(document)
    verb = f"Công nhận danh hiệu «{form.name}» {round_label(document.session)}" if form.kind == "title" \
        else f"Tặng {form.name}"
    reason = texts.get("reason", "").strip().rstrip(".")
    articles = [f"{verb} cho {counts_text(collectives, individuals)} có tên trong danh sách kèm theo"
                + (f", vì đã có thành tích {reason}." if reason else ".")]
    bonus = _bonus_article(document, texts)
    if bonus:
        articles.append(bonus)
    articles.append(texts.get("execution", "").strip().rstrip(".") + ".")
    title = f"Danh sách {_kinds_heading(collectives, individuals)} được " + (
        f"công nhận danh hiệu {form.name} {round_label(document.session)}" if form.kind == "title"
        else f"tặng {form.name}")
    number_obj = _number(document, agency.symbol, number_value)
    day = issued_on
    authority = authority_title(agency)
    return Decision(
        issuer=Issuer(agency.parent_body, agency.name, agency.symbol, agency.place_name),
        number=number_obj, date=day, year=(day or local_now().date()).year,
        subject=texts.get("subject", ""), authority=authority.upper(),
        legal_bases=_lines(texts.get("legal_bases", "")), proposer=texts.get("proposer", ""),
        articles=articles, signer=signing_block(agency, signer_row(texts)),
        recipients=_lines(texts.get("recipients", "")),
        award_list=award_list(document, agency, title, with_amounts=True),
        list_note=attachment_note("Quyết định", number_obj, day, authority, symbol=agency.symbol,
                                  year=(day or local_now().date()).year),
    )


def submission_document(document: OfficialDocument, texts: Mapping[str, str], *, number_value: int | None = None,
                        issued_on: dt.date | None = None) -> Submission:
    agency = get_agency()
    year = (issued_on or local_now().date()).year
    if _to_board(document):
        issuer = Issuer(agency.name, "Văn phòng", "VP", agency.place_name)
        signer = Signer(lines=[agency.office_head_title.upper()], full_name=_office_head_name())
        by = agency.office_head_title
    else:
        issuer = Issuer(agency.parent_body, agency.name, agency.symbol, agency.place_name)
        signer = signing_block(agency, signer_row(texts))
        by = agency.name
    number_obj = _number(document, issuer.symbol, number_value)
    collectives, individuals = _counts(document)
    title = f"Danh sách {_kinds_heading(collectives, individuals)} đề nghị khen thưởng"
    return Submission(
        issuer=issuer, number=number_obj, date=issued_on, year=year, subject=texts.get("subject", ""),
        addressees=_lines(texts.get("addressees", "")), legal_bases=_lines(texts.get("legal_bases", "")),
        body=_lines(texts.get("body", "")), proposal=texts.get("proposal", ""), signer=signer,
        recipients=_lines(texts.get("recipients", "")),
        award_list=award_list(document, agency, title, with_amounts=False, by_form=True),
        list_note=attachment_note("Tờ trình", number_obj, issued_on, by, symbol=issuer.symbol, year=year),
    )


def build_decision_docx(document, texts, *, number_value=None, issued_on=None) -> bytes:
    return build_decision(decision_document(document, texts, number_value=number_value, issued_on=issued_on))


def build_submission_docx(document, texts, *, number_value=None, issued_on=None) -> bytes:
    return build_submission(submission_document(document, texts, number_value=number_value, issued_on=issued_on))


def symbol_of(document: OfficialDocument) -> str:
    """'QĐ-KKTKCN', 'TTr-VP', 'BB-HĐTĐKT': the symbol the number is given in (Decree 30, Phụ lục III)."""
    from . import documents as registry

    return registry.symbol_of(document)


# --- drafting ------------------------------------------------------------------------------------------


def _require_office(actor: User) -> None:
    answer = permissions.can_draft_documents(actor)
    if not answer:
        raise PermissionDenied(answer.reason)


def _title_for(kind: str, session: CouncilSession, form: AwardForm | None = None, authority: str = "") -> str:
    label = round_label(session)
    if kind == DocumentKind.DECISION and form is not None:
        return (f"Quyết định công nhận danh hiệu «{form.name}» {label}" if form.kind == "title"
                else f"Quyết định tặng {form.name} {label}")
    if kind == DocumentKind.SUBMISSION:
        return f"Tờ trình đề nghị khen thưởng {label} gửi {authority}"
    if kind == DocumentKind.MINUTES:
        return f"Biên bản họp Hội đồng: {session.title}"
    return f"Biên bản kiểm phiếu: {session.title}"


def _decided(documents: list[OfficialDocument]) -> set[int]:
    """The nominations a decision, or a submission to a higher authority, already lists (the submission to the
    head only proposes what the board's own decisions then decide)."""
    return {entry.nomination_id for doc in documents if doc.kind == DocumentKind.DECISION
            or (doc.kind == DocumentKind.SUBMISSION and not _to_board(doc)) for entry in doc.entries}


def undrafted_count(session: CouncilSession) -> int:
    """How many recommended nominees of an approved session no document lists yet (0: nothing to draft)."""
    listed = _decided(session_documents(session))
    return sum(1 for item in _recommended(session)
               if item.nomination_id not in listed and item.nomination.status == NominationStatus.RECOMMENDED)


def placeholders(texts: Mapping[str, str]) -> list[str]:
    """The texts that still hold a blank to fill ('Quyết định số …/QĐ-UBND ngày …'): the page warns before issue."""
    return [key for key, value in texts.items() if isinstance(value, str) and "…" in value]


@transactional
def draft_session_documents(actor: User, session: CouncilSession) -> list[OfficialDocument]:
    """The approved session's drafts: decisions, submissions, the minutes and the ballot result (those not
    drafted yet). The nominees listed move to "in decision". Refused before the chair's approval."""
    _require_office(actor)
    if session.status != SessionStatus.APPROVED:
        raise ServiceError("Chỉ lập văn bản khi Chủ tịch Hội đồng đã phê duyệt kết quả phiên họp.")
    existing = session_documents(session)
    listed = _decided(existing)
    have = {(doc.kind, doc.award_form_id, doc.authority) for doc in existing}
    created: list[OfficialDocument] = []
    agency = get_agency()

    def new(kind: str, *, form: AwardForm | None = None, authority: str = "", label: str = "") -> OfficialDocument:
        document = OfficialDocument(kind=kind, session=session, phase_id=session.phase_id, award_form=form,
                                    authority=authority, title=_title_for(kind, session, form, label),
                                    texts={}, created_by_id=actor.id)
        db.session.add(document)
        created.append(document)
        return document

    by_form: dict[int, list[AgendaItem]] = defaultdict(list)
    forms: dict[int, AwardForm] = {}
    for item in _recommended(session):
        if item.nomination_id in listed or item.nomination.status != NominationStatus.RECOMMENDED:
            continue
        by_form[item.nomination.award_form_id].append(item)
        forms[item.nomination.award_form_id] = item.nomination.award_form
    ordered = sorted(forms.values(), key=lambda f: (f.position, f.id))
    board_items = [i for f in ordered if f.decided_by_board for i in by_form[f.id]]
    # One Tờ trình per deciding authority: the office to the head for the board's own awards …
    if board_items and (DocumentKind.SUBMISSION, None, "board") not in have:
        _fill(new(DocumentKind.SUBMISSION, authority="board", label=authority_title(agency)), board_items)
    # … and the board to the province for each higher authority
    upward: dict[str, list[AgendaItem]] = defaultdict(list)
    for form in ordered:
        if not form.decided_by_board and by_form[form.id]:
            upward[form.authority or "Chủ tịch UBND tỉnh"] += by_form[form.id]
    for authority, items in upward.items():
        _fill(new(DocumentKind.SUBMISSION, authority=authority, label=authority), items)
        for item in items:
            transition(actor, item.nomination, Action.INCLUDE, note=f"Đưa vào Tờ trình gửi {authority}")
    for form in ordered:
        if form.decided_by_board:
            document = new(DocumentKind.DECISION, form=form)
            _fill(document, by_form[form.id])
            for item in by_form[form.id]:
                transition(actor, item.nomination, Action.INCLUDE, note=f"Đưa vào dự thảo {document.title}")
    for kind in (DocumentKind.MINUTES, DocumentKind.BALLOT):
        if (kind, None, "") not in have:
            new(kind)
    db.session.flush()
    for document in created:
        audit.record("document.draft", document, actor=actor, summary=f"Lập dự thảo «{document.title}»")
    return created


def _unit_order(unit: Unit) -> tuple:
    from .reports import unit_chain

    return tuple((u.sort_order, u.id) for u in reversed(unit_chain(unit)))


@transactional
def draft_review(actor: User, phase) -> OfficialDocument:
    """The phase's sơ kết / tổng kết report as a draft (services/review_report.py fills it); one per phase."""
    _require_office(actor)
    existing = db.session.scalars(select(OfficialDocument).where(OfficialDocument.kind == DocumentKind.REVIEW,
                                                                 OfficialDocument.phase_id == phase.id)).first()
    if existing is not None:
        return existing
    from .review_report import default_review_texts

    subject = default_review_texts(phase).get("subject", "")
    label = "Báo cáo tổng kết" if phase.review_kind == "final" else "Báo cáo sơ kết"
    document = OfficialDocument(kind=DocumentKind.REVIEW, phase_id=phase.id, texts={}, created_by_id=actor.id,
                                title=(f"Báo cáo {subject[:1].lower()}{subject[1:]}" if subject
                                       else f"{label} {phase.name}")[:500])
    db.session.add(document)
    db.session.flush()
    audit.record("document.draft", document, actor=actor, summary=f"Lập dự thảo «{document.title}»")
    return document


@transactional
def draft_progress(actor: User, campaign, plan_key: str, period_key: str) -> OfficialDocument:
    """A plan's periodic progress report (services/progress_report.py) as a draft; one per plan and period."""
    from .progress_report import find_plan, period_of, progress_subject

    _require_office(actor)
    plan = find_plan(campaign, plan_key)
    period = period_of(plan, period_key) if plan is not None else None
    if plan is None or period is None:
        raise ServiceError("Không có kỳ báo cáo này của kế hoạch.")
    phases = sorted(campaign.phases, key=lambda p: p.start_date)
    if not phases:
        raise ServiceError("Phong trào chưa có giai đoạn nào.")
    phase = next((p for p in phases if p.start_date <= period.end <= p.end_date), phases[0])
    existing = db.session.scalars(select(OfficialDocument).where(
        OfficialDocument.kind == DocumentKind.PROGRESS, OfficialDocument.phase_id.in_([p.id for p in phases]),
        OfficialDocument.plan_key == plan.key, OfficialDocument.period == period.key)).first()
    if existing is not None:
        return existing
    document = OfficialDocument(kind=DocumentKind.PROGRESS, phase_id=phase.id, plan_key=plan.key,
                                period=period.key, texts={}, created_by_id=actor.id,
                                title=f"Báo cáo {progress_subject(plan, period)}"[:500])
    db.session.add(document)
    db.session.flush()
    audit.record("document.draft", document, actor=actor, summary=f"Lập dự thảo «{document.title}»")
    return document


def _fill(document: OfficialDocument, items: list[AgendaItem]) -> None:
    """The entries in the list's order: collectives first, then individuals; within each, by unit in the
    organisation's order, then by name (Vietnamese alphabetical order)."""
    ordered = sorted(items, key=lambda i: (i.nomination.nominee_kind != "collective",
                                           _unit_order(i.nomination.nominee_unit),
                                           i.nomination.person.sort_key if i.nomination.person else ""))
    for position, item in enumerate(ordered, start=1):
        document.entries.append(DocumentEntry(nomination=item.nomination, position=position))


@transactional
def discard_draft(actor: User, document: OfficialDocument) -> None:
    """Drop a draft: its nominees go back to "recommended" (never an issued document)."""
    _require_office(actor)
    if document.is_issued:
        raise ServiceError("Văn bản đã ban hành không thể xóa; hãy ban hành văn bản đính chính.")
    for entry in document.entries:
        if entry.nomination.status == NominationStatus.IN_DECISION:
            transition(actor, entry.nomination, Action.EXCLUDE, note=f"Hủy dự thảo «{document.title}»")
    audit.record("document.discard", document, actor=actor, summary=f"Hủy dự thảo «{document.title}»")
    db.session.delete(document)


@transactional
def remove_entry(actor: User, document: OfficialDocument, entry_id: int, seen_version=None) -> None:
    """Take one nominee out of a draft's list: a decision's or an upward submission's nominee goes back to
    "recommended" (it may go into another draft); the submission to the head only loses the line."""
    _require_office(actor)
    check_version(document, seen_version)
    if document.is_issued:
        raise ServiceError("Văn bản đã ban hành, không thể sửa danh sách; hãy lập văn bản thay thế.")
    if document.corrects_id:
        raise ServiceError("Văn bản thay thế giữ nguyên danh sách của văn bản được thay thế; sửa trích yếu và "
                           "nội dung nếu cần.")
    entry = next((e for e in document.entries if e.id == entry_id), None)
    if entry is None:
        raise ServiceError("Tập thể, cá nhân này không có trong danh sách của dự thảo.")
    nomination = entry.nomination
    if document.id and nomination.id in _decided([document]) and nomination.status == NominationStatus.IN_DECISION:
        transition(actor, nomination, Action.EXCLUDE, note=f"Bỏ khỏi dự thảo «{document.title}»")
    document.entries.remove(entry)
    for position, rest in enumerate(document.entries, start=1):
        rest.position = position
    document.edited_by_id, document.edited_at = actor.id, utcnow()
    audit.record("document.remove_entry", document, actor=actor,
                 summary=f"Bỏ «{nomination.nominee_name}» khỏi danh sách dự thảo «{document.title}»")


@transactional
def replace_issued(actor: User, document: OfficialDocument) -> OfficialDocument:
    """A correction of an issued decision or submission: a new draft that replaces it (Decree 30/2020: an issued
    document is corrected by another document), with the same list and texts, the old one named in its căn cứ
    and its trích yếu. Issuing the new one moves the awards' decision number to it."""
    _require_office(actor)
    if not document.is_issued or document.kind not in (DocumentKind.DECISION, DocumentKind.SUBMISSION):
        raise ServiceError("Chỉ lập văn bản thay thế cho quyết định hoặc tờ trình đã ban hành.")
    pending = db.session.scalars(select(OfficialDocument).where(OfficialDocument.corrects_id == document.id,
                                                                OfficialDocument.status == DocumentStatus.DRAFT)).first()
    if pending is not None:
        return pending
    texts = dict(document.texts or {})
    word = "Quyết định" if document.kind == DocumentKind.DECISION else "Tờ trình"
    reference = f"{word} số {document.number_text} {long_date(document.issued_on)}"
    texts["subject"] = f"{texts.get('subject', '')} (thay thế {reference})".strip()
    if "legal_bases" in texts:
        texts["legal_bases"] = texts["legal_bases"] + f"\nXét việc cần thay thế {reference}"
    new = OfficialDocument(kind=document.kind, session_id=document.session_id, phase_id=document.phase_id,
                           award_form_id=document.award_form_id, authority=document.authority,
                           corrects_id=document.id, texts=texts, created_by_id=actor.id,
                           title=f"{document.title} (thay thế số {document.number_text})"[:500])
    for entry in document.entries:
        new.entries.append(DocumentEntry(nomination_id=entry.nomination_id, position=entry.position))
    db.session.add(new)
    db.session.flush()
    audit.record("document.correct", new, actor=actor,
                 summary=f"Lập dự thảo thay thế {reference}: «{new.title}»")
    return new


def replacements(document: OfficialDocument) -> list[OfficialDocument]:
    """The documents that replace this one (drafts and issued)."""
    return list(db.session.scalars(select(OfficialDocument).where(OfficialDocument.corrects_id == document.id)
                                   .order_by(OfficialDocument.id)))


def history(document: OfficialDocument) -> list:
    """Who drafted, edited and issued the document, and when (its audit events, newest first)."""
    from ..models import AuditEvent

    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == OfficialDocument.__tablename__,
                                                            AuditEvent.object_id == document.id)
                                   .order_by(AuditEvent.id.desc()).limit(50)))


# --- editing --------------------------------------------------------------------------------------------


def texts_of(document: OfficialDocument) -> dict[str, str]:
    """The defaults with the office's edits over them."""
    from . import documents as registry

    texts = registry.default_texts(document)
    texts.update({k: v for k, v in (document.texts or {}).items() if isinstance(v, str)})
    return texts


@transactional
def update_texts(actor: User, document: OfficialDocument, data: Mapping[str, str], seen_version=None) -> None:
    """Keep the office's edits of the variable texts; an issued document is frozen."""
    _require_office(actor)
    check_version(document, seen_version)
    if document.is_issued:
        raise ServiceError("Văn bản đã ban hành, không thể sửa; hãy lập văn bản đính chính.")
    current = texts_of(document)
    defaults_ = {k: v for k, v in current.items()}
    problems: dict[str, str] = {}
    edits = dict(document.texts or {})
    changes = {}
    for field in fields_of(document):
        if field.key not in data:
            continue
        value = clean_text(data[field.key]) if not field.multiline else "\n".join(
            " ".join(line.split()) for line in str(data[field.key] or "").replace("\r", "").split("\n"))
        value = value.strip()
        limit = LIMITS.get(field.key, TEXT_LIMIT)
        if len(value) > limit:
            problems[field.key] = f"Tối đa {number(limit)} ký tự (đã nhập {number(len(value))})."
            continue
        if not value and field.key in ("subject",):
            problems[field.key] = "Hãy nhập trích yếu của văn bản."
            continue
        if value != defaults_.get(field.key, ""):
            changes[field.key] = [defaults_.get(field.key, ""), value]
            edits[field.key] = value
    if SIGNER_KEY in data:
        chosen = str(data[SIGNER_KEY] or "")
        if chosen and chosen not in {str(s.id) for s in _signers()}:
            problems[SIGNER_KEY] = "Người ký không có trong danh sách người ký của cơ quan."
        elif chosen != current.get(SIGNER_KEY, ""):
            changes[SIGNER_KEY] = [current.get(SIGNER_KEY, ""), chosen]
            edits[SIGNER_KEY] = chosen
    if problems:
        raise ServiceError.of(problems)
    if not changes:
        return
    document.texts = edits
    document.edited_by_id = actor.id
    document.edited_at = utcnow()
    # A text the document cannot be built with (a closing time that is not hh:mm) is refused here, beside
    # its field, rather than at the download.
    from . import documents as registry

    registry.build(document, texts_of(document))
    audit.record("document.edit", document, actor=actor, summary=f"Sửa nội dung dự thảo «{document.title}»",
                 changes=changes)


def docx_bytes(document: OfficialDocument) -> bytes:
    """An issued document: its stored file, byte for byte; a draft: built now from the data and the texts."""
    if document.is_issued:
        return files.open_file(document.file).read_bytes()
    from . import documents as registry

    return registry.build(document, texts_of(document))


def filename(document: OfficialDocument, extension: str = "docx") -> str:
    from .reports import ascii_slug

    number_part = f"{document.number:02d}-{document.symbol}-" if document.is_issued else "du-thao-"
    return (ascii_slug(f"{number_part}{document.title}")[:120] or f"van-ban-{document.id}") + f".{extension}"


# --- issuing --------------------------------------------------------------------------------------------


def number_holder(document: OfficialDocument, symbol: str, year: int, value: int) -> OfficialDocument | None:
    """The other document that already has this number in this symbol and year, if any."""
    return db.session.scalars(select(OfficialDocument).where(
        OfficialDocument.symbol == symbol, OfficialDocument.issued_year == year, OfficialDocument.number == value,
        OfficialDocument.id != document.id)).first()


def _taken_message(value: int, symbol: str, year: int, title: str) -> str:
    return f"Số {value:02d}/{symbol} năm {year} đã dùng cho «{title}»."


def parse_issue(number_text: str, date_text: str) -> tuple[int, dt.date]:
    problems = {}
    value = None
    text = (number_text or "").strip().lstrip("0") or ("0" if (number_text or "").strip() else "")
    if not text:
        problems["number"] = "Hãy nhập số của văn bản đã ký (ví dụ 05)."
    elif not text.isdigit() or not 0 < int(text) <= NUMBER_MAX:
        problems["number"] = f"Số văn bản là một số nguyên từ 1 đến {number(NUMBER_MAX)} (ví dụ 05)."
    else:
        value = int(text)
    day = parse_date(date_text or "")
    if day is None:
        problems["issued_on"] = "Hãy nhập ngày ký dạng ngày/tháng/năm (ví dụ 05/12/2027)."
    if problems:
        raise ServiceError.of(problems)
    return value, day  # type: ignore[return-value]


@transactional
def issue(actor: User, document: OfficialDocument, *, number_text: str, date_text: str, scan=None,
          seen_version=None, today: dt.date | None = None) -> OfficialDocument:
    """Record the number and date the document was signed with; freeze it (see the module). `today` is for
    the demo's replay of an earlier day."""
    _require_office(actor)
    check_version(document, seen_version)
    if document.is_issued:
        raise ServiceError(f"Văn bản đã ban hành: số {document.number_text} {long_date(document.issued_on)}.")
    value, day = parse_issue(number_text, date_text)
    today = today or local_now().date()
    problems = {}
    if day > today:
        problems["issued_on"] = f"Ngày ký không thể sau hôm nay ({short_date(today)})."
    elif document.session is not None and day < document.session.held_on:
        problems["issued_on"] = (f"Ngày ký không thể trước ngày họp Hội đồng ({short_date(document.session.held_on)}).")
    symbol = symbol_of(document)
    taken = number_holder(document, symbol, day.year, value)
    if taken is not None:
        problems["number"] = _taken_message(value, symbol, day.year, taken.title)
    if document.kind in (DocumentKind.DECISION, DocumentKind.SUBMISSION) and document.session is not None:
        from .publication import issue_blockers

        blockers = issue_blockers(document.session, today=today)
        if blockers:
            raise ServiceError(" ".join(blockers))
    blanks = placeholders(texts_of(document))
    if blanks:
        labels = {field.key: field.label for field in fields_of(document)}
        raise ServiceError("Nội dung còn chỗ trống «…» cần điền trước khi ban hành: "
                           + "; ".join(labels.get(key, key) for key in blanks) + ".")
    if document.kind == DocumentKind.DECISION and base_salary(day) is None:
        problems["issued_on"] = "Chưa có mức lương cơ sở áp dụng từ ngày này: hãy thêm trong phần thiết lập."
    if problems:
        raise ServiceError.of(problems)
    if document.kind == DocumentKind.DECISION:
        expected = NominationStatus.AWARDED if document.corrects_id else NominationStatus.IN_DECISION
        unready = [e.nomination.nominee_name for e in document.entries if e.nomination.status != expected]
        if unready:
            raise ServiceError("Có hồ sơ không còn ở trạng thái dự thảo quyết định: " + ", ".join(unready[:5]) + ".")
    scan_row = None
    if scan is not None and getattr(scan, "filename", ""):
        try:
            scan_row = files.store_upload(actor, scan, None)
        except ServiceError as error:
            raise ServiceError(error.message, "scan") from error
    # Fix the bonuses at the decision's date, then build the file once with its number and date.
    document.issued_on = day
    salary = base_salary(day)
    for entry in document.entries:
        entry.amount = entry_amount(entry.nomination, salary) if document.kind == DocumentKind.DECISION else None
    document.number, document.symbol, document.issued_year = value, symbol, day.year
    # Two documents given one number at the same moment: the unique constraint decides, and the second hears
    # why beside the number (savepoint: the transaction goes on to roll back cleanly).
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise ServiceError(_taken_message(value, symbol, day.year, "một văn bản vừa được ban hành"),
                           "number") from error
    texts = texts_of(document)
    from . import documents as registry

    data = registry.build(document, texts, number_value=value, issued_on=day)
    stored = store_generated(actor, data, filename(document), "docx")
    document.texts = {k: v for k, v in texts.items()}  # the texts as issued, defaults included
    document.status = DocumentStatus.ISSUED
    document.file_id, document.sha256 = stored.id, stored.sha256
    document.issued_at, document.issued_by_id = utcnow(), actor.id
    signer = signer_row(texts)
    document.signer_name = signer.full_name if signer is not None else ""
    if scan_row is not None:
        document.scan_file_id = scan_row.id
    db.session.flush()
    if document.kind == DocumentKind.DECISION and document.corrects_id:
        _move_awards(document)
    elif document.kind == DocumentKind.DECISION:
        _award(actor, document, issuer=authority_title(get_agency()),
               decision_number=document.number_text, decided_on=day)
    if document.kind == DocumentKind.DECISION:  # its bonuses into the reward fund (and the replaced one's back)
        from . import fund

        fund.post_decision(document, actor)
    audit.record("document.issue", document, actor=actor,
                 summary=f"Ban hành «{document.title}», số {document.number_text} {long_date(day)}",
                 changes={"sha256": [None, document.sha256]})
    return document


def _award(actor: User, document: OfficialDocument, *, issuer: str, decision_number: str,
           decided_on: dt.date) -> None:
    """Each nominee listed is awarded, and the award enters their history (AwardRecord)."""
    # The timelines in one query, and no flush per nominee: a decision of 1.000 awardees issues in seconds
    # (bench/decision_docx.py).
    ids = [entry.nomination_id for entry in document.entries]
    db.session.scalars(select(Nomination).where(Nomination.id.in_(ids))
                       .options(selectinload(Nomination.events), joinedload(Nomination.phase))).all()
    with db.session.no_autoflush:
        for entry in document.entries:
            _award_one(actor, document, entry.nomination, issuer=issuer, decision_number=decision_number,
                       decided_on=decided_on)


def _award_one(actor: User, document: OfficialDocument, nomination: Nomination, *, issuer: str,
               decision_number: str, decided_on: dt.date) -> None:
    transition(actor, nomination, Action.AWARD, note=f"Quyết định số {decision_number} {long_date(decided_on)}")
    db.session.add(AwardRecord(
        person_id=nomination.person_id,
        nominee_unit_id=None if nomination.person_id else nomination.nominee_unit_id,
        year=nomination.phase.end_date.year, award_form_id=nomination.award_form_id,
        title=nomination.award_form.name, decision_number=decision_number, decision_date=decided_on,
        issuer=issuer, document_id=document.id if document.kind == DocumentKind.DECISION else None,
        nomination_id=nomination.id))


def _move_awards(document: OfficialDocument) -> None:
    """The replacing decision takes over the awards of the one it replaces (their history names it)."""
    records = db.session.scalars(select(AwardRecord).where(AwardRecord.document_id == document.corrects_id)).all()
    listed = {entry.nomination_id for entry in document.entries}
    for record in records:
        if record.nomination_id in listed:
            record.document_id = document.id
            record.decision_number = document.number_text
            record.decision_date = document.issued_on


@transactional
def record_outcome(actor: User, document: OfficialDocument, *, number_text: str, date_text: str,
                   seen_version=None) -> OfficialDocument:
    """The deciding authority's decision on an issued submission ('125/QĐ-UBND', its date): its nominees are
    awarded and the awards enter their history."""
    _require_office(actor)
    check_version(document, seen_version)
    if document.kind != DocumentKind.SUBMISSION or not document.is_issued:
        raise ServiceError("Chỉ ghi quyết định của cấp trên cho Tờ trình đã ban hành.")
    if _to_board(document):
        raise ServiceError("Tờ trình gửi Trưởng Ban được trả lời bằng các Quyết định của Ban: hãy ban hành chúng.")
    if document.outcome_number:
        raise ServiceError(f"Đã ghi Quyết định số {document.outcome_number}.")
    text = clean_text(number_text)
    problems = {}
    if not text:
        problems["number"] = "Hãy nhập số, ký hiệu quyết định của cấp trên (ví dụ 125/QĐ-UBND)."
    elif len(text) > 60:
        problems["number"] = "Tối đa 60 ký tự."
    day = parse_date(date_text or "")
    if day is None:
        problems["issued_on"] = "Hãy nhập ngày quyết định dạng ngày/tháng/năm (ví dụ 05/12/2027)."
    elif day < document.issued_on or day > local_now().date():
        problems["issued_on"] = (f"Ngày quyết định phải từ ngày của Tờ trình ({short_date(document.issued_on)}) "
                                 "đến hôm nay.")
    if problems:
        raise ServiceError.of(problems)
    document.outcome_number, document.outcome_on = text, day
    _award(actor, document, issuer=document.authority, decision_number=text, decided_on=day)
    audit.record("document.outcome", document, actor=actor,
                 summary=f"Ghi Quyết định số {text} {long_date(day)} của {document.authority} trả lời "
                         f"«{document.title}»")
    return document


def store_generated(actor: User | None, data: bytes, name: str, extension: str) -> StoredFile:
    """Keep a generated file like an upload (random name under UPLOAD_DIR, SHA-256), in the caller's
    transaction: the disk follows it (services/files.py)."""
    return files.store_bytes(actor, data, name, extension)


# --- the reports -------------------------------------------------------------------------------------------


def campaigns_for_reports():
    """The campaigns whose phases are reviewed and whose plans report: launched or closed, newest first."""
    from ..models import Campaign

    return list(db.session.scalars(select(Campaign).where(Campaign.status != "draft")
                                   .options(selectinload(Campaign.phases)).order_by(Campaign.start_date.desc())))


def report_documents() -> dict[tuple, OfficialDocument]:
    """The review and progress documents by ('review', phase id) and ('progress', plan key, period)."""
    found: dict[tuple, OfficialDocument] = {}
    for document in db.session.scalars(select(OfficialDocument).where(
            OfficialDocument.kind.in_([DocumentKind.REVIEW, DocumentKind.PROGRESS]))):
        key = (("review", document.phase_id) if document.kind == DocumentKind.REVIEW
               else ("progress", document.plan_key, document.period))
        found.setdefault(key, document)
    return found


@dataclass
class OfficeDocuments:
    """What waits for the office on its home page: drafts to issue, approved sessions with nominees no
    document lists yet."""

    drafts: dict[str, int]  # kind → count
    sessions: list[tuple[CouncilSession, int]]  # (approved session, nominees waiting)

    @property
    def draft_count(self) -> int:
        return sum(self.drafts.values())


def office_documents() -> OfficeDocuments:
    """Three queries whatever the data: the drafts by kind, the approved sessions, their recommended items
    not yet in a decision or an upward submission."""
    drafts = dict(db.session.execute(select(OfficialDocument.kind, func.count(OfficialDocument.id))
                                     .where(OfficialDocument.status == DocumentStatus.DRAFT)
                                     .group_by(OfficialDocument.kind)).all())
    deciding = (select(DocumentEntry.nomination_id).join(OfficialDocument)
                .where(or_(OfficialDocument.kind == DocumentKind.DECISION,
                           (OfficialDocument.kind == DocumentKind.SUBMISSION) & (OfficialDocument.authority != "board"))))
    waiting = dict(db.session.execute(
        select(AgendaItem.session_id, func.count(AgendaItem.id)).join(Nomination)
        .where(AgendaItem.outcome == "recommended", Nomination.status == NominationStatus.RECOMMENDED,
               AgendaItem.nomination_id.not_in(deciding))
        .group_by(AgendaItem.session_id)).all())
    sessions = []
    if waiting:
        sessions = [(session, waiting[session.id]) for session in db.session.scalars(
            select(CouncilSession).where(CouncilSession.id.in_(list(waiting)),
                                         CouncilSession.status == SessionStatus.APPROVED)
            .order_by(CouncilSession.held_on))]
    return OfficeDocuments(drafts, sessions)


# --- the register -----------------------------------------------------------------------------------------


# Drafts first (newest first), then the issued by date and number, newest first.
REGISTER_ORDER = (OfficialDocument.issued_on.desc().nulls_first(), OfficialDocument.number.desc(),
                  OfficialDocument.id.desc())


@dataclass
class RegisterPage:
    documents: list[OfficialDocument]
    total: int
    page: int
    pages: int


def register(*, query: str = "", kind: str = "", year: int | None = None, status: str = "", page: int = 1,
             per_page: int = 30) -> RegisterPage:
    """The register of documents: search in the title and the number, filter by kind, year, status."""
    stmt = select(OfficialDocument)
    if kind in DocumentKind.ALL:
        stmt = stmt.where(OfficialDocument.kind == kind)
    if status in DocumentStatus.LABELS:
        stmt = stmt.where(OfficialDocument.status == status)
    if year:
        stmt = stmt.where(or_(OfficialDocument.issued_year == year,
                              (OfficialDocument.issued_year.is_(None))
                              & (func.extract("year", OfficialDocument.created_at) == year)))
    words = fold(query).split()
    documents_all = None
    if words:
        # The titles are few (tens a year): folded in Python, so "quyet dinh lao dong" finds
        # "Quyết định … Lao động …" on SQLite and PostgreSQL alike.
        documents_all = [d for d in db.session.scalars(stmt.order_by(*REGISTER_ORDER))
                         if all(w in fold(f"{d.title} {(d.texts or {}).get('subject', '')} {d.number_text} "
                                          f"{d.outcome_number}") for w in words)]
        total = len(documents_all)
    else:
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    if documents_all is not None:
        ids = [d.id for d in documents_all[(page - 1) * per_page: page * per_page]]
        stmt = select(OfficialDocument).where(OfficialDocument.id.in_(ids))
    else:
        stmt = stmt.order_by(*REGISTER_ORDER).limit(per_page).offset((page - 1) * per_page)
    rows = list(db.session.scalars(stmt.options(joinedload(OfficialDocument.session),
                                                selectinload(OfficialDocument.entries))
                                   .order_by(*REGISTER_ORDER)).unique())
    return RegisterPage(rows, total, page, pages)


def bundle_zip(document: OfficialDocument) -> bytes:
    """The dossier the province expects with a submission: the Tờ trình, the list (.xlsx), each nominee's
    achievement report, the council's minutes and the ballot result (issued files where issued)."""
    import zipfile

    from . import documents as registry
    from .reports import achievement_report_docx, report_filename

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"01-{filename(document)}", docx_bytes(document))
        archive.writestr(f"02-{filename(document, 'xlsx')}", registry.list_xlsx(document))
        others = {d.kind: d for d in session_documents(document.session)} if document.session else {}
        for index, kind in ((3, DocumentKind.MINUTES), (4, DocumentKind.BALLOT)):
            other = others.get(kind)
            if other is not None:
                archive.writestr(f"{index:02d}-{filename(other)}", docx_bytes(load_document(other.id)))
        for index, entry in enumerate(document.entries, start=1):
            archive.writestr(f"05-bao-cao-thanh-tich/{index:02d}-{report_filename(entry.nomination)}",
                             achievement_report_docx(entry.nomination))
    return buffer.getvalue()
