"""One module per `oerbank` verb; each parses options, calls the library once and prints."""
