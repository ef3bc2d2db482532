"""The application layer: the use cases the command line, the web app and batch runs share.

Analyse files (``analyze``), report files for many calls (``reports``), import and uploads
(``imports``), batch (``batch``), CRM import (``crm``), insights (``insights``), evaluation
(``evaluation``) and the database (``database``: the only place engines are opened).
One options object (``options.AnalysisOptions``), one loop over many calls
(``loop.drive``). Functions here take typed values, return dataclasses and raise
``CallcoachError``; they never print. See docs/architecture.md.
"""
