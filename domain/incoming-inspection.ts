// The seeded 'incoming-inspection' workflow: a received lot waits for quality's inspection, whose
// decision (the capture form 'incoming-inspection' with the decision preset) releases, rejects
// or conditionally releases it.
import type { Role } from './roles.ts';
import type { WorkflowDraft } from './workflow.ts';

export const INCOMING_INSPECTION_WORKFLOW = 'incoming-inspection';
export const INCOMING_INSPECTION_FORM = 'incoming-inspection';
export const INSPECTION_DECISIONS = ['release', 'reject', 'conditional_release'] as const;
export type InspectionDecision = (typeof INSPECTION_DECISIONS)[number];

const QUALITY: Role[] = ['quality_engineer', 'admin'];

export const INCOMING_INSPECTION_DEFINITION: WorkflowDraft = {
  key: INCOMING_INSPECTION_WORKFLOW,
  title: 'Incoming inspection',
  description:
    'A received lot stays in quarantine until quality releases, rejects or conditionally releases it.',
  initial: 'awaiting_inspection',
  states: [
    {
      name: 'awaiting_inspection',
      label: 'Awaiting inspection',
      tasks: [{ title: 'Inspect the received lot', role: 'quality_engineer', dueHours: 24 }],
    },
    { name: 'released', label: 'Released', final: true },
    { name: 'rejected', label: 'Rejected', final: true },
    { name: 'conditionally_released', label: 'Conditionally released', final: true },
  ],
  transitions: [
    {
      name: 'release',
      label: 'Release',
      from: ['awaiting_inspection'],
      to: 'released',
      roles: QUALITY,
      form: INCOMING_INSPECTION_FORM,
      preset: { decision: 'release' },
    },
    {
      name: 'reject',
      label: 'Reject',
      from: ['awaiting_inspection'],
      to: 'rejected',
      roles: QUALITY,
      form: INCOMING_INSPECTION_FORM,
      preset: { decision: 'reject' },
    },
    {
      name: 'conditional_release',
      label: 'Conditional release',
      from: ['awaiting_inspection'],
      to: 'conditionally_released',
      roles: QUALITY,
      form: INCOMING_INSPECTION_FORM,
      preset: { decision: 'conditional_release' },
    },
  ],
};
