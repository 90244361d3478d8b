// A trace or a recall scope as an EPCIS 2.0 document a trading partner can capture: every logged
// event that names an object of the scope, as captured (JSON spelling, eventID, recordTime),
// with the master data of the identifiers they use (docs/epcis.md).
import { eventsNaming, masterDataFor } from '../../analytics/epcis-query.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import { EPCIS_CONTEXT } from '../../domain/trace-event.ts';
import { inJsonSpelling } from './epcis-query.service.ts';
import { fileSafe, type ExportFile } from './recall-export.service.ts';
import { narrowRecall, type NarrowingCriteria } from './recall-narrowing.service.ts';
import { recallScope, traceBackward, traceForward, type TraceScope, EVERYTHING } from './trace.service.ts';

type Json = Record<string, unknown>;

export const EPCIS_EXPORT_KINDS = ['recall', 'backward', 'forward'] as const;
export type EpcisExportKind = (typeof EPCIS_EXPORT_KINDS)[number];

/** Every string in a JSON value that could name master data (it has a scheme: `urn:`, `https:`, …). */
function identifiers(v: unknown, out: Set<string>): void {
  if (typeof v === 'string') {
    if (/^[a-z][a-z0-9+.-]*:/i.test(v)) out.add(v);
  } else if (Array.isArray(v)) for (const x of v) identifiers(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) identifiers(x, out);
}

/** The EPCISDocument of the events naming these objects. */
export async function epcisDocumentOf(
  db: DuckStore,
  objectIds: string[],
  now = new Date(),
): Promise<{ document: Json; events: number }> {
  const keys = [...new Set(objectIds.map(toCanonicalKey))];
  return epcisDocumentOfEvents(db, await eventsNaming(db, keys), now);
}

/** The EPCISDocument of these logged events (as captured), with the master data they name. */
export async function epcisDocumentOfEvents(
  db: DuckStore,
  rows: { event_id: string; record_time: string; body: string }[],
  now = new Date(),
): Promise<{ document: Json; events: number }> {
  const eventList = rows.map((r) => {
    const body = JSON.parse(r.body) as Json;
    return {
      ...inJsonSpelling(body),
      eventID: body['eventID'] ?? r.event_id.replace(/#errorDeclaration$/, ''),
      recordTime: r.record_time,
    };
  });
  const ids = new Set<string>();
  identifiers(eventList, ids);
  const master = await masterDataFor(db, [...ids]);
  const vocabularies = new Map<string, Json[]>();
  for (const m of master) {
    const attributes = JSON.parse(m.attributes) as Record<string, unknown>;
    const list = vocabularies.get(m.vocabulary_type) ?? [];
    list.push({
      id: m.id,
      attributes: Object.entries(attributes).map(([id, attribute]) => ({ id, attribute })),
    });
    vocabularies.set(m.vocabulary_type, list);
  }
  const document: Json = {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: now.toISOString(),
    ...(vocabularies.size
      ? {
          epcisHeader: {
            epcisMasterData: {
              vocabularyList: [...vocabularies].map(([type, vocabularyElementList]) => ({
                type,
                vocabularyElementList,
              })),
            },
          },
        }
      : {}),
    epcisBody: { eventList },
  };
  return { document, events: eventList.length };
}

export interface EpcisExportRequest {
  id: string;
  kind: EpcisExportKind;
  /** narrows a recall scope */
  criteria?: NarrowingCriteria | undefined;
  scope?: TraceScope;
}

/**
 * The events of a recall scope (narrowed when criteria are given), or of a backward or forward
 * trace, as an EPCIS 2.0 JSON-LD file.
 */
export async function exportEpcis(
  stores: { graph: GraphStore; duck: DuckStore },
  req: EpcisExportRequest,
  now = new Date(),
): Promise<ExportFile> {
  let objects: string[];
  let code: string;
  if (req.kind === 'recall') {
    const narrowed = req.criteria ? await narrowRecall(stores, req.id, req.criteria) : null;
    const scope = narrowed ? narrowed.scope : await recallScope(stores.graph, req.id);
    objects = [scope.root.id, ...scope.lots, ...scope.units, ...scope.containers].map((o) =>
      typeof o === 'string' ? o : o.id,
    );
    code = `recall-${fileSafe(scope.root.code)}${narrowed ? '-narrowed' : ''}`;
  } else {
    const trace =
      req.kind === 'backward'
        ? await traceBackward(stores.graph, req.id, req.scope ?? EVERYTHING)
        : await traceForward(stores.graph, req.id, req.scope ?? EVERYTHING);
    // and the containers the object itself went into: their packing and shipping say where it is
    const own = await recallScope(stores.graph, req.id);
    objects = [trace.root.id, ...trace.nodes.map((n) => n.id), ...own.containers.map((c) => c.id)];
    code = `trace-${req.kind}-${fileSafe(trace.root.label ?? trace.root.id)}`;
  }
  const { document } = await epcisDocumentOf(stores.duck, objects, now);
  return {
    filename: `${code}.epcis.jsonld`,
    contentType: 'application/ld+json',
    body: Buffer.from(JSON.stringify(document, null, 1)),
  };
}
