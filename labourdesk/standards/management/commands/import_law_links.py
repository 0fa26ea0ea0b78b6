"""manage.py import_law_links PATH — national labour law links from a CSV."""

from labourdesk.standards.importers.csv_command import CsvImportCommand
from labourdesk.standards.importers.tables import parse_law_links_csv
from labourdesk.standards.services import national_law_links_import


class Command(CsvImportCommand):
    help = (
        "Import national labour law links (NATLEX-style) from a CSV with the columns "
        "country,title,year,subject,url; all rows or none; a link already known is kept."
    )
    parse = staticmethod(parse_law_links_csv)
    run = staticmethod(national_law_links_import)
    dataset_label = "National law links"
