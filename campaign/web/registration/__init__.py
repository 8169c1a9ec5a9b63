"""Đăng ký thi đua: the unit's registration form, the office's windows and summary (views.py)."""
