// Drops the uniqueness constraint on Agency ids (one of the schema's), if it exists.
// Only the loader's tests use it, to show that a load refuses to write without the
// schema; they re-apply the schema afterwards. Parameters: none.
DROP CONSTRAINT agency_id IF EXISTS
