"""The database side of the access log's integrity: triggers that refuse UPDATE and DELETE.

The application never changes or deletes a log entry; the database enforces it, so a bug, a
stray migration or a raw SQL session cannot either. Only `access_log.purge` (the one retention
path) lifts the refusal, inside its own transaction, and records what it removed.
"""

from contextlib import contextmanager

TABLE = "project_accesslogentry"

_POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()
    """,
]
_POSTGRESQL_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]

_SQLITE_TRIGGERS = {
    f"{TABLE}_no_update": "UPDATE",
    f"{TABLE}_no_delete": "DELETE",
}


def _sqlite_install() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, 'the access log is append-only: {operation} refused'); END"
        for name, operation in _SQLITE_TRIGGERS.items()
    ]


def _sqlite_uninstall() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]


def _statements(connection, *, install: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return _POSTGRESQL_INSTALL if install else _POSTGRESQL_UNINSTALL
    if connection.vendor == "sqlite":
        return _sqlite_install() if install else _sqlite_uninstall()
    raise NotImplementedError(f"No append-only trigger for {connection.vendor}.")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, install=True):
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, install=False):
            cursor.execute(statement)


@contextmanager
def unlocked(connection):
    """Lift the refusal for the current transaction only (the caller must be in one).

    PostgreSQL disables the trigger (an ACCESS EXCLUSIVE lock on the table until commit, so no
    other session writes or deletes meanwhile); SQLite drops and recreates it (DDL is
    transactional there too). A rollback restores the trigger either way.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Unlock the access log only inside a transaction.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_append_only")
            yield
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TABLE}_append_only")
    else:
        uninstall(connection)
        yield
        install(connection)
