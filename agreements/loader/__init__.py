"""The dataset loader: reads the curated files (dataset/*.json) into the database, as often as one likes.

`schema` describes each record type's file, `engine` loads them by those descriptions; the `load_dataset`
management command only parses its arguments and calls `load`.
"""

from agreements.loader.engine import load, summary
from agreements.loader.entries import DataError

__all__ = ["DataError", "load", "summary"]
