// Label data: GET /api/labels?id=…&id=… (labels:print). The API owns the shape; this is the
// web's copy (see docs/labels.md).
import { request } from './client.ts';

export type LabelTemplate = 'finished-goods' | 'inbound-lot';

export interface Label {
  id: string;
  kind: 'lot' | 'unit' | 'container';
  code: string;
  /** the template that fits the object: inbound-lot for a lot received from a supplier */
  template: LabelTemplate;
  material: string | null;
  materialName: string | null;
  quantity: number | null;
  uom: string | null;
  /** YYYY-MM-DD */
  expiry: string | null;
  productionDate: string | null;
  supplier: { id: string; name: string | null } | null;
  supplierLot: string | null;
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  sscc: string | null;
  digitalLink: string | null;
  /** human-readable AI text `(01)…(10)…(17)…` */
  hri: string | null;
  /** the same in GS1-128 order */
  gs1128: string | null;
  /** what the QR code holds */
  qr: string;
  qrKind: 'digital-link' | 'trace-link';
  /** why the QR holds the trace link */
  note: string | null;
  contents: {
    id: string;
    kind: string;
    code: string;
    qty: number | null;
    uom: string | null;
    materialName: string | null;
  }[];
}

/** Label data for objects named by any identifier a trace accepts, in the order given. */
export const fetchLabels = (ids: string[]): Promise<{ labels: Label[] }> =>
  request('GET', `/api/labels?${ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')}`);
