"""Django's flush, able to empty the append-only access log on SQLite.

SQLite empties tables with DELETE, which the access log's trigger refuses; PostgreSQL uses
TRUNCATE, which row triggers do not see. The test runner flushes after every transactional
test, so on SQLite the trigger is lifted for the flush and put back after it.
"""

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import connections

from project import access_log_db


class Command(DjangoFlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        has_log = access_log_db.TABLE in connection.introspection.table_names()
        if has_log:
            access_log_db.uninstall(connection)
        try:
            return super().handle(**options)
        finally:
            if has_log:
                access_log_db.install(connection)
