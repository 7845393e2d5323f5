"""Bringing an archive in: a WordPress export (WXR) or an RSS/Atom feed into ordinary articles,
with their photos, old addresses kept alive (aliases), and a report in Indonesian."""
