"""manage.py import_supervisory_comments PATH — CEACR comments from a CSV."""

from labourdesk.standards.importers.csv_command import CsvImportCommand
from labourdesk.standards.importers.tables import parse_comments_csv
from labourdesk.standards.services import supervisory_comments_import


class Command(CsvImportCommand):
    help = (
        "Import CEACR comments (observations, direct requests) from a CSV with the columns "
        "country,instrument,year,type,url; all rows or none; a comment already known is kept."
    )
    parse = staticmethod(parse_comments_csv)
    run = staticmethod(supervisory_comments_import)
    dataset_label = "CEACR comments"
