"""Turn validated records into the site's pages and write them (shell.py); no docs engine in here."""
