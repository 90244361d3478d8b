// The main navigation: each page and the permission it needs. New pages add a line here.
export interface NavItem {
  to: string;
  label: string;
  permission: string;
}

export const NAV: readonly NavItem[] = [
  { to: '/trace', label: 'Trace', permission: 'trace:read' },
  { to: '/recalls', label: 'Recalls', permission: 'recall:read' },
  { to: '/drills', label: 'Drills', permission: 'recall:read' },
  { to: '/suppliers', label: 'Suppliers', permission: 'analytics:read' },
  { to: '/defects', label: 'Defects', permission: 'analytics:read' },
  { to: '/yield', label: 'Yield', permission: 'yield:read' },
  { to: '/spc', label: 'SPC', permission: 'analytics:read' },
  { to: '/admin', label: 'Admin', permission: 'users:manage' },
];
