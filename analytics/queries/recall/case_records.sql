-- Purpose: the records of a recall case in the order they were made, with the line each belongs to
-- Params: case_id
-- Returns: seq, shipment, material, uom, recovered, destroyed, consumed, note, recorded_by, recorded_at
SELECT
  r.seq, l.shipment, l.material, l.uom, r.recovered, r.destroyed, r.consumed, r.note, r.recorded_by, r.recorded_at
FROM recall_records r
JOIN recall_lines l ON l.case_id = r.case_id AND l.line_no = r.line_no
WHERE r.case_id = $case_id
ORDER BY r.seq
