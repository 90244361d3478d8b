// Purpose: names of materials, for labelling the candidates an identifier resolves to
// Params: ids (Material ids)
// Returns: id, name (null when the master data names none)
UNWIND $ids AS mid
MATCH (m:Material {id: mid})
RETURN m.id AS id, m.name AS name
