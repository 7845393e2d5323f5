"""The write stage: the site's files put into output/ all at once (output), the search index
made beside them (search)."""
