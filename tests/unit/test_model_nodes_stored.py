"""`load/model_nodes_stored` (the online load's check that a database holds no node of the
model yet) names every node label of the model and nothing else, so a label added to the
model is not missed by it."""

from __future__ import annotations

import re

from kb.domain.model import NODE_TYPES
from kb.storage.cypher import statement


def test_the_check_names_exactly_the_models_node_labels():
    text = statement("load/model_nodes_stored")
    named = re.findall(r"EXISTS \{ MATCH \(:(\w+)\) \}", text)
    assert sorted(named) == sorted(node.label for node in NODE_TYPES)
    assert len(named) == len(set(named))
