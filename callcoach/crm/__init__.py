"""CRM deals: CSV imports (Salesforce, HubSpot, a YAML mapping for others) and call↔deal links.

See docs/crm.md for the column mappings, the amount/date rules and the linking rules.
"""

from callcoach.crm.csv_import import DealImport, RowError, load_deals, read_deals
from callcoach.crm.errors import CrmError
from callcoach.crm.linking import AmbiguousLink, LinkResult, UnlinkedCall, link_calls
from callcoach.crm.mapping import FieldMapping, builtin_mapping, load_mapping

__all__ = [
    "AmbiguousLink",
    "CrmError",
    "DealImport",
    "FieldMapping",
    "LinkResult",
    "RowError",
    "UnlinkedCall",
    "builtin_mapping",
    "link_calls",
    "load_deals",
    "load_mapping",
    "read_deals",
]
