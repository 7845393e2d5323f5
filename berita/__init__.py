"""berita: a static site generator for campus news."""

__version__ = "0.1.0"
