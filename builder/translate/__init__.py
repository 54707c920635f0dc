"""Course translations: units keyed by stable IDs, PO files in the course's translations/ folder.

units.py walks a loaded course and yields every translatable string (one owner of "what is
translatable"); catalog.py reads and writes the translators' PO files; checks.py judges a
translation (missing, stale, broken markup, changed answer key); apply.py builds the translated
source course the ordinary pipeline then validates, models and emits.
"""
