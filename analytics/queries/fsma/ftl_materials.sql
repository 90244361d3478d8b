-- Purpose: the materials on the FDA Food Traceability List: EPCClass master data whose latest lg:ftl attribute is true
-- Params: none
-- Returns: id (material identifier)
SELECT id
FROM master_data
WHERE vocabulary_type = 'urn:epcglobal:epcis:vtype:EPCClass'
GROUP BY id
HAVING lower(CAST(arg_max(json_extract(attributes, '$."lg:ftl"'), seq) AS VARCHAR)) IN ('true', '"true"', '"yes"')
ORDER BY id
