// Purpose: every genealogy relationship an event made (consumed, produced, packed in), for the consistency check
// Params: nothing
// Returns: type, source (operation id or child key), target (object key), eventId
MATCH (o:Operation)-[r:CONSUMED|PRODUCED]->(i:Item)
RETURN type(r) AS type, o.id AS source, i.key AS target, r.eventId AS eventId
UNION ALL
MATCH (c:Item)-[r:PACKED_IN]->(p:Item)
RETURN type(r) AS type, c.key AS source, p.key AS target, r.eventId AS eventId
