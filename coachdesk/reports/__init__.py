"""The funder's indicator report and the participant list for Statistics Sweden (SCB) and the ESF.

Figures come from SQL aggregates over the vault (``indicators``), are laid out as tables split by gender
(``layout``), and are written as PDF, XLSX or CSV (``pdf``, ``xlsx``, ``csv_table``). Plain Python on a
store: no Qt, so the command line and, later, the desktop share it.
"""
