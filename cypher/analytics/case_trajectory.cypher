// Which way did a family's case travel? (DOMAIN question 7), in one round trip.
// Answers: every way an agency engaged with the family in the period:
// - referrals: interactions about the family that were REFERRED_TO an agency,
//   dated in [$after, $before); with their referrers (participants with role
//   REFERRER: a professional with the sector of the agency employing them on the
//   referral's day, or a client with their role) and the referralSource of the
//   family's episode the referral opened (PART_OF it, on its openedAt day);
// - allocations: INVOLVED_WITH with a day in the period ($firstDay..$lastDay), for
//   the onBehalfOf agency, else the agency employing the professional on the
//   allocation's first day;
// - participations: professionals taking part in interactions about the family
//   dated in [$after, $before), for the agency employing them on that day.
// "Employing on a day": EMPLOYED_BY covering it, the most recently started if several.
// Dates and instants are ISO-8601 text (read back by kb.storage.values, far cheaper
// than the driver's temporal values). kb.analytics.trajectory orders the first
// engagements. No row when the family does not exist.
// Parameters: $familyId (string) and the period's (kb.analytics.period): $after,
// $before (DateTime, half-open; the widest bounds when open), $firstDay, $lastDay (Date:
// the first and last days it touches; null when it is empty).
MATCH (f:Family {id: $familyId})
RETURN f.id AS familyId, f.reference AS reference,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)-[:REFERRED_TO]->(a:Agency)
    WHERE $after <= i.at < $before
    RETURN {
      interaction: i.id, kind: i.kind, at: toString(i.at),
      agency: a.id, name: a.name, sector: a.sector,
      referrers: COLLECT {
        MATCH (x)-[:PARTICIPATED_IN {role: 'REFERRER'}]->(i)
        WHERE x:Professional OR x:Client
        WITH x, head(COLLECT {
          MATCH (x:Professional)-[e:EMPLOYED_BY]->(employer:Agency)
          WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
          RETURN employer ORDER BY e.from DESC, employer.id DESC
        }) AS employer
        RETURN {
          id: x.id, type: CASE WHEN x:Professional THEN 'Professional' ELSE 'Client' END,
          profession: x.profession, clientRole: CASE WHEN x:Client THEN x.role END,
          agency: employer.id, sector: employer.sector
        } ORDER BY x.id
      },
      referralSource: head(COLLECT {
        MATCH (i)-[:PART_OF]->(e:Episode)<-[:HAS_EPISODE]-(f)
        WHERE e.openedAt = date(i.at)
        RETURN e.referralSource ORDER BY e.id
      })
    }
  } AS referrals,
  COLLECT {
    MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f)
    WHERE inv.from <= $lastDay AND (inv.to IS NULL OR inv.to >= $firstDay)
    WITH p, inv, coalesce(
      head(COLLECT { MATCH (a:Agency {id: inv.onBehalfOf}) RETURN a }),
      head(COLLECT {
        MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
        WHERE e.from <= inv.from AND (e.to IS NULL OR e.to >= inv.from)
        RETURN a ORDER BY e.from DESC, a.id DESC
      })
    ) AS agency
    WHERE agency IS NOT NULL
    RETURN {
      professional: p.id, profession: p.profession, role: inv.role, from: toString(inv.from),
      to: toString(inv.to),
      agency: agency.id, name: agency.name, sector: agency.sector
    }
  } AS allocations,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)<-[:PARTICIPATED_IN]-(p:Professional)
    WHERE $after <= i.at < $before
    WITH i, p, head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
      RETURN a ORDER BY e.from DESC, a.id DESC
    }) AS agency
    WHERE agency IS NOT NULL
    RETURN {
      interaction: i.id, kind: i.kind, at: toString(i.at), professional: p.id,
      profession: p.profession,
      agency: agency.id, name: agency.name, sector: agency.sector
    }
  } AS participations
