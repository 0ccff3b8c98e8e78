"""Writing the model's records into Neo4j, shared by the loader and the API's mutations.

`statements`: the per-label and per-type statements, built from the model at call time
(one template per kind; `kb cypher show load/nodes/Family` prints one). `elements`:
rows, the comparison with what is stored, and the writes of what is new or changed.
"""

from kb.writing import statements as statements  # adds the statement family by name
