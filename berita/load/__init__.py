"""The load stage: content files to complete Articles — the body's Markdown rendered within
its limits (markup, body), links resolved (resolve), the author's warnings (lint), sanitising."""
