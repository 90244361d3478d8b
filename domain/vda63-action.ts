// The seeded 'vda63-action' workflow: an action raised from a VDA 6.3 finding is carried out by
// its owner (a named user, or the audited supplier's users in the portal), then quality verifies
// that it worked and closes it, or sends it back with why.
import type { Role } from './roles.ts';
import type { WorkflowDraft } from './workflow.ts';

export const VDA63_ACTION_WORKFLOW = 'vda63-action';

const QUALITY: Role[] = ['quality_engineer', 'admin'];
// Whoever owns an action may report it done: the owner's task sits in their own inbox.
const OWNERS: Role[] = ['quality_engineer', 'process_engineer', 'procurement', 'operator', 'admin'];

export const VDA63_ACTION_DEFINITION: WorkflowDraft = {
  key: VDA63_ACTION_WORKFLOW,
  title: 'Process-audit action',
  description:
    'An action raised from a VDA 6.3 finding: the owner carries it out, quality verifies that it worked.',
  initial: 'open',
  states: [
    {
      name: 'open',
      label: 'Open',
      // The due time is the one set when the action is raised; 336 h (two weeks) is the default.
      tasks: [
        { title: 'Carry out the audit action', role: 'quality_engineer', dueHours: 336, supplier: true },
      ],
    },
    {
      name: 'done',
      label: 'Done, to verify',
      tasks: [{ title: 'Verify the audit action worked', role: 'quality_engineer', dueHours: 168 }],
    },
    { name: 'verified', label: 'Verified', final: true },
  ],
  transitions: [
    {
      name: 'complete',
      label: 'Report done',
      from: ['open'],
      to: 'done',
      roles: OWNERS,
      supplier: true,
      commentRequired: true,
    },
    {
      name: 'verify',
      label: 'Verify',
      from: ['done'],
      to: 'verified',
      roles: QUALITY,
      commentRequired: true,
    },
    { name: 'reopen', label: 'Send back', from: ['done'], to: 'open', roles: QUALITY, commentRequired: true },
  ],
};
