"""Stewards' writes: create/update/delete of entities and relationships, recordInteraction."""
