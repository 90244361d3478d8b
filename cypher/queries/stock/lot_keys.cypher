// Purpose: the lots that may still be in the plant (not destroyed, not on their way out), optionally of one material, for the stock list and the FIFO / FEFO comparison
// Params: material (a Material id, or null for every material)
// Returns: key
MATCH (i:Lot)
WHERE ($material IS NULL OR i.material = $material)
  AND NOT coalesce(i.status, '') IN ['destroyed', 'disposed', 'in_transit', 'retail_sold']
RETURN i.key AS key
ORDER BY key
