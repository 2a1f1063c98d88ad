"""ri: the Reverse Interview guide."""

__version__ = "0.1.0"
