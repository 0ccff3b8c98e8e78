// Whether any node of the knowledge model's labels is stored (provenance, key, audit and
// erasure nodes do not count): a load that begins on a database with none, and sees no
// other write since, has no stored node to compare its node rows with (`kb load`).
// Each branch looks at one label (its count, no scan). The labels are the model's
// (tests/unit check this list against `kb.domain.model.NODE_TYPES`).
// Answers one row: stored (bool). Parameters: none.
RETURN EXISTS { MATCH (:Agency) }
    OR EXISTS { MATCH (:Team) }
    OR EXISTS { MATCH (:Professional) }
    OR EXISTS { MATCH (:Family) }
    OR EXISTS { MATCH (:Client) }
    OR EXISTS { MATCH (:Episode) }
    OR EXISTS { MATCH (:Interaction) }
    OR EXISTS { MATCH (:BoundaryObject) }
    OR EXISTS { MATCH (:Perspective) }
    OR EXISTS { MATCH (:Tension) } AS stored
