"""What lets a build redo only what changed: the cache of rendered articles, cards and photo
sizes (cache), the page fingerprints and manifest (memo), the stamp of the sources a finished
build was made from (stamp), and the .cache/ folder's layout, made once per build (workspace)."""
