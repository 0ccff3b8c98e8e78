"""The entity graph of the GraphQL API, generated from the model and answered in one statement.

`shape.py` declares per label what the model (`kb/domain/model.py`) cannot say; `inputs.py`,
`types.py` and `query.py` generate the schema from both. A request's entity root fields are
planned (`plan.py`), translated into one Cypher statement (`translate.py`), run in one read
transaction (`reads.py`), shaped (`answer.py`) and audited (`request.py`, through
`api.security.family_reads`); `python -m api.entities.explain` prints the statement.
"""
