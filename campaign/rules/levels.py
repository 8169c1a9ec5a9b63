"""The vocabularies of levels that models, rules and templates share: one definition each.

- Sanctions (kỷ luật), mildest first: Law on Cadres and Civil Servants and Law on Public Employees as
  applied by Decree 112/2020/NĐ-CP (khiển trách, cảnh cáo, hạ bậc lương, cách chức, buộc thôi việc).
  From khiển trách upward a sanction in the period rules a person out (Law 06/2022/QH15; Decree
  152/2025/NĐ-CP), and collectives' conditions name a minimum ("cảnh cáo or above").
- Initiative recognition (công nhận sáng kiến), lowest first: cơ sở, tỉnh, toàn quốc (Decree
  13/2012/NĐ-CP on initiatives; the award conditions ask for a minimum level).

The order of each dict is the order of severity / level: `at_least` compares by it. The database's CHECK
constraints are generated from these keys (`check_in`).

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

SANCTION_LEVELS: dict[str, str] = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
INITIATIVE_LEVELS: dict[str, str] = {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh", "toan_quoc": "toàn quốc"}
SANCTION_ORDER = list(SANCTION_LEVELS)
INITIATIVE_ORDER = list(INITIATIVE_LEVELS)


def at_least(level: str | None, minimum: str, order: list[str]) -> bool:
    """`level` is `minimum` or above in `order` (an unknown level is not)."""
    return level in order and minimum in order and order.index(level) >= order.index(minimum)


def check_in(column: str, vocabulary: dict[str, str], *, nullable: bool = False) -> str:
    """The SQL CHECK keeping `column` to the vocabulary's keys."""
    values = ", ".join(f"'{key}'" for key in vocabulary)
    text = f"{column} IN ({values})"
    return f"{column} IS NULL OR {text}" if nullable else text
