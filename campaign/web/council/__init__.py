"""The council's pages: councils by decision and sessions (sessions.py), the scoring sheet (scoring.py), the
secret ballot (ballots.py), the ranking, approval and export (ranking.py)."""
