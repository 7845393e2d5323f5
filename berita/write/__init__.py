"""The write stage: the site's files put into output/ all at once (output), only into a folder
berita owns, one build at a time (folder)."""
