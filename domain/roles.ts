// Who may do what. One table of roles and permissions, read by every door (REST, GraphQL, CLI).
export const ROLES = [
  'admin',
  'quality_engineer',
  'procurement',
  'process_engineer',
  'auditor',
  'operator',
  'supplier',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  quality_engineer: 'Quality engineer',
  procurement: 'Procurement',
  process_engineer: 'Process engineer',
  auditor: 'Auditor',
  operator: 'Operator',
  supplier: 'Supplier',
};

export const PERMISSIONS = [
  'trace:read', // trace backward/forward (a supplier only its own lots)
  'recall:read', // recall scope, recall cases, drill reports
  'recall:manage', // open and update recall cases, run mock-recall drills
  'hold:write', // put stock on hold and release it
  'inspection:decide', // release, reject or conditionally release a received lot (incoming inspection)
  'tasks:read', // an inbox of workflow tasks for one's role and oneself (a supplier only its own)
  'eightd:read', // 8D cases (a supplier only its own)
  'eightd:manage', // open 8D cases, assign them to a supplier, take any step
  'eightd:respond', // answer the 8D steps assigned to one's supplier (the supplier portal)
  'notices:read', // quality notices to customers and suppliers (a supplier only its own, once sent)
  'notices:manage', // raise, send and close notices, issue links, record an answer on a party's behalf
  'notices:respond', // acknowledge the notices sent to one's supplier (the supplier portal)
  'labels:print', // print finished-goods and inbound-lot labels
  'vda63:read', // VDA 6.3 process audits (a supplier only its own completed audits, without evidence)
  'vda63:conduct', // plan process audits, answer them, link evidence, complete them, raise actions
  'vda63:export', // export a process audit's evidence pack
  'events:read', // read captured events
  'events:capture', // capture events, import files
  'analytics:read', // scorecards, Paretos, SPC (a supplier only its own figures)
  'yield:read', // yield versus parameters and input lots (all suppliers' lots: staff only)
  'graphql:read', // the GraphQL API (a supplier sees only its own lots and inspections)
  'audit:read', // read and verify the audit trail
  'audit:export', // export the audit trail as evidence
  'config:write', // scorecard weights and other settings
  'users:manage', // users, roles, other users' tokens
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF_READ: Permission[] = [
  'tasks:read',
  'eightd:read',
  'notices:read',
  'trace:read',
  'recall:read',
  'events:read',
  'analytics:read',
  'yield:read',
  'graphql:read',
  'vda63:read',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  quality_engineer: [
    ...STAFF_READ,
    'events:capture',
    'audit:read',
    'recall:manage',
    'hold:write',
    'inspection:decide',
    'eightd:manage',
    'notices:manage',
    'labels:print',
    'vda63:conduct',
    'vda63:export',
  ],
  procurement: STAFF_READ,
  process_engineer: STAFF_READ,
  auditor: [...STAFF_READ, 'audit:read', 'audit:export', 'vda63:export'],
  operator: ['events:capture', 'tasks:read', 'labels:print'],
  supplier: [
    'trace:read',
    'analytics:read',
    'graphql:read',
    'tasks:read',
    'eightd:read',
    'eightd:respond',
    'vda63:read',
    'notices:read',
    'notices:respond',
  ],
};

/** The permissions a role holds. */
export const permissionsOf = (role: Role): readonly Permission[] => GRANTS[role];

/** Who is asking: a signed-in user, a bearer token's owner, or the environment's admin token. */
export interface Principal {
  /** user id; 'env-admin' for LOTGRAPH_ADMIN_TOKEN */
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** the supplier (Supplier node id, a party URN) a supplier user belongs to; null for staff */
  supplierId: string | null;
  /** how the request proved who it is */
  via: 'session' | 'token' | 'env' | 'cli';
}

export const can = (p: Principal, perm: Permission): boolean => GRANTS[p.role].includes(perm);

/** The actor name written into the audit trail and the event log. */
export const actorOf = (p: Principal): string =>
  p.via === 'env' ? 'env:admin-token' : p.via === 'cli' ? `cli:${p.username}` : `user:${p.username}`;

// A supplier user without a supplier must see nothing, never everything.
const NO_SUPPLIER = 'urn:lotgraph:none';

/** The supplier a request is confined to, or null when it sees every supplier. */
export const supplierScope = (p: Principal): string | null =>
  p.role === 'supplier' ? (p.supplierId ?? NO_SUPPLIER) : null;
