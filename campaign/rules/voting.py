"""Vote thresholds and quorum.

Basis: Law on Emulation and Commendation 06/2022/QH15 and Decree 152/2025/NĐ-CP; DOMAIN.md: approval
ratios are counted over ALL council members, not those present (absent members may vote in writing);
*default* thresholds > 50 % (Giấy khen, LĐTT), ≥ 2/3 (CSTĐCS, Bằng khen), ≥ 90 % (CSTĐ cấp tỉnh and
above); a session is quorate with ≥ 2/3 of members present (*default*).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# A share stored with four decimals (Numeric(5, 4)) is read as the simple fraction it rounds: 0,6667 is 2/3.
SIMPLE_DENOMINATOR = 20


@dataclass(frozen=True)
class Threshold:
    """A share of all council members: `strict` means more than it (> 50 %), else at least (≥ 2/3)."""

    share: Fraction
    strict: bool = False

    @classmethod
    def parse(cls, share, strict: bool = False) -> Threshold:
        return cls(Fraction(str(share)), strict)

    @classmethod
    def stored(cls, share, strict: bool = False) -> Threshold:
        """A threshold as a database stores it (a Decimal with four places, never exact for thirds): 0,6667
        is read as 2/3 — else 6 of 9 members, exactly two thirds, would fail a "≥ 2/3" stored as 0,6667 —, and
        any share that is the four-place rounding of a fraction with denominator ≤ 20 as that fraction;
        another share (0,51) is taken as written. Floats are refused (they are not exact)."""
        if isinstance(share, float):
            raise TypeError("a threshold share must be Decimal, int, str or Fraction, not float")
        exact = Fraction(str(share)) if not isinstance(share, Fraction) else share
        if not 0 < exact <= 1:
            raise ValueError(f"a threshold share must be in (0, 1], not {share}")
        simple = exact.limit_denominator(SIMPLE_DENOMINATOR)
        if _four_places(simple) == _four_places(exact):
            exact = simple
        return cls(exact, strict)

    def at_least_as_strict_as(self, other: Threshold) -> bool:
        """Every ratio passing `self` passes `other`: a larger share, or the same share "trên" against
        "từ … trở lên"."""
        if self.share != other.share:
            return self.share > other.share
        return self.strict or not other.strict

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


def _four_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def stricter(first: Threshold, second: Threshold) -> Threshold:
    """The more demanding of two thresholds (the first when they are the same)."""
    return first if first.at_least_as_strict_as(second) else second


def quorate(present: int, members: int, quorum: Threshold) -> bool:
    return quorum.passes(present, members)
