"""Business rules: pure Python, no Flask, no SQLAlchemy. Data in (plain values and dataclasses), results
out with their reasons in Vietnamese, so that screens and documents can explain every outcome.

Each rule's docstring names its legal basis. Figures marked *default* in ../shared/DOMAIN.md are not
constants here: they arrive as arguments from the editable settings.
"""
