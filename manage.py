#!/usr/bin/env python
"""Django's command-line utility for LabourDesk."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - read settings now to fail fast on bad variables
    except ImproperlyConfigured as exc:
        # One line naming the variable, not a traceback.
        sys.stderr.write(f"configuration error: {exc}\n")
        sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
