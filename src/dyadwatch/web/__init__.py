"""`dyadwatch serve`: a JSON API and an offline dashboard over the event store."""
from .app import create_app  # noqa: F401
