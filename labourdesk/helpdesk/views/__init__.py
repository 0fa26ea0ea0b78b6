"""Helpdesk pages: public (ask, private link) and the staff workspace, split by resource."""
