"""Analytics over the knowledge graph (DOMAIN.md's analyst questions).

Pure domain logic plus calls to the named Cypher statements in
`cypher/analytics/`; each public function answers one question in one round
trip to Neo4j. Nothing here knows about GraphQL: the API's resolvers in
`api/analytics/` call these functions and translate the results.
"""
