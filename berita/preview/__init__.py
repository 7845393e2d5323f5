"""The preview server for authors (server): builds on save, whole or only the edited articles'
pages (rebuild), watches the sources (watch), serves only its own pages (guard, files), and
reloads the author's browser."""
