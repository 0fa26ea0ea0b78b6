"""Helpdesk writes. Split by resource; import from the submodules."""
