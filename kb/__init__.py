"""Knowledge base of interagency working around children at risk."""

__version__ = "0.1.0"
