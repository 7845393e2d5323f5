"""The web editor at /admin/: Sveltia CMS, loaded from a CDN at a pinned version, with a
configuration generated from the front matter schema so that the form cannot drift from it."""
