// The main navigation: each page and the permission it needs. New pages add a line here.
export interface NavItem {
  to: string;
  label: string;
  permission: string;
}

export const NAV: readonly NavItem[] = [
  { to: '/inbox', label: 'Inbox', permission: 'tasks:read' },
  { to: '/trace', label: 'Trace', permission: 'trace:read' },
  { to: '/recalls', label: 'Recalls', permission: 'recall:read' },
  { to: '/drills', label: 'Drills', permission: 'recall:read' },
  { to: '/fsma', label: 'FSMA 204', permission: 'recall:read' },
  { to: '/stock', label: 'Stock', permission: 'recall:read' },
  { to: '/capture', label: 'Capture', permission: 'events:capture' },
  { to: '/8d', label: '8D', permission: 'eightd:read' },
  { to: '/audits', label: 'Audits', permission: 'vda63:read' },
  { to: '/notices', label: 'Notices', permission: 'notices:read' },
  { to: '/labels', label: 'Labels', permission: 'labels:print' },
  { to: '/suppliers', label: 'Suppliers', permission: 'analytics:read' },
  { to: '/defects', label: 'Defects', permission: 'analytics:read' },
  { to: '/yield', label: 'Yield', permission: 'yield:read' },
  { to: '/spc', label: 'SPC', permission: 'analytics:read' },
  { to: '/forms', label: 'Forms', permission: 'config:write' },
  { to: '/workflows', label: 'Workflows', permission: 'config:write' },
  { to: '/admin', label: 'Admin', permission: 'users:manage' },
];
