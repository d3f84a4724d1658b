"""sbk-guide: how to activate and use a Chinese social security card, medical card,
electronic social security card or medical insurance code."""

__version__ = "0.3.0"
