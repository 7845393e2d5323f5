"""Build the news site: `python build.py --help`."""

import sys

from berita.cli import main

if __name__ == "__main__":
    sys.exit(main())
