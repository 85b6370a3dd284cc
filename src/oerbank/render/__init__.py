"""Turn validated records into the site's pages: pure functions, no MkDocs in here."""
