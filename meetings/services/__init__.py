"""Services: the only code that writes extraction results and imports to the database."""
