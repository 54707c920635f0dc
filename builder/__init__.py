"""coursepack's builder: load → validate → model → target writers → package."""

__version__ = "0.1.0"
