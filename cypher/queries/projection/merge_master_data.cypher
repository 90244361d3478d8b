// Purpose: names and attributes of suppliers, customers, materials, equipment and locations
// Params: rows [{ label: 'Supplier'|'Customer'|'Material'|'Equipment'|'Location', id, name?, props: map }]
// Returns: nothing
UNWIND $rows AS r
FOREACH (_ IN CASE WHEN r.label = 'Supplier' THEN [1] ELSE [] END |
  MERGE (n:Supplier {id: r.id}) SET n += r.props)
FOREACH (_ IN CASE WHEN r.label = 'Customer' THEN [1] ELSE [] END |
  MERGE (n:Customer {id: r.id}) SET n += r.props)
FOREACH (_ IN CASE WHEN r.label = 'Material' THEN [1] ELSE [] END |
  MERGE (n:Material {id: r.id}) SET n += r.props)
FOREACH (_ IN CASE WHEN r.label = 'Equipment' THEN [1] ELSE [] END |
  MERGE (n:Equipment {id: r.id}) SET n += r.props)
FOREACH (_ IN CASE WHEN r.label = 'Location' THEN [1] ELSE [] END |
  MERGE (n:Location {id: r.id}) SET n += r.props)
