"""The records blueprint (sổ khen thưởng), what the office keeps after the decision: the awards history and
lookup (lookup.py, /tra-cuu), the certificates printed on the pre-printed blanks (certificates.py,
/giay-khen), the reward fund's ledger (fund.py, /quy-thi-dua) and the statutory statistics with the board's
summary (statistics.py, /thong-ke). Each page shows the same tabs (templates/records/_tabs.html)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("records", __name__)

from . import certificates, fund, lookup, statistics  # noqa: E402, F401  (the routes register on bp)
