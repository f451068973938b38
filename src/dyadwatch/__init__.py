"""dyadwatch: multilingual political event coding (PLOVER/CAMEO) with evidence, and an event store."""
from .api import open  # noqa: F401,A004  (dyadwatch.open(db) → DataFrames for notebooks)
