"""Project-wide pytest fixtures. The reusable test bases live in labourdesk/core/testing/."""

pytest_plugins = ["labourdesk.core.testing.fixtures"]
