"""What each web page shows, as plain immutable data built from stored calls and reports.

Pure functions: no request, no database, no FastAPI. The page routes (``callcoach.web.pages``)
read storage through ``callcoach.web.views.data``, check who may see what, and hand the
results to these functions; the templates only lay the result out.
"""
