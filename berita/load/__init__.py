"""The load stage: content files to complete Articles — which files are read (listing), each one
read or taken from the cache (reading) and made into its Article (article), all of them together
and what the next build may take from them (content), those kept between builds (known_files);
the body's Markdown rendered within its limits (markup with markup_tree, markup_addresses and
markup_pruning; markup_limits, body), with curly quotes (typography), links resolved (resolve),
the author's warnings (lint), sanitising (sanitize), and the standalone pages (standalone)."""
