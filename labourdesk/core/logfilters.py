"""Logging filters named in settings.LOGGING."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A 4xx answer (PermissionDenied, Http404, DRF's NotFound, a refused upload) is one line.

    Django logs a refused request at WARNING with the exception attached, which prints a whole
    traceback for what is the client's mistake, not ours. The line (status, path) stays; the
    traceback goes. 5xx records keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
