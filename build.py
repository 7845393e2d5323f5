"""Build the news site: `python build.py --help`."""

from berita.cli import run

if __name__ == "__main__":
    run()
