// The main navigation: each page and the permission it needs. New pages add a line here.
export interface NavItem {
  to: string;
  label: string;
  permission: string;
}

export const NAV: readonly NavItem[] = [
  { to: '/trace', label: 'Trace', permission: 'trace:read' },
  { to: '/admin', label: 'Admin', permission: 'users:manage' },
];
