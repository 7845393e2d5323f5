"""The web editor at /admin/: Sveltia CMS, loaded from a CDN at a pinned version (editor), with a
configuration generated from the front matter schema (fields, labels) so that the form cannot
drift from it."""
