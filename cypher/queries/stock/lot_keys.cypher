// Purpose: the lots that may still be in the plant (not destroyed; partly shipped ones may have stock left), optionally of one material, for the stock list and the FIFO / FEFO comparison
// Params: material (a Material id, or null for every material)
// Returns: key
MATCH (i:Lot)
WHERE ($material IS NULL OR i.material = $material)
  AND NOT coalesce(i.status, '') IN ['destroyed', 'disposed']
RETURN i.key AS key
ORDER BY key
