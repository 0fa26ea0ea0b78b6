"""Our own date formats (FORMAT_MODULE_PATH), where Django's locale defaults do not suit us.

Django's English formats are American ("12/16/2026 10:01 p.m."); the Helpdesk's readers are
international, so English pages write dates the way the ILO's English documents do: day, month
name, year, and a 24-hour clock ("16 December 2026, 22:01"). Every other language keeps Django's
formats for it. Input formats are left to Django, so that ISO dates (<input type="date">) parse.
"""
