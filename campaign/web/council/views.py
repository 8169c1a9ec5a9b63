"""The council blueprint: one Blueprint, its pages in one module per concept."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("council", __name__)

from . import ballots, ranking, scoring, sessions  # noqa: E402, F401  (the routes register on bp)
