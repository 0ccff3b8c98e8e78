// The schema: one uniqueness constraint on `id` for every label, and the
// indexes the loader and the analytics queries look things up by.
// Applied idempotently (IF NOT EXISTS, IF EXISTS) by `kb schema apply` and at API start-up.
// Parameters: none. Statements are separated by semicolons.
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT team_id IF NOT EXISTS FOR (n:Team) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT professional_id IF NOT EXISTS FOR (n:Professional) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT family_id IF NOT EXISTS FOR (n:Family) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT client_id IF NOT EXISTS FOR (n:Client) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT episode_id IF NOT EXISTS FOR (n:Episode) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT boundary_object_id IF NOT EXISTS FOR (n:BoundaryObject) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT perspective_id IF NOT EXISTS FOR (n:Perspective) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT tension_id IF NOT EXISTS FOR (n:Tension) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.hash IS UNIQUE;
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT write_generation_scope IF NOT EXISTS FOR (n:WriteGeneration) REQUIRE n.scope IS UNIQUE;
CREATE CONSTRAINT erased_id_hash IF NOT EXISTS FOR (n:ErasedId) REQUIRE n.hash IS UNIQUE;
CREATE INDEX agency_sector IF NOT EXISTS FOR (n:Agency) ON (n.sector);
CREATE INDEX team_type IF NOT EXISTS FOR (n:Team) ON (n.type);
CREATE INDEX professional_profession IF NOT EXISTS FOR (n:Professional) ON (n.profession);
CREATE INDEX episode_kind IF NOT EXISTS FOR (n:Episode) ON (n.kind);
CREATE INDEX interaction_at IF NOT EXISTS FOR (n:Interaction) ON (n.at);
CREATE INDEX interaction_kind IF NOT EXISTS FOR (n:Interaction) ON (n.kind);
CREATE INDEX boundary_object_kind IF NOT EXISTS FOR (n:BoundaryObject) ON (n.kind);
CREATE INDEX tension_raised_at IF NOT EXISTS FOR (n:Tension) ON (n.raisedAt);
CREATE INDEX erased_id_family IF NOT EXISTS FOR (n:ErasedId) ON (n.family);
// Each label's default sort key (api/entities/shape.py), so a root page is read in index
// order and stops after the page (`interaction_at`, `tension_raised_at` serve too).
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);
CREATE INDEX team_name IF NOT EXISTS FOR (n:Team) ON (n.name);
CREATE INDEX professional_name IF NOT EXISTS FOR (n:Professional) ON (n.name);
CREATE INDEX family_reference IF NOT EXISTS FOR (n:Family) ON (n.reference);
CREATE INDEX client_name IF NOT EXISTS FOR (n:Client) ON (n.name);
CREATE INDEX episode_opened_at IF NOT EXISTS FOR (n:Episode) ON (n.openedAt);
CREATE INDEX boundary_object_created_at IF NOT EXISTS FOR (n:BoundaryObject) ON (n.createdAt);
CREATE INDEX perspective_at IF NOT EXISTS FOR (n:Perspective) ON (n.at);
// AuditEvent keeps only its id constraint (lookups and newest-first pages go by id); its
// former index on `at`, read by no statement, cost every audit write an index entry.
DROP INDEX audit_event_at IF EXISTS
