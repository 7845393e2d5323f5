"""The write stage: the site's files put into output/ all at once (output), only into a folder
berita owns, one build at a time (folder), the search index made beside them (search: a bundle
per part of the articles, made by pagefind, its filters settled by pagefind_filters)."""
