// The layers of a forward trace fetched in pages (decision 046): how many objects each distance
// downstream holds, how many of them are in the graph, and a button for the next page of each.
import type { TraceLayers } from '../api/types.ts';

const count = (n: number) => n.toLocaleString('en');

export function TraceLayersTable({
  layers,
  shown,
  pageSize,
  loading,
  onMore,
}: {
  layers: TraceLayers;
  /** objects of each layer in the graph now, by depth */
  shown: ReadonlyMap<number, number>;
  pageSize: number;
  /** the layer whose next page is on its way */
  loading: number | null;
  onMore: (depth: number) => void;
}) {
  return (
    <>
      <p className="trace-layers-note">
        {count(layers.objects)} objects and {count(layers.containers)} containers: too many to fetch at once.
        The graph holds the first {count(pageSize)} of the first two layers; fetch more of any layer here.
      </p>
      <table className="trace-layers">
        <caption>Layers</caption>
        <thead>
          <tr>
            <th scope="col">Steps downstream</th>
            <th scope="col">Lots</th>
            <th scope="col">Units</th>
            <th scope="col">In the graph</th>
            <th scope="col">More</th>
          </tr>
        </thead>
        <tbody>
          {layers.layers.map((l) => {
            const have = shown.get(l.depth) ?? 0;
            const next = Math.min(pageSize, l.objects - have);
            return (
              <tr key={l.depth}>
                <th scope="row">{l.depth === 0 ? 'the traced object' : l.depth}</th>
                <td className="num">{count(l.lots)}</td>
                <td className="num">{count(l.units)}</td>
                <td className="num">
                  {count(have)} of {count(l.objects)}
                </td>
                <td>
                  {next > 0 && (
                    <button
                      type="button"
                      className="small"
                      disabled={loading !== null}
                      aria-label={`Fetch ${count(next)} more of layer ${l.depth}`}
                      onClick={() => onMore(l.depth)}
                    >
                      {loading === l.depth ? 'Fetching…' : `Fetch ${count(next)} more`}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
