"""Open Arts Resource Bank: one open catalogue of arts and cultural learning resources for teachers."""

__version__ = "0.1.0"
