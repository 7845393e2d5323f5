"""What lets a build redo only what changed: the cache of rendered parts (cache, memo) and
the stamp of the sources a finished build was made from (stamp)."""
