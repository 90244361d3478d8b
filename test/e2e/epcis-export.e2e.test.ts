// A recall scope and a trace exported as EPCIS 2.0 documents a partner can capture: the export
// passes the GS1 JSON Schema, and captured into empty stores it answers the same recall and the
// same trace as the stores it came from.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { recallScope, traceBackward } from '../../api/services/trace.service.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { lot, unit } from '../builders/epcis.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer } from '../support/server.ts';
import { openTestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/gs1-epcis-json-schema/EPCIS-JSON-Schema.json', import.meta.url), 'utf8'),
) as Json;
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);

const sortedTrace = (a: Awaited<ReturnType<typeof traceBackward>>) => ({
  root: a.root,
  nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
  edges: a.edges.map((e) => JSON.stringify(e)).sort(),
});

describe('EPCIS export of a recall scope and a trace', () => {
  it('exports what a partner imports to the same answers', async () => {
    // The plant's stores: capture, answer, export.
    const source = await openTestStores();
    const server = await startTestServer(source);
    let recallDoc: Json;
    let traceDoc: Json;
    let expectedRecall: unknown;
    let expectedTrace: unknown;
    let exportedEvents: number;
    try {
      await ingestDocument(source.stores, source.projector, plantsDocument(), { source: 'test' });
      expectedRecall = await recallScope(source.stores.graph, lot('ADD-1'));
      expectedTrace = sortedTrace(await traceBackward(source.stores.graph, unit('ECU-2')));

      const recall = await adminFetch(
        `${server.base}/api/recall/export?id=${encodeURIComponent(lot('ADD-1'))}&format=epcis`,
      );
      expect(recall.status).toBe(200);
      expect(recall.headers.get('content-type')).toContain('application/ld+json');
      expect(recall.headers.get('content-disposition')).toContain('.epcis.jsonld');
      recallDoc = (await recall.json()) as Json;
      const trace = await adminFetch(
        `${server.base}/api/trace/export?id=${encodeURIComponent(unit('ECU-2'))}&direction=backward`,
      );
      expect(trace.status).toBe(200);
      traceDoc = (await trace.json()) as Json;
      for (const d of [recallDoc, traceDoc]) expect(validate(d), JSON.stringify(validate.errors)).toBe(true);

      // the export holds exactly the logged events naming an object of the scope
      const scope = expectedRecall as Awaited<ReturnType<typeof recallScope>>;
      const named = new Set([
        scope.root.id,
        ...[...scope.lots, ...scope.units, ...scope.containers].map((o) => o.id),
      ]);
      const all = (plantsDocument()['epcisBody'] as { eventList: Json[] }).eventList;
      const mentions = (e: Json) => {
        const ids: string[] = [];
        const walk = (v: unknown) => {
          if (typeof v === 'string') ids.push(v);
          else if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object')
            for (const [k, x] of Object.entries(v))
              if (!['bizTransactionList', 'sourceList', 'destinationList'].includes(k)) walk(x);
        };
        walk(e);
        return ids.some((id) => named.has(id));
      };
      exportedEvents = (recallDoc['epcisBody'] as { eventList: unknown[] }).eventList.length;
      expect(exportedEvents).toBe(all.filter(mentions).length);

      // a supplier cannot export: whole events name other suppliers' lots
      const supplier = await tokenFor(server.base, 'supplier', { supplierId: 'urn:lotgraph:party:CHEM-A' });
      const refused = await fetch(
        `${server.base}/api/recall/export?id=${encodeURIComponent(lot('ADD-1'))}&format=epcis`,
        {
          headers: bearer(supplier),
        },
      );
      expect(refused.status).toBe(403);
    } finally {
      await server.close();
      await source.close();
    }

    // The partner's empty stores: capture the exports, answer the same.
    const partner = await openTestStores();
    try {
      const r = await ingestDocument(partner.stores, partner.projector, recallDoc, { source: 'partner' });
      expect(r.captured).toHaveLength(exportedEvents);
      await ingestDocument(partner.stores, partner.projector, traceDoc, { source: 'partner' });
      expect(await recallScope(partner.stores.graph, lot('ADD-1'))).toEqual(expectedRecall);
      expect(sortedTrace(await traceBackward(partner.stores.graph, unit('ECU-2')))).toEqual(expectedTrace);
    } finally {
      await partner.close();
    }
  });
});
