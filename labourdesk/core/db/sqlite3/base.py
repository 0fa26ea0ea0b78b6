"""Django's SQLite backend, with one dedicated path that may empty the audit log.

The audit log is append-only in the database itself. PostgreSQL refuses UPDATE and DELETE with a
row trigger, and the test runner's flush passes because it uses TRUNCATE, which row triggers do
not see. SQLite has no TRUNCATE: its flush is `DELETE FROM <table>`. So the SQLite DELETE trigger
(core migration 0003) asks `labourdesk_audit_flushing()`, a function that only our connections
define, and that answers 1 only while `execute_sql_flush` (the flush command, which the test
runner uses between transactional tests) is running on that connection. A raw DELETE from
anywhere else, including the sqlite3 shell, where the function does not exist, is refused.
"""

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list):
        self.connection.audit_flushing = True
        try:
            return super().execute_sql_flush(sql_list)
        finally:
            self.connection.audit_flushing = False


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit_flushing = False

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        conn.create_function(
            "labourdesk_audit_flushing", 0, lambda: 1 if self.audit_flushing else 0
        )
        return conn
