// Do strategic and operational levels meet? (DOMAIN question 12), in one round trip.
// Answers: per agency and level, the professionals who gave the agency a presence there
// in the period, with how, and the distinct families of its case work:
// - STRATEGIC: a membership (MEMBER_OF with a day in the period) of a strategic team
//   (type BOARD or PANEL, or level STRATEGIC); taking part in a strategic interaction
//   (level STRATEGIC, or a BOARD_MEETING or PANEL_MEETING) dated in the period;
// - OPERATIONAL (case work): a membership of any other team; an allocation
//   (INVOLVED_WITH with a day in the period; for its onBehalfOf agency if set); taking
//   part in any other interaction about a family, dated in the period.
// A membership's or an allocation's agency is the employer on its first day in the
// period (max(from, $fromDay)), an interaction's the employer on its day: EMPLOYED_BY
// covering the day, the most recently started if several (then the larger agency id;
// for interactions picked from each professional's employments, read once, rather than
// looked up per participation). Presences without an agency are left out.
// Cost (PROFILE at M, bench/results/2026-12-02-m-questions.md): the interactions are read
// once per professional and summed per (agency, level) inside that professional's
// subquery, so what leaves it is one row per professional and level, not one per
// participation; an interaction's family is looked up only when it is not strategic.
// Parameters: the period's $after, $before (DateTime), $firstDay, $lastDay (Date; null
// when empty) (kb.analytics.period); $fromDay (Date: the period's first day, or the
// earliest date when open; only for "first day in the period").
CALL () {
  MATCH (p:Professional)-[m:MEMBER_OF]->(t:Team)
  WHERE m.from <= $lastDay AND (m.to IS NULL OR m.to >= $firstDay)
  WITH p, t, CASE WHEN m.from > $fromDay THEN m.from ELSE $fromDay END AS day,
       t.type IN ['BOARD', 'PANEL'] OR t.level = 'STRATEGIC' AS strategic
  WITH p, t, strategic, head(COLLECT {
    MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
    WHERE e.from <= day AND (e.to IS NULL OR e.to >= day)
    RETURN a ORDER BY e.from DESC, a.id DESC
  }) AS agency
  WHERE agency IS NOT NULL
  RETURN agency, p.id AS professional, CASE WHEN strategic THEN 'STRATEGIC' ELSE 'OPERATIONAL' END AS level,
         {id: t.id, type: t.type, level: t.level, name: t.name} AS team, 0 AS interactions,
         [] AS allocated, [] AS families
  UNION ALL
  MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f:Family)
  WHERE inv.from <= $lastDay AND (inv.to IS NULL OR inv.to >= $firstDay)
  WITH p, f, inv, CASE WHEN inv.from > $fromDay THEN inv.from ELSE $fromDay END AS day
  WITH p, f, coalesce(
    head(COLLECT { MATCH (a:Agency {id: inv.onBehalfOf}) RETURN a }),
    head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= day AND (e.to IS NULL OR e.to >= day)
      RETURN a ORDER BY e.from DESC, a.id DESC
    })
  ) AS agency
  WHERE agency IS NOT NULL
  RETURN agency, p.id AS professional, 'OPERATIONAL' AS level, null AS team, 0 AS interactions,
         [f.id] AS allocated, [f.id] AS families
  UNION ALL
  MATCH (p:Professional)
  WITH p, [(p)-[e:EMPLOYED_BY]->(a:Agency) | {from: e.from, to: e.to, agency: a}] AS jobs
  CALL (p, jobs) {
    MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)
    WHERE $after <= i.at < $before
    WITH i, date(i.at) AS day, i.level = 'STRATEGIC' OR i.kind IN ['BOARD_MEETING', 'PANEL_MEETING'] AS strategic
    WITH i, day, strategic, CASE WHEN strategic THEN [] ELSE [(i)-[:CONCERNS]->(f:Family) | f] END AS about
    WHERE strategic OR about <> []
    WITH i, strategic, about, reduce(best = null, j IN jobs |
           CASE WHEN j.from <= day AND (j.to IS NULL OR j.to >= day)
                     AND (best IS NULL OR j.from > best.from
                          OR (j.from = best.from AND j.agency.id > best.agency.id))
                THEN j ELSE best END).agency AS agency
    WHERE agency IS NOT NULL
    WITH agency, strategic, count(DISTINCT i) AS interactions, collect(about) AS abouts
    RETURN agency, strategic, interactions,
           COLLECT { UNWIND abouts AS list UNWIND list AS f WITH DISTINCT f RETURN f.id } AS families
  }
  RETURN agency, p.id AS professional, CASE WHEN strategic THEN 'STRATEGIC' ELSE 'OPERATIONAL' END AS level,
         null AS team, interactions, [] AS allocated, families
}
WITH agency, level, professional, collect(DISTINCT team) AS teams, sum(interactions) AS interactions,
     collect(allocated) AS allocatedLists, collect(families) AS familyLists
WITH agency, level, professional, teams, interactions,
     COLLECT { UNWIND allocatedLists AS list UNWIND list AS family RETURN DISTINCT family } AS allocated,
     COLLECT { UNWIND familyLists AS list UNWIND list AS family RETURN DISTINCT family } AS families
WITH agency, level,
     collect({professional: professional, teams: teams, interactions: interactions,
              allocatedFamilies: size(allocated), families: size(families)}) AS people,
     collect(families) AS familyLists
RETURN agency.id AS agency, agency.name AS name, agency.sector AS sector, level, people,
       COUNT { UNWIND familyLists AS list UNWIND list AS family RETURN DISTINCT family } AS families
