"""The error a CRM import or deal link raises (defined with the others in callcoach.errors)."""

from __future__ import annotations

from callcoach.errors import CrmError

__all__ = ["CrmError"]
