"""Measured performance of the knowledge base, side by side with its baselines (`make bench`)."""
