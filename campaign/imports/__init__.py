"""Reading the offices' own tables: one reader for every import (people and units, plan tasks).

- `table`: bytes or pasted text → rows of cells (.xlsx, .csv with its delimiter sniffed, text pasted from a
  document or a spreadsheet), and the refusals of a source that cannot be used at all (`ImportFileError`).
- `preview`: the row-by-row preview an import shows before it writes: each row's values, its problems
  (which block the import), warnings and notes, and what confirming would do (create, update, nothing).
- `units`: finding the board's units in the words of a table ("Phòng KHĐT", "Ban QLDAHT", "Các phòng").

Pure code: no Flask, no database session. The services (services/org_import.py, services/plan_import.py)
turn rows into their own previews and write them.
"""

from .preview import ACTION_LABELS, Preview, PreviewRow
from .table import (
    NOT_XLSX,
    SPREADSHEETS,
    TABLES,
    Cell,
    Formats,
    ImportFileError,
    Row,
    Table,
    read_rows,
    read_table,
)

__all__ = ["ACTION_LABELS", "NOT_XLSX", "SPREADSHEETS", "TABLES", "Cell", "Formats", "ImportFileError", "Preview",
           "PreviewRow", "Row", "Table", "read_rows", "read_table"]
