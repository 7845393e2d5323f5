"""The index and render stages and the checks after them: Articles to the site's pages,
lists, feeds and structured data, as values (nothing here writes a file). The index arranges
the articles (index); the site's pages are listed in pages, rendered by render in the Jinja2
environment of environment, with breadcrumbs and ledes (newsroom) and JSON-LD (jsonld); the
files copied as they are (copies); the whole-site rules checked on the result (check)."""
