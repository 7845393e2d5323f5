"""The index and render stages and the checks after them: Articles to the site's pages,
lists, feeds and structured data, as values (nothing here writes a file). The site's pages
are listed in pages, rendered by render in the Jinja2 environment of environment."""
