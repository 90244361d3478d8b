-- The FDA FSMA 204 traceability plan (21 CFR 1.1315) of the firm whose records this installation
-- keeps (api/services/fsma-plan.service.ts, docs/fsma-204.md): every save is a new version, and no
-- version is ever edited or deleted (the rule keeps a superseded plan for two years; Lotgraph keeps
-- them all). Beside the audit trail, so a version and its audit entry commit together. Times are
-- ISO 8601 UTC strings.
CREATE TABLE IF NOT EXISTS fsma_plan_versions (
  version INTEGER PRIMARY KEY,            -- 1, 2, …
  record_procedures VARCHAR NOT NULL,     -- how the traceability records are maintained (format, place)
  ftl_identification VARCHAR NOT NULL,    -- how foods on the Food Traceability List are identified
  tlc_assignment VARCHAR NOT NULL,        -- how traceability lot codes are assigned
  contact_name VARCHAR NOT NULL,          -- the point of contact for questions about the plan
  contact_phone VARCHAR NOT NULL,
  contact_email VARCHAR NOT NULL,
  farm_maps VARCHAR,                      -- where the firm grows or raises listed foods, in words
  farm_maps_reference VARCHAR,            -- a URI of the farm maps (a document, a map service)
  notes VARCHAR,
  saved_by VARCHAR NOT NULL,
  saved_at VARCHAR NOT NULL,
  reason VARCHAR NOT NULL                 -- why this version, in the saver's words
);
