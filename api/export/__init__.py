"""Exports: the analytics answers as files that Gephi, Cytoscape and networkx open."""
