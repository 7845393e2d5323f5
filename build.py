"""Build the news site: `python build.py --help`."""

if __name__ == "__main__":
    # Imported here: a worker process started afresh (the link-preview cards', workers.start_items)
    # imports this file again under another name, and needs none of the command line.
    from berita.cli import run

    run()
