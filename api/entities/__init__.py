"""The entity graph of the GraphQL API: one type per label, Relay connections, batched reads.

Every relationship field reads through a per-request DataLoader (`loaders.py`), so a
request costs one Cypher round trip per field per level of nesting, whatever the number
of rows it returns.
"""
