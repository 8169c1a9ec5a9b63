"""Window extensions (gia hạn nộp hồ sơ): the office lets one unit keep writing its dossiers in a phase
after the phase's window closed, until a date and time (Vietnam time), for a reason. Granting again
changes the date; withdrawing ends it. Audited (`unit_extension.grant`, `unit_extension.withdraw`);
permissions.phase_window honours it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import CampaignStatus, Phase, Unit, UnitExtension, User, local_now
from ..models.base import VIETNAM_OFFSET
from ..permissions import can_manage_org, forget_extensions
from ..vietnamese import clean_text, short_datetime
from . import ServiceError, audit, transactional

REASON_MAX = 500


def extension_of(phase: Phase, unit: Unit) -> UnitExtension | None:
    return db.session.scalar(select(UnitExtension).where(UnitExtension.phase_id == phase.id,
                                                         UnitExtension.unit_id == unit.id))


def extensions_of(phase_ids: list[int] | None = None) -> list[UnitExtension]:
    """The extensions granted (of the given phases), latest deadline first, with their unit (one query)."""
    query = select(UnitExtension).options(joinedload(UnitExtension.unit), joinedload(UnitExtension.granted_by))
    if phase_ids is not None:
        query = query.where(UnitExtension.phase_id.in_(phase_ids))
    return list(db.session.scalars(query.order_by(UnitExtension.until.desc(), UnitExtension.id)))


@transactional
def grant_extension(actor: User, phase: Phase, unit: Unit, until: dt.datetime | None, reason: str, *,
                    now: dt.datetime | None = None) -> UnitExtension:
    """Let `unit` (and its sub-units) write dossiers of `phase` until `until` (Vietnam time)."""
    can_manage_org(actor).require()
    now = now or local_now()
    if phase.campaign.status in (CampaignStatus.DRAFT, CampaignStatus.CLOSED):
        raise ServiceError("Chỉ gia hạn được trong phong trào đang diễn ra.", field="until_date")
    if phase.nomination_closes_at is None:
        raise ServiceError(f"{phase.name} chưa đặt hạn nộp hồ sơ, không cần gia hạn.", field="until_date")
    if until is None:
        raise ServiceError("Hãy nhập ngày và giờ gia hạn.", field="until_date")
    if until <= now:
        raise ServiceError(f"Thời hạn gia hạn phải sau thời điểm hiện tại ({short_datetime(now)}).",
                           field="until_date")
    if until <= phase.nomination_closes_at:
        raise ServiceError(f"Thời hạn gia hạn phải sau hạn nộp chung "
                           f"({short_datetime(phase.nomination_closes_at)}).", field="until_date")
    if until.date() > phase.campaign.end_date:
        raise ServiceError("Thời hạn gia hạn phải trong thời gian của phong trào.", field="until_date")
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Hãy ghi lý do gia hạn.", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Lý do gia hạn không quá {REASON_MAX} ký tự (đang có {len(reason)}).", field="reason")
    extension = extension_of(phase, unit)
    before = audit.snapshot(extension, ["until", "reason"]) if extension else {"until": None, "reason": None}
    if extension is None:
        extension = UnitExtension(phase_id=phase.id, unit_id=unit.id)
        db.session.add(extension)
    extension.until, extension.reason = until, reason
    extension.granted_by_id, extension.granted_at = actor.id, now - VIETNAM_OFFSET
    audit.record("unit_extension.grant", extension, actor=actor,
                 summary=f"Gia hạn nộp hồ sơ {phase.name} cho {unit.name} đến {short_datetime(until)}",
                 changes=audit.diff(before, audit.snapshot(extension, ["until", "reason"])))
    forget_extensions()
    return extension


@transactional
def withdraw_extension(actor: User, extension: UnitExtension) -> None:
    """End an extension: the unit's window is the phase's again."""
    can_manage_org(actor).require()
    audit.record("unit_extension.withdraw", extension, actor=actor,
                 summary=f"Thu hồi gia hạn nộp hồ sơ {extension.phase.name} của {extension.unit.name}",
                 changes={"until": [audit.snapshot(extension, ["until"])["until"], None]})
    db.session.delete(extension)
    forget_extensions()
