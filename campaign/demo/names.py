"""Vietnamese names for the demo staff: family names by region, middle and given names by gender.

Weights say how often a name turns up (family names roughly follow their share in the region).
Spellings use the traditional placement of the tone mark (Hòa, Thủy), as the seed plans do.
Names are picked with seeded random.Random generators, so the same board gets the same people every run.
"""

from __future__ import annotations

import random

from ..vietnamese import fold

# Khánh Hòa and the south-central coast: Huỳnh and Võ rather than Hoàng and Vũ.
FAMILY_SOUTH_CENTRAL: dict[str, int] = {
    "Nguyễn": 30, "Trần": 12, "Lê": 10, "Phạm": 6, "Huỳnh": 5, "Võ": 5, "Phan": 4, "Hồ": 3,
    "Đặng": 3, "Trương": 2, "Bùi": 2, "Đỗ": 2, "Ngô": 2, "Dương": 2, "Đinh": 1, "Lý": 1, "Hoàng": 1,
    "Lương": 1, "Mai": 1, "Cao": 1,
}

# Lạng Sơn: Kinh family names and the Tày and Nùng ones common in the province.
FAMILY_NORTHERN_UPLAND: dict[str, int] = {
    "Nguyễn": 16, "Hoàng": 10, "Nông": 6, "Trần": 6, "Lương": 4, "Lê": 4, "Vi": 3, "Triệu": 3, "Hà": 3,
    "Phạm": 3, "Vũ": 3, "Lộc": 2, "Chu": 2, "Đặng": 2, "Bùi": 2, "Đỗ": 2, "Ngô": 2, "Dương": 2, "Lý": 2,
    "Mã": 1, "Lăng": 1, "Đinh": 1,
}

MIDDLE_MALE: dict[str, int] = {
    "Văn": 12, "Hữu": 3, "Đức": 4, "Minh": 4, "Quốc": 3, "Thanh": 3, "Ngọc": 2, "Công": 2, "Xuân": 2,
    "Quang": 2, "Đình": 2, "Trọng": 2, "Anh": 1, "Hoàng": 1, "Tuấn": 1, "Mạnh": 1,
}

MIDDLE_FEMALE: dict[str, int] = {
    "Thị": 12, "Ngọc": 3, "Thu": 3, "Thanh": 3, "Minh": 2, "Kim": 2, "Mỹ": 2, "Phương": 2, "Hoài": 1,
    "Bảo": 1, "Thị Thu": 2, "Thị Ngọc": 2, "Thị Kim": 1, "Thị Thanh": 2, "Thị Hồng": 1, "Thị Mỹ": 1,
}

GIVEN_MALE: tuple[str, ...] = (
    "An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Định", "Hải", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy",
    "Khải", "Khang", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Mạnh", "Nam", "Nghĩa", "Nhân", "Phong",
    "Phúc", "Quân", "Sơn", "Tài", "Thái", "Thắng", "Thành", "Thiện", "Thịnh", "Tiến", "Toàn", "Trí",
    "Trung", "Tùng", "Tuấn", "Việt", "Vinh", "Vũ",
)

GIVEN_FEMALE: tuple[str, ...] = (
    "Anh", "Châu", "Chi", "Dung", "Diệp", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ",
    "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Nhung", "Nhi",
    "Oanh", "Phượng", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thơ", "Thủy", "Thúy", "Trang", "Trinh", "Tuyết",
    "Uyên", "Vân", "Yến",
)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of `weights`, drawn with rng.random() only (its sequence is stable across Pythons)."""
    total = sum(weights.values())
    point = rng.random() * total
    for name, weight in weights.items():
        point -= weight
        if point < 0:
            return name
    return next(reversed(weights))


def _uniform(rng: random.Random, names: tuple[str, ...]) -> str:
    return names[int(rng.random() * len(names))]


class NamePicker:
    """Draws full names, never the same one twice nor one of the `reserved` (the signers' names)."""

    def __init__(self, family_names: dict[str, int], reserved: set[str] = frozenset()):
        self.family_names = family_names
        self.used: set[str] = set(reserved)

    def _candidate(self, rng: random.Random, gender: str) -> str:
        family = _weighted(rng, self.family_names)
        if gender == "nu":
            middle, given = _weighted(rng, MIDDLE_FEMALE), _uniform(rng, GIVEN_FEMALE)
        else:
            middle, given = _weighted(rng, MIDDLE_MALE), _uniform(rng, GIVEN_MALE)
        words = [family, *middle.split(), given]
        # "Minh Minh", "Hà Thị Hà", "Mỹ My": possible, but they would look like typing errors.
        if len({fold(w) for w in words}) < len(words):
            return ""
        return " ".join(words)

    def pick(self, rng: random.Random, gender: str) -> str:
        while True:
            name = self._candidate(rng, gender)
            if name and name not in self.used:
                self.used.add(name)
                return name
