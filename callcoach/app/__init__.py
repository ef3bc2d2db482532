"""The application layer: loops over many calls built on the library (``batch``)."""
