"""The @neo4j/graphql baseline of the bench: the peer server, its generated SDL, the questions
asked of both APIs and the side-by-side measurement (bench/README.md)."""
