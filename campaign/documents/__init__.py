"""The module's documents as .docx: pure python-docx, no Flask and no database.

layout.py holds the administrative-document layout of Decree 30/2020/NĐ-CP, Phụ lục I (page, header
block, title, căn cứ, articles, signature block, list tables, appendix heading); each builder takes
plain dataclasses and returns the document's bytes, so the web layer fills the data and sends the file.

- achievement_report.build_achievement_report: báo cáo thành tích (forms of Decree 152/2025/NĐ-CP).
"""

from campaign.documents.achievement_report import (
    AchievementReport,
    CollectiveProfile,
    CriterionResult,
    IndividualProfile,
    Initiative,
    PriorAward,
    Sanction,
    Signatory,
    build_achievement_report,
)
from campaign.documents.layout import Column, DocumentNumber, Issuer, Signer, Span, TableSpec

__all__ = [
    "AchievementReport",
    "CollectiveProfile",
    "Column",
    "CriterionResult",
    "DocumentNumber",
    "IndividualProfile",
    "Initiative",
    "Issuer",
    "PriorAward",
    "Sanction",
    "Signatory",
    "Signer",
    "Span",
    "TableSpec",
    "build_achievement_report",
]
