"""The preview server for authors: builds on save, serves only its own pages (guard, files),
and reloads the author's browser."""
