"""Trust: API keys and roles, the audit trail, and erasure of a family."""
