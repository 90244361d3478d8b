// Purpose: find the traceable object(s) a user's identifier names: canonical key, id as captured, code, or supplier lot number
// Params: id (as given), key (its canonical key), supplier (a Supplier id to confine the search to that supplier's objects, or null)
// Returns: key, id, kind, code, material, rank (0 exact id, 1 code, 2 supplier lot); only the best rank
CALL () {
  MATCH (i:Item {key: $key}) RETURN i, 0 AS rank
  UNION
  MATCH (i:Item {id: $id}) RETURN i, 0 AS rank
  UNION
  MATCH (i:Item {code: $id}) RETURN i, 1 AS rank
  UNION
  MATCH (i:Lot {supplierLot: $id}) RETURN i, 2 AS rank
}
WITH i, min(rank) AS rank
WHERE $supplier IS NULL OR EXISTS { (i)-[:SUPPLIED_BY]->(:Supplier {id: $supplier}) }
ORDER BY rank, i.key
WITH collect({i: i, rank: rank}) AS found
UNWIND [x IN found WHERE x.rank = found[0].rank] AS x
RETURN x.i.key AS key, x.i.id AS id, x.i.kind AS kind, x.i.code AS code, x.i.material AS material, x.rank AS rank
