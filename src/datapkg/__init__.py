"""datapkg: a source-grounded dataset of the 2025 US-Russia-Ukraine diplomatic track."""

__version__ = "0.1.0"
