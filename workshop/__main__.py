"""``python -m workshop``: the organisers' command line."""

from workshop.cli import main

if __name__ == "__main__":
    main()
