"""The store of interviews: one interface (base.py), two backends behind it.

`Store.open(location)` gives an SQLite store for a path (sqlite.py, the default: nothing to set
up) and a PostgreSQL one for a `postgresql://` URL (postgres.py, a hiring team's shared store;
psycopg is imported only then). records.py describes, once, how a record maps onto rows.
"""

from reverse_interview.store.base import (
    ID_RE,
    ImportResult,
    Store,
    is_postgres,
    random_id,
)

__all__ = [
    "ID_RE",
    "ImportResult",
    "Store",
    "is_postgres",
    "random_id",
]
