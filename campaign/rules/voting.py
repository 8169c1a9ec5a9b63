"""Vote thresholds and quorum.

Basis: Law on Emulation and Commendation 06/2022/QH15 and Decree 152/2025/NĐ-CP; DOMAIN.md: approval
ratios are counted over ALL council members, not those present (absent members may vote in writing);
*default* thresholds > 50 % (Giấy khen, LĐTT), ≥ 2/3 (CSTĐCS, Bằng khen), ≥ 90 % (CSTĐ cấp tỉnh and
above); a session is quorate with ≥ 2/3 of members present (*default*).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Threshold:
    """A share of all council members: `strict` means more than it (> 50 %), else at least (≥ 2/3)."""

    share: Fraction
    strict: bool = False

    @classmethod
    def parse(cls, share, strict: bool = False) -> Threshold:
        return cls(Fraction(str(share)), strict)

    def passes(self, approvals: int, members: int) -> bool:
        if members <= 0:
            return False
        ratio = Fraction(approvals, members)
        return ratio > self.share if self.strict else ratio >= self.share

    def describe(self) -> str:
        """'trên 50%', 'từ 2/3 trở lên', 'từ 90% trở lên'."""
        if self.share.denominator == 3:  # thirds read as fractions: 2/3
            amount = f"{self.share.numerator}/{self.share.denominator}"
        else:
            amount = f"{float(self.share * 100):g}%".replace(".", ",")
        return f"trên {amount}" if self.strict else f"từ {amount} trở lên"


def quorate(present: int, members: int, quorum: Threshold) -> bool:
    return quorum.passes(present, members)
