-- Purpose: the latest master data (vocabulary element attributes) of the given identifiers, for the header of an exported EPCIS document
-- Params: ids (JSON array of identifiers: locations, parties, materials, objects)
-- Returns: vocabulary_type, id, attributes (JSON text of the latest element with that type and id)
SELECT vocabulary_type, id, arg_max(attributes::VARCHAR, seq) AS attributes
FROM master_data
WHERE id IN (SELECT unnest(from_json($ids, '["VARCHAR"]')))
GROUP BY vocabulary_type, id
ORDER BY vocabulary_type, id
