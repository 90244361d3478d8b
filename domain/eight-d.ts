// 8D problem solving as data: the steps D0–D8, the standard fields of each step's record form,
// and the '8d' workflow every case runs on (one state per step, one transition that answers it).
// Due times and which steps the supplier answers live in the workflow definition, so an admin
// changes them by saving a new version of it.
import type { FieldDef, FormInput } from './forms.ts';
import type { Role } from './roles.ts';
import type { WorkflowDraft } from './workflow.ts';

export const EIGHTD_WORKFLOW = '8d';
export const EIGHTD_STEPS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'] as const;
export type EightDStep = (typeof EIGHTD_STEPS)[number];
/** The state a case is in once D8 is answered. */
export const EIGHTD_CLOSED = 'closed';
/** The step whose answer marks the problem contained (D3), for "days to containment". */
export const CONTAINMENT_STEP: EightDStep = 'd3';

export const EIGHTD_STEP_TITLES: Record<EightDStep, string> = {
  d0: 'D0 Emergency response',
  d1: 'D1 Team',
  d2: 'D2 Problem description (5W2H)',
  d3: 'D3 Containment',
  d4: 'D4 Root cause',
  d5: 'D5 Chosen corrective actions',
  d6: 'D6 Implemented and verified actions',
  d7: 'D7 Prevention of recurrence',
  d8: 'D8 Closure and recognition',
};

/** The Ishikawa categories D4 sorts causes into. */
export const ISHIKAWA = ['man', 'machine', 'method', 'material', 'measurement', 'environment'] as const;

/** The form key of a step's answers. */
export const stepForm = (s: EightDStep) => `8d-${s}`;

const text = (name: string, label: string, required = false, help?: string): FieldDef => ({
  name,
  label,
  type: 'text',
  multiline: true,
  standard: true,
  ...(required ? { required: true } : {}),
  ...(help ? { help } : {}),
});
const line = (name: string, label: string, required = false): FieldDef => ({
  name,
  label,
  type: 'text',
  standard: true,
  ...(required ? { required: true } : {}),
});

const FIELDS: Record<EightDStep, FieldDef[]> = {
  d0: [
    text(
      'emergencyActions',
      'Emergency response actions',
      true,
      'what was done at once to protect the customer',
    ),
    { name: 'customerInformed', label: 'Customer informed', type: 'boolean', standard: true },
  ],
  d1: [
    line('champion', 'Champion', true),
    line('teamLeader', 'Team leader', true),
    text('members', 'Team members and their roles', true),
  ],
  d2: [
    text('what', 'What is the problem?', true),
    text('where', 'Where was it found?', true),
    text('when', 'When was it found?', true),
    text('who', 'Who found it, who is affected?'),
    text('why', 'Why is it a problem?'),
    text('how', 'How was it found?'),
    { name: 'howMany', label: 'How many are affected?', type: 'number', min: 0, standard: true },
  ],
  d3: [
    text('containmentActions', 'Containment actions', true, 'sorting, blocking stock, 100 % inspection …'),
    { name: 'suspectQuantity', label: 'Suspect quantity', type: 'number', min: 0, standard: true },
    { name: 'defectiveFound', label: 'Defective found', type: 'number', min: 0, standard: true },
    { name: 'effectiveFrom', label: 'Effective from', type: 'date', required: true, standard: true },
  ],
  d4: [
    line('why1', 'Why? (1)', true),
    line('why2', 'Why? (2)'),
    line('why3', 'Why? (3)'),
    line('why4', 'Why? (4)'),
    line('why5', 'Why? (5)'),
    {
      name: 'categories',
      label: 'Ishikawa categories',
      type: 'choice',
      multiple: true,
      required: true,
      standard: true,
      options: ISHIKAWA.map((c) => ({ value: c, label: c[0]!.toUpperCase() + c.slice(1) })),
    },
    text('rootCause', 'Root cause (occurrence)', true),
    text('escapePoint', 'Escape point (why it was not detected)', true),
  ],
  d5: [
    text('correctiveActions', 'Chosen corrective actions', true),
    text('verificationPlan', 'How their effect will be proven'),
  ],
  d6: [
    text('implementedActions', 'Implemented actions', true),
    { name: 'implementedOn', label: 'Implemented on', type: 'date', required: true, standard: true },
    text('verification', 'Verification of effectiveness', true),
  ],
  d7: [
    text('preventiveActions', 'Actions preventing recurrence', true),
    text('documentsUpdated', 'Documents updated (FMEA, control plan, work instructions)'),
  ],
  d8: [text('closure', 'Closure summary', true), text('recognition', 'Recognition of the team')],
};

/** The record forms of the steps, as seeded (an admin may add fields; the standard ones stay). */
export const EIGHTD_FORMS: FormInput[] = EIGHTD_STEPS.map((s) => ({
  key: stepForm(s),
  title: EIGHTD_STEP_TITLES[s],
  description: `The answers of 8D step ${s.toUpperCase()}.`,
  kind: 'record',
  fields: FIELDS[s],
}));

/** Steps the supplier answers when a case is assigned to one (D3–D7 by default). */
export const SUPPLIER_STEPS: EightDStep[] = ['d3', 'd4', 'd5', 'd6', 'd7'];
/** Hours each step is due after the case reaches it (containment within 24 hours). */
export const STEP_DUE_HOURS: Record<EightDStep, number> = {
  d0: 24,
  d1: 48,
  d2: 72,
  d3: 24,
  d4: 240,
  d5: 240,
  d6: 720,
  d7: 720,
  d8: 240,
};

const STAFF: Role[] = ['quality_engineer', 'admin'];

/** The seeded '8d' workflow. */
export const EIGHTD_DEFINITION: WorkflowDraft = {
  key: EIGHTD_WORKFLOW,
  title: '8D problem solving',
  description: 'D0 to D8; the supplier answers its steps in the portal when the case is assigned to it.',
  initial: 'd0',
  states: [
    ...EIGHTD_STEPS.map((s) => ({
      name: s,
      label: EIGHTD_STEP_TITLES[s],
      tasks: [
        {
          title: `Answer ${EIGHTD_STEP_TITLES[s]}`,
          role: 'quality_engineer' as Role,
          dueHours: STEP_DUE_HOURS[s],
          ...(SUPPLIER_STEPS.includes(s) ? { supplier: true } : {}),
        },
      ],
    })),
    { name: EIGHTD_CLOSED, label: 'Closed', final: true },
  ],
  transitions: EIGHTD_STEPS.map((s, i) => ({
    name: `answer_${s}`,
    label: `Answer ${EIGHTD_STEP_TITLES[s]}`,
    from: [s],
    to: EIGHTD_STEPS[i + 1] ?? EIGHTD_CLOSED,
    roles: STAFF,
    ...(SUPPLIER_STEPS.includes(s) ? { supplier: true } : {}),
    form: stepForm(s),
  })),
};

/** The step a state names, or null (closed, or a state an admin added). */
export const stepOfState = (state: string): EightDStep | null =>
  (EIGHTD_STEPS as readonly string[]).includes(state) ? (state as EightDStep) : null;

/** A readable case id: 8D-<year>-<number in the year, 4 digits or more>. */
export const eightDIdOf = (year: number, seq: number) => `8D-${year}-${String(seq).padStart(4, '0')}`;
