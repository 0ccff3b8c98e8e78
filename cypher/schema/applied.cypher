// Which of the schema's constraints and indexes exist and are online?
// Answers one row per index-backed schema object: its name and state.
// Parameters: none.
SHOW INDEXES YIELD name, state
RETURN name, state
