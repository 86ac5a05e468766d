"""Contacts in and out of standard formats: vCard, CSV exports, iCalendar.

Readers turn files into neutral `ImportedContact` values plus Problems; `merge` decides what
to create; the import command writes new files only. All modules here are pure except for
reading the input bytes handed to them.
"""
