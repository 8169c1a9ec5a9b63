"""Demo data built from the seed plans (placeholder until the demo module lands)."""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "demo12345"


@dataclass
class DemoResult:
    agency: str
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        return f"Dữ liệu mẫu: {self.agency}"


def load_demo(agency: str) -> DemoResult:
    return DemoResult(agency)
