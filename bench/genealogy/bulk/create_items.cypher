// Purpose: the bulk path's objects: plain CREATE of Item nodes with their kind label, no MERGE
// Params: lots, units, containers [{ id, code }]
// Returns: nothing
CALL () {
  UNWIND $lots AS r
  CREATE (:Item:Lot {key: r.id, id: r.id, code: r.code, kind: 'lot'})
}
CALL () {
  UNWIND $units AS r
  CREATE (:Item:Unit {key: r.id, id: r.id, code: r.code, kind: 'unit'})
}
CALL () {
  UNWIND $containers AS r
  CREATE (:Item:Container {key: r.id, id: r.id, code: r.code, kind: 'container'})
}
