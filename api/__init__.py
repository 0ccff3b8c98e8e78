"""The GraphQL API over the knowledge base (FastAPI + strawberry-graphql)."""
