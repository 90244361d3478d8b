// Trace explorer: where an object came from (backward) and where it went (forward) as a layered
// graph, upstream left and downstream right, or as tables. The address holds what is traced, the
// direction and the selected node (?id=…&dir=forward&sel=…), so a view can be shared and Back
// works, and so do the renderer (&render=canvas|webgl, automatic by size when absent) and a
// large scope shown whole (&show=all) instead of folded by layer. A forward trace above the
// server's limit (LOTGRAPH_TRACE_WHOLE_MAX) comes in layers: their counts, the first page of the
// first two, more pages on request (decision 046). Expanded neighbourhoods, opened groups,
// fetched pages and paths belong to the moment and are not kept.
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { traceForwardLayer } from '../api/endpoints.ts';
import type { Candidate, TraceAnswer, TraceLayerPage } from '../api/types.ts';
import { useUser } from '../auth/session.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import type { RendererName, TraceGraphHandle } from '../components/trace-graph.tsx';
import {
  buildModel,
  LAYER_THRESHOLD,
  layerKeyOf,
  mergeAnswers,
  shortestPath,
  type FoldMode,
} from '../components/trace-graph-model.ts';
import { KIND_LOOKS, STATE_LOOKS, WEBGL_FROM } from '../components/trace-graph-style.ts';
import { webglSupport } from '../components/webgl.ts';
import { TraceLayersTable } from '../components/trace-layers.tsx';
import { TraceLegend } from '../components/trace-legend.tsx';
import { TraceNodePanel } from '../components/trace-node-panel.tsx';
import { TraceSearch } from '../components/trace-search.tsx';
import { TraceTables } from '../components/trace-tables.tsx';
import { shortId } from '../format.ts';
import { usePageTitle } from '../hooks/use-page-title.ts';
import { LAYER_PAGE, loadTrace, shapeTrace, useTrace, type Direction } from '../hooks/use-trace.ts';
import '../styles/explorer.css';

// Cytoscape and ELK are large: they load with the first graph, not with the app.
const TraceGraph = lazy(() =>
  import('../components/trace-graph.tsx').then((m) => ({ default: m.TraceGraph })),
);

const isDirection = (v: string | null): v is Direction => v === 'backward' || v === 'forward';
const other = (d: Direction): Direction => (d === 'backward' ? 'forward' : 'backward');
type RenderChoice = 'auto' | RendererName;
const isRenderChoice = (v: string | null): v is RendererName => v === 'canvas' || v === 'webgl';
const RENDERER_NAMES: Record<RendererName, string> = { canvas: 'canvas', webgl: 'WebGL' };

/** Saves a blob as a file through a plain download link. */
function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export function TracePage() {
  usePageTitle('Trace');
  const { can } = useUser();
  const [params, setParams] = useSearchParams();
  const id = params.get('id')?.trim() ?? '';
  // `view` is what older links called the direction.
  const askedDir = params.get('dir') ?? params.get('view');
  const dir: Direction = isDirection(askedDir) ? askedDir : 'backward';
  const sel = params.get('sel');
  const asTable = params.get('as') === 'table';
  const askedRender = params.get('render');
  const renderChoice: RenderChoice = isRenderChoice(askedRender) ? askedRender : 'auto';
  const showAll = params.get('show') === 'all';
  const webgl = useMemo(() => webglSupport(), []);
  const [activeRenderer, setActiveRenderer] = useState<RendererName | null>(null);
  // Forward traces known to come whole (small enough): "every object" needs no other fetch there.
  const [whole, setWhole] = useState<ReadonlySet<string>>(new Set());
  const traceKey = `${dir}|${id}`;
  const trace = useTrace(dir, id, dir === 'forward' && showAll && !whole.has(traceKey));
  useEffect(() => {
    // (while a trace loads, the last one's answer is still shown: its `asked` says which it is)
    const d = trace.data;
    if (d?.asked === `${traceKey}|false` && !d.layers && dir === 'forward' && !whole.has(traceKey))
      setWhole((w) => new Set([...w, traceKey]));
  }, [trace.data, dir, traceKey, whole]);
  const graph = useRef<TraceGraphHandle>(null);

  // What the user added for the moment: neighbourhoods, opened groups, a path.
  const [expansions, setExpansions] = useState<Map<string, TraceAnswer>>(new Map());
  const [expanding, setExpanding] = useState<string | null>(null);
  const [expandError, setExpandError] = useState<unknown>(null);
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [pathEnds, setPathEnds] = useState<{ from: string; to: string | null } | null>(null);
  useEffect(() => {
    setExpansions(new Map());
    setOpened(new Set());
    setPathEnds(null);
    setExpandError(null);
  }, [id, dir]);

  const answer = trace.data?.answer ?? null;
  // A large forward trace comes in pages of its layers (decision 046): the first ones with the
  // trace, more on request.
  const layers = trace.data?.layers ?? null;
  // Pages fetched on request belong to the trace they were fetched for, never to the next one.
  const [more, setMore] = useState<{ of: unknown; pages: TraceLayerPage[] }>({ of: null, pages: [] });
  const [fetchingLayer, setFetchingLayer] = useState<number | null>(null);
  const [pageError, setPageError] = useState<unknown>(null);
  useEffect(() => setPageError(null), [trace.data]);
  const pages = useMemo(
    () => [...(trace.data?.pages ?? []), ...(more.of === trace.data ? more.pages : [])],
    [trace.data, more],
  );
  const paging = useMemo(() => {
    const depths = new Map<string, number>();
    const shown = new Map<number, number>();
    for (const p of pages) {
      for (const o of p.objects) depths.set(o, p.depth);
      shown.set(p.depth, Math.max(shown.get(p.depth) ?? 0, p.offset + p.objects.length));
    }
    const fetched = [...shown.values()].reduce((a, b) => a + b, 0);
    // The whole layers' counts, for the layer groups' labels ("1,000 of 80,000").
    const totals = new Map<string, number>();
    for (const l of layers?.layers ?? []) {
      totals.set(layerKeyOf({ kind: 'lot' }, l.depth), l.lots);
      totals.set(layerKeyOf({ kind: 'unit' }, l.depth), l.units);
    }
    return {
      depths,
      shown,
      fetched,
      totals,
      changed: pages.some((p) => layers !== null && p.seq !== layers.seq),
    };
  }, [pages, layers]);
  const merged = useMemo(
    () => (answer ? mergeAnswers([answer, ...pages, ...expansions.values()]) : { nodes: [], edges: [] }),
    [answer, pages, expansions],
  );
  const keep = useMemo(
    () => new Set([sel, pathEnds?.from, pathEnds?.to].filter((x): x is string => !!x)),
    [sel, pathEnds],
  );
  // A large scope opens folded by layer; &show=all draws every object.
  const large = layers !== null || merged.nodes.length > LAYER_THRESHOLD;
  const fold: FoldMode = showAll ? 'none' : large ? 'layers' : 'kinds';
  const model = useMemo(
    () =>
      buildModel(merged, answer?.root.id ?? '', opened, keep, undefined, {
        fold,
        direction: dir,
        depths: paging.depths,
        totals: paging.totals,
      }),
    [merged, answer, opened, keep, fold, dir, paging],
  );
  // Automatic: WebGL for large graphs where a GPU draws it; the canvas otherwise (decision 031).
  const wanted: RendererName =
    renderChoice === 'auto'
      ? webgl === 'hardware' && model.nodes.length + model.edges.length >= WEBGL_FROM
        ? 'webgl'
        : 'canvas'
      : renderChoice;
  const renderer: RendererName = wanted === 'webgl' && webgl === 'none' ? 'canvas' : wanted;
  const chosen = model.nodes.find((n) => n.id === sel) ?? null;
  const path = useMemo(
    () => (pathEnds?.to ? shortestPath(model, pathEnds.from, pathEnds.to) : null),
    [model, pathEnds],
  );
  const kinds = useMemo(() => new Set(model.nodes.map((n) => n.kind)), [model]);
  const shaped = useMemo(
    () => (answer ? shapeTrace(layers ? { ...answer, ...mergeAnswers([answer, ...pages]) } : answer) : null),
    [answer, layers, pages],
  );

  const fetchMore = async (depth: number) => {
    const of = trace.data;
    if (!of) return;
    setFetchingLayer(depth);
    setPageError(null);
    try {
      const page = await traceForwardLayer(id, depth, paging.shown.get(depth) ?? 0, LAYER_PAGE);
      setMore((m) => ({ of, pages: [...(m.of === of ? m.pages : []), page] }));
    } catch (err) {
      setPageError(err);
    } finally {
      setFetchingLayer(null);
    }
  };

  const set = (next: Record<string, string | null>, replace = false) => {
    const p = new URLSearchParams(params);
    p.delete('view');
    for (const [k, v] of Object.entries(next))
      if (v === null || v === '') p.delete(k);
      else p.set(k, v);
    if (p.get('dir') === 'backward') p.delete('dir');
    // The same view again (the same object found another way) adds no history entry.
    if (p.toString() !== params.toString()) setParams(p, { replace });
  };
  const traceFrom = (nextId: string, nextDir: Direction = dir) =>
    set({ id: nextId, dir: nextDir, sel: null });
  const labelOf = (nodeId: string) => model.nodes.find((n) => n.id === nodeId)?.label ?? shortId(nodeId);

  const pick = (nodeId: string, shift: boolean) => {
    const node = model.nodes.find((n) => n.id === nodeId);
    if (!node) return;
    if (pathEnds && pathEnds.to === null) {
      setPathEnds({ from: pathEnds.from, to: nodeId });
      return;
    }
    if (shift && sel && sel !== nodeId) {
      setPathEnds({ from: sel, to: nodeId });
      return;
    }
    if (node.members && node.groupKey) {
      setOpened((o) => new Set([...o, node.groupKey!]));
      return;
    }
    set({ sel: nodeId }, true);
  };

  const toggleExpand = async (nodeId: string) => {
    if (expansions.has(nodeId)) {
      setExpansions((m) => {
        const next = new Map(m);
        next.delete(nodeId);
        return next;
      });
      return;
    }
    setExpanding(nodeId);
    setExpandError(null);
    try {
      const more = await loadTrace(other(dir), nodeId);
      setExpansions((m) => new Map(m).set(nodeId, more));
    } catch (err) {
      setExpandError(err);
    } finally {
      setExpanding(null);
    }
  };

  const exportAs = async (kind: 'png' | 'svg') => {
    if (!graph.current || !answer) return;
    const name = `trace-${dir}-${fileSafe(answer.root.label)}.${kind}`;
    if (kind === 'png') download(await graph.current.png(), name);
    else download(new Blob([graph.current.svg()], { type: 'image/svg+xml' }), name);
  };

  const candidates =
    isApiError(trace.error) && trace.error.status === 409
      ? ((trace.error.details['candidates'] as Candidate[] | undefined) ?? [])
      : [];

  return (
    <section className="page wide trace-page">
      <h1>Trace</h1>
      <TraceSearch current={id} onTrace={(next) => traceFrom(next)} />

      <div className="trace-toolbar" role="toolbar" aria-label="Trace view">
        <div className="toggle" role="group" aria-label="Direction">
          <button type="button" aria-pressed={dir === 'backward'} onClick={() => set({ dir: 'backward' })}>
            Backward
          </button>
          <button type="button" aria-pressed={dir === 'forward'} onClick={() => set({ dir: 'forward' })}>
            Forward
          </button>
        </div>
        <div className="toggle" role="group" aria-label="Show as">
          <button type="button" aria-pressed={!asTable} onClick={() => set({ as: null })}>
            Graph
          </button>
          <button type="button" aria-pressed={asTable} onClick={() => set({ as: 'table' })}>
            Table
          </button>
        </div>
        {!asTable && answer && (
          <div className="toggle" role="group" aria-label="Zoom and export">
            <button type="button" onClick={() => graph.current?.fit()}>
              Fit
            </button>
            <button type="button" onClick={() => graph.current?.zoomBy(1.25)} aria-label="Zoom in">
              +
            </button>
            <button type="button" onClick={() => graph.current?.zoomBy(0.8)} aria-label="Zoom out">
              −
            </button>
            <button type="button" onClick={() => void exportAs('png')}>
              Download PNG
            </button>
            <button type="button" onClick={() => void exportAs('svg')}>
              Download SVG
            </button>
            {can('events:read') && (
              <a
                className="button"
                href={`/api/trace/export?${new URLSearchParams({ id: answer.root.id, direction: dir })}`}
                download
              >
                Events (EPCIS 2.0)
              </a>
            )}
            {opened.size > 0 && (
              <button type="button" onClick={() => setOpened(new Set())}>
                Group again
              </button>
            )}
          </div>
        )}
        {!asTable && answer && large && (
          <div className="toggle" role="group" aria-label="Large scope">
            <button type="button" aria-pressed={!showAll} onClick={() => set({ show: null })}>
              By layer
            </button>
            <button type="button" aria-pressed={showAll} onClick={() => set({ show: 'all' })}>
              Every object{layers ? ` (all ${layers.objects.toLocaleString('en')}: slow)` : ''}
            </button>
          </div>
        )}
        {!asTable && answer && (
          <div className="toggle" role="group" aria-label="Renderer">
            {(['auto', 'canvas', 'webgl'] as const).map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={renderChoice === r}
                onClick={() => set({ render: r === 'auto' ? null : r })}
              >
                {r === 'auto' ? 'Auto' : RENDERER_NAMES[r]}
              </button>
            ))}
          </div>
        )}
      </div>

      {!id && (
        <p className="muted">
          Where did this lot come from, where did it go? Type or scan a lot code, a serial number, a
          supplier’s lot number, an EPC URI or a GS1 Digital Link.
        </p>
      )}
      {trace.loading && id && (
        <p role="status" className="loading">
          Tracing {shortId(id)} {dir}… large scopes take a few seconds.
        </p>
      )}
      <ErrorMessage error={trace.error} />
      {candidates.length > 0 && (
        <div className="candidates">
          <h2>Which one?</h2>
          <ul aria-label="Candidates">
            {candidates.map((c) => (
              <li key={c.id}>
                <button type="button" className="link" onClick={() => traceFrom(c.id)}>
                  {c.code}
                </button>{' '}
                <span className="muted">
                  {c.kind}
                  {c.material ? `, ${shortId(c.material)}` : ''} — <code>{c.id}</code>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={expandError} />
      <ErrorMessage error={pageError} />

      {answer && (
        <p className="trace-summary" role="status">
          {dir === 'backward' ? 'Where it came from' : 'Where it went'}: <strong>{answer.root.label}</strong>{' '}
          <span className="muted">
            ({answer.root.kind}) ·{' '}
            {layers
              ? `${layers.objects.toLocaleString('en')} objects in ${layers.layers.length} layers, ${paging.fetched.toLocaleString('en')} of them fetched`
              : `${model.total.toLocaleString('en')} objects`}
            {model.grouped &&
              (fold === 'layers'
                ? `, folded by layer into ${model.nodes.length} nodes: a layer opens on click`
                : `, shown in ${model.nodes.length} nodes: groups open on click`)}
          </span>
        </p>
      )}
      {answer && !asTable && activeRenderer && (
        <p className="muted trace-renderer" role="status" aria-label="Renderer">
          Drawn with {RENDERER_NAMES[activeRenderer]}
          {renderChoice === 'auto'
            ? webgl === 'software'
              ? ' (chosen: WebGL here runs in software, slower than the canvas)'
              : ' (chosen by size)'
            : ''}
          {renderChoice === 'webgl' && webgl === 'software' && activeRenderer === 'webgl'
            ? ' (in software: no GPU)'
            : ''}
          {wanted === 'webgl' && activeRenderer === 'canvas'
            ? ': this browser has no WebGL, so the canvas draws instead.'
            : '.'}
        </p>
      )}
      {pathEnds && (
        <p className="notice trace-path" role="status">
          {pathEnds.to === null
            ? `Path from ${labelOf(pathEnds.from)}: now pick the other node.`
            : path
              ? `Path from ${labelOf(pathEnds.from)} to ${labelOf(pathEnds.to)}: ${path.edges.length} link${path.edges.length === 1 ? '' : 's'}, highlighted.`
              : `No path between ${labelOf(pathEnds.from)} and ${labelOf(pathEnds.to)} in this graph.`}{' '}
          <button type="button" className="small" onClick={() => setPathEnds(null)}>
            Clear path
          </button>
        </p>
      )}

      {layers && answer && (
        <TraceLayersTable
          layers={layers}
          shown={paging.shown}
          pageSize={LAYER_PAGE}
          loading={fetchingLayer}
          onMore={(depth) => void fetchMore(depth)}
        />
      )}
      {paging.changed && (
        <p className="notice" role="status">
          The genealogy changed since these layers were counted.{' '}
          <button type="button" className="small" onClick={trace.reload}>
            Trace again
          </button>
        </p>
      )}
      {answer && asTable && shaped && <TraceTables trace={shaped} />}
      {answer && (
        <div className={`trace-main${chosen ? ' with-panel' : ''}`} hidden={asTable}>
          <div className="trace-stage">
            <Suspense
              fallback={
                <p role="status" className="loading">
                  Loading the graph…
                </p>
              }
            >
              <TraceGraph
                key={renderer}
                renderer={renderer}
                onRenderer={setActiveRenderer}
                ref={graph}
                model={model}
                chosen={sel}
                path={path}
                onPick={pick}
                label={`Genealogy graph, ${dir} trace of ${answer.root.label}: ${model.nodes.length} nodes. The list of objects below it has the same nodes.`}
              />
            </Suspense>
            <div className="trace-node-list">
              <h3 id="trace-node-list-title">Objects in the graph ({model.nodes.length})</h3>
              <ul aria-labelledby="trace-node-list-title">
                {model.nodes.map((n) => (
                  <li key={n.id}>
                    <button
                      type="button"
                      className="link"
                      data-node-id={n.id}
                      data-kind={n.kind}
                      aria-pressed={n.id === sel}
                      onClick={() => pick(n.id, false)}
                    >
                      {n.label}
                    </button>{' '}
                    <span className="muted">
                      {KIND_LOOKS[n.kind]?.label ?? n.kind}
                      {n.state ? `, ${STATE_LOOKS[n.state]?.label ?? n.state}` : ''}
                      {n.members ? ', group' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
            <TraceLegend kinds={kinds} />
          </div>
          {chosen && (
            <TraceNodePanel
              node={chosen}
              direction={dir}
              mayRecall={can('recall:read')}
              mayOpen8D={can('eightd:manage')}
              mayRaiseNotices={can('notices:manage')}
              expanded={expansions.has(chosen.id)}
              expanding={expanding === chosen.id}
              pathPicking={pathEnds?.to === null && pathEnds.from === chosen.id}
              onTrace={(d) => set({ id: chosen.id, dir: d, sel: chosen.id })}
              onExpand={() => void toggleExpand(chosen.id)}
              onPathFrom={() => setPathEnds({ from: chosen.id, to: null })}
              onOpenGroup={(key) => setOpened((o) => new Set([...o, key]))}
              onClose={() => set({ sel: null }, true)}
            />
          )}
        </div>
      )}
    </section>
  );
}
