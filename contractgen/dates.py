"""How contractgen writes a date in a document ("1 April 2018"): one form for clauses and every writer.

English month names are spelled out here rather than taken from the C library's locale, which
would print another language's months on a machine set up for it.
"""

from __future__ import annotations

from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(value: date) -> str:
    """1 April 2018"""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
