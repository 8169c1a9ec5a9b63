"""The preview of an import, row by row: what each row says, what is wrong with it, what confirming does.

An importer (services/org_import.py, services/plan_import.py) subclasses `PreviewRow` with the values
it reads and `Preview` with what it knows of the whole source; the preview page
(templates/macros/imports.html) shows any of them the same way.

- `problems` block the import: nothing is written while any row (or the source) has one.
- `warnings` are shown and repeated, but the row is written as read ("cần xem lại").
- `notes` only explain (bodies outside the board kept as written, several units leading together).
- `changes`: for a row that updates, every field it changes, (field, old, new), shown old → new.
- `ignored_headers`: the columns found that the import will not use; the preview names them as a warning
  and the confirmation repeats them (never silent).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vietnamese import number

ACTION_LABELS = {"new": "Thêm mới", "update": "Cập nhật", "same": "Không đổi"}


@dataclass
class PreviewRow:
    line: int  # the first line of the source the row was read from
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    action: str = ""  # new, update, same (decided once the row is checked)
    lines: list[int] = field(default_factory=list)  # every line it was read from (a row broken across lines)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new) of an update

    @property
    def group(self) -> str:
        """The heading the row stands under in the source (a plan's section), or ""."""
        return ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")

    @property
    def line_label(self) -> str:
        lines = self.lines or [self.line]
        return str(lines[0]) if len(lines) == 1 else f"{lines[0]}–{lines[-1]}"

    @property
    def needs_review(self) -> bool:
        return bool(self.problems or self.warnings)


@dataclass
class Preview:
    source_name: str  # the file's name as the user knows it, or "Bảng dán vào ô nhập"
    rows: list[PreviewRow]
    ignored_headers: list[str] = field(default_factory=list)  # columns found that the import does not use
    problems: list[str] = field(default_factory=list)  # about the source as a whole: they block the import
    warnings: list[str] = field(default_factory=list)  # about the source as a whole: shown and repeated

    def received(self) -> list[tuple[str, str]]:
        """(what the import reads, the header the source gives it) for every column used."""
        return []

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.problems)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def updated_count(self) -> int:
        return self.count("update")

    @property
    def unchanged_count(self) -> int:
        return self.count("same")

    @property
    def problem_count(self) -> int:
        """Rows with a problem."""
        return sum(1 for row in self.rows if row.problems)

    @property
    def warning_count(self) -> int:
        return sum(1 for row in self.rows if row.warnings)

    @property
    def ignored_warning(self) -> str:
        """The columns the import will not use, named (a warning the confirmation repeats)."""
        if not self.ignored_headers:
            return ""
        return ("Các cột sau sẽ không được nhập (không có chỗ ghi trong phần mềm): "
                + ", ".join(f"«{h}»" for h in self.ignored_headers) + ".")

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problem_count and not self.problems

    def summary(self) -> str:
        return (f"thêm mới {number(self.new_count)}, cập nhật {number(self.updated_count)}, "
                f"không đổi {number(self.unchanged_count)}")
