// The shapes the API answers with, as the web app reads them. The API owns them; these types
// are the web's copy (the web app never imports server code).

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  supplierId: string | null;
  supplierName: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Session {
  user: User;
  permissions: string[];
  csrfToken: string;
}

export interface RoleOption {
  id: string;
  label: string;
}

export interface Supplier {
  id: string;
  name: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A freshly created token: the secret is in this answer only. */
export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export interface TraceNode {
  id: string;
  kind: string;
  label: string;
  [prop: string]: unknown;
}

export interface TraceEdge {
  from: string;
  to: string;
  type: string;
  [prop: string]: unknown;
}

export interface TraceAnswer {
  root: TraceNode;
  direction: 'backward' | 'forward';
  nodes: TraceNode[];
  edges: TraceEdge[];
}

export interface QuantityLine {
  material: string | null;
  materialName: string | null;
  uom: string;
  qty: number;
}

export interface RecallLot {
  id: string;
  code: string;
  material: string | null;
  status: string | null;
  shipments: string[];
  uom: string | null;
  quantity: number;
  consumed: number;
  shipped: number;
  remaining: number;
  where: string;
}

export interface RecallUnit {
  id: string;
  code: string;
  material: string | null;
  status: string | null;
  shipments: string[];
  where: string;
}

export interface RecallScope {
  root: { id: string; kind: string; code: string };
  lots: RecallLot[];
  units: RecallUnit[];
  containers: { id: string; code: string; holdsNow: boolean; shipments: string[] }[];
  shipments: {
    id: string;
    time: string;
    customer: string | null;
    customerName: string | null;
    lots: number;
    units: number;
    quantities: QuantityLine[];
  }[];
  customers: { id: string; name: string | null; shipments: string[]; quantities: QuantityLine[] }[];
  quantities: { inStock: QuantityLine[]; wip: QuantityLine[]; shipped: QuantityLine[] };
}

/** One object a 409 names when an identifier is ambiguous. */
export interface Candidate {
  id: string;
  kind: string;
  code: string;
  material: string | null;
}
