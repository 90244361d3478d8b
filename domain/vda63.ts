// VDA 6.3 process-audit scoring as pure code: the shape of a versioned question catalogue, the
// check of a catalogue and of an audit's answers, the compliance of elements, P6 sub-elements and
// process steps, the overall grade with its downgrading rules, and the findings to act on.
// The project ships the structure and an example catalogue in its own words, not the VDA text;
// organisations enter their own catalogue. Compliances are exact fractions until they are shown.
// See docs/vda-6-3.md.
import { AppError, type Problem } from './errors.ts';

/** The scored elements (P1, the potential analysis, is not scored and not part of a catalogue). */
export const VDA63_ELEMENTS = ['P2', 'P3', 'P4', 'P5', 'P6', 'P7'] as const;
export type Vda63ElementId = (typeof VDA63_ELEMENTS)[number];

/** P6 is audited per process step; its questions are grouped in these sub-elements. */
export const P6_SUB_ELEMENTS = ['6.1', '6.2', '6.3', '6.4', '6.5', '6.6'] as const;
export type P6SubElementId = (typeof P6_SUB_ELEMENTS)[number];

/** What each P6 sub-element looks at. */
export const P6_SUB_ELEMENT_TITLES: Record<P6SubElementId, string> = {
  '6.1': 'Process input',
  '6.2': 'Work content and process flow',
  '6.3': 'Personnel and support',
  '6.4': 'Material resources',
  '6.5': 'Effectiveness and efficiency',
  '6.6': 'Process result and output',
};

export type Vda63Score = 0 | 4 | 6 | 8 | 10;
export type Vda63Grade = 'A' | 'B' | 'C';

/** One downgrading rule: a condition on the answers or compliances and the best grade it allows. */
export type Vda63DowngradeRule =
  | {
      rule: string;
      /** a starred question scored exactly `score` */
      kind: 'starred-score';
      score: Vda63Score;
      atBest: Vda63Grade;
    }
  | {
      rule: string;
      /** any question (starred or not) scored exactly `score` */
      kind: 'any-score';
      score: Vda63Score;
      atBest: Vda63Grade;
    }
  | {
      rule: string;
      /** an element E_Pn, a P6 sub-element E_U6.x or a process step E_Uk below `below` % */
      kind: 'compliance-below';
      below: number;
      atBest: Vda63Grade;
    };

export interface Vda63Rules {
  /** the edition these values follow */
  edition: string;
  /** the scores a question may get */
  scores: readonly Vda63Score[];
  /** the score of a fully met question */
  maxScore: number;
  /** the share of an element's (or a step's) questions that must be evaluated: [numerator, denominator] */
  minEvaluated: readonly [number, number];
  /** grades from best to worst, each with the lowest E_G (in %) it needs */
  grades: readonly { grade: Vda63Grade; min: number }[];
  /** applied together; the worst grade wins */
  downgrades: readonly Vda63DowngradeRule[];
}

/** Thresholds and rules of the scoring, as data: an edition change is an edit here. */
export const VDA63_RULES: Vda63Rules = {
  edition: 'VDA 6.3:2023',
  scores: [0, 4, 6, 8, 10],
  maxScore: 10,
  minEvaluated: [2, 3],
  grades: [
    { grade: 'A', min: 90 },
    { grade: 'B', min: 80 },
    { grade: 'C', min: 0 },
  ],
  downgrades: [
    { rule: 'starred-scored-4', kind: 'starred-score', score: 4, atBest: 'B' },
    { rule: 'starred-scored-0', kind: 'starred-score', score: 0, atBest: 'C' },
    { rule: 'scored-0', kind: 'any-score', score: 0, atBest: 'B' },
    { rule: 'compliance-below-80', kind: 'compliance-below', below: 80, atBest: 'B' },
    { rule: 'compliance-below-70', kind: 'compliance-below', below: 70, atBest: 'C' },
  ],
};

// ---------------------------------------------------------------------------------------------
// Catalogue

export interface Vda63Question {
  /** 'P2.1' under P2 … P7; 'P6.<sub-element>.<n>' under P6 ('P6.1.1' is in 6.1) */
  id: string;
  /** the organisation's wording */
  text: string;
  /** a starred question is a critical one: its low scores downgrade the audit */
  starred: boolean;
}

export interface Vda63SubElement {
  id: P6SubElementId;
  questions: Vda63Question[];
}

/** P2–P5 and P7 hold their questions; P6 holds them in its sub-elements. */
export type Vda63Element =
  | { id: Exclude<Vda63ElementId, 'P6'>; title: string; questions: Vda63Question[] }
  | { id: 'P6'; title: string; subElements: Vda63SubElement[] };

export interface Vda63Catalogue {
  /** /^[a-z0-9][a-z0-9-]{0,62}$/ */
  key: string;
  /** 1, 2, … (an edit makes a new version; audits name the version they answer) */
  version: number;
  title: string;
  elements: Vda63Element[];
}

export const CATALOGUE_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

const problem = (pointer: string, reason: string): Problem => ({
  field: pointer.split('/').filter(Boolean).join('.') || 'audit',
  pointer,
  reason,
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Everything wrong with a catalogue, each named by its JSON pointer: key, version and title;
 * each of P2–P7 exactly once (P1 and others refused); P6 with its questions in sub-elements
 * 6.1–6.6 (each once, each with a question) and the others with questions of their own; at least
 * one question per element; ids unique and under their element (`P3.n`, `P6.2.n` in 6.2); a
 * non-blank text and a boolean `starred` on every question.
 */
export function validateCatalogue(c: Vda63Catalogue): Problem[] {
  const p: Problem[] = [];
  if (!isObject(c)) return [problem('', 'must be a catalogue object')];
  if (typeof c.key !== 'string' || !CATALOGUE_KEY.test(c.key))
    p.push(problem('/key', 'must be lower-case letters, digits and dashes (at most 63)'));
  if (!Number.isInteger(c.version) || c.version < 1)
    p.push(problem('/version', 'must be a whole number ≥ 1'));
  if (!isText(c.title)) p.push(problem('/title', 'is required'));
  if (!Array.isArray(c.elements)) {
    p.push(problem('/elements', 'must be a list of the elements P2–P7'));
    return p;
  }
  const seenElements = new Set<string>();
  const seenIds = new Map<string, string>();
  const checkQuestions = (qs: unknown, at: string, prefix: string, where: string) => {
    if (!Array.isArray(qs) || qs.length === 0) {
      p.push(problem(at, `${where} needs at least one question`));
      return;
    }
    qs.forEach((q: unknown, j) => {
      const qa = `${at}/${j}`;
      if (!isObject(q)) return p.push(problem(qa, 'must be a question'));
      const id = q['id'];
      const n = typeof id === 'string' && id.startsWith(prefix) ? id.slice(prefix.length) : null;
      if (typeof id !== 'string' || n === null || !/^[1-9][0-9]{0,2}$/.test(n))
        p.push(problem(`${qa}/id`, `must be ${prefix}<n> to sit under ${where}`));
      else if (seenIds.has(id)) p.push(problem(`${qa}/id`, `"${id}" is already used at ${seenIds.get(id)}`));
      else seenIds.set(id, qa);
      if (!isText(q['text'])) p.push(problem(`${qa}/text`, 'is required'));
      if (typeof q['starred'] !== 'boolean') p.push(problem(`${qa}/starred`, 'must be true or false'));
    });
  };
  c.elements.forEach((e: unknown, i) => {
    const at = `/elements/${i}`;
    if (!isObject(e)) return p.push(problem(at, 'must be an element'));
    const id = e['id'];
    if (!VDA63_ELEMENTS.includes(id as Vda63ElementId))
      return p.push(
        problem(
          `${at}/id`,
          `must be one of ${VDA63_ELEMENTS.join(', ')} (P1 is not scored), not "${String(id)}"`,
        ),
      );
    if (seenElements.has(id as string))
      return p.push(problem(`${at}/id`, `${String(id)} is in the catalogue twice`));
    seenElements.add(id as string);
    if (!isText(e['title'])) p.push(problem(`${at}/title`, 'is required'));
    if (id !== 'P6') {
      if (e['subElements'] !== undefined) p.push(problem(`${at}/subElements`, 'only P6 has sub-elements'));
      return checkQuestions(e['questions'], `${at}/questions`, `${id as string}.`, id as string);
    }
    if (e['questions'] !== undefined)
      p.push(problem(`${at}/questions`, "P6's questions belong in its sub-elements 6.1–6.6"));
    const subs = e['subElements'];
    if (!Array.isArray(subs))
      return p.push(problem(`${at}/subElements`, 'must list the sub-elements 6.1–6.6'));
    const seenSubs = new Set<string>();
    subs.forEach((s: unknown, j) => {
      const sa = `${at}/subElements/${j}`;
      if (!isObject(s)) return p.push(problem(sa, 'must be a sub-element'));
      const sid = s['id'];
      if (!P6_SUB_ELEMENTS.includes(sid as P6SubElementId))
        return p.push(problem(`${sa}/id`, `must be one of ${P6_SUB_ELEMENTS.join(', ')}`));
      if (seenSubs.has(sid as string)) return p.push(problem(`${sa}/id`, `${String(sid)} is in P6 twice`));
      seenSubs.add(sid as string);
      checkQuestions(s['questions'], `${sa}/questions`, `P${sid as string}.`, `sub-element ${sid as string}`);
    });
    for (const sid of P6_SUB_ELEMENTS)
      if (!seenSubs.has(sid)) p.push(problem(`${at}/subElements`, `sub-element ${sid} is missing`));
  });
  for (const id of VDA63_ELEMENTS)
    if (!seenElements.has(id)) p.push(problem('/elements', `element ${id} is missing`));
  return p;
}

/** A catalogue question with where it sits. */
export interface CatalogueEntry {
  element: Vda63ElementId;
  /** P6 questions only */
  subElement?: P6SubElementId;
  question: Vda63Question;
}

/** The questions of a catalogue in catalogue order, elements in P2–P7 order. */
export function questionsOf(c: Vda63Catalogue): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const id of VDA63_ELEMENTS)
    for (const e of c.elements)
      if (e.id === id) {
        if (e.id === 'P6') {
          for (const sid of P6_SUB_ELEMENTS)
            for (const s of e.subElements)
              if (s.id === sid)
                for (const q of s.questions) out.push({ element: 'P6', subElement: sid, question: q });
        } else for (const q of e.questions) out.push({ element: e.id, question: q });
      }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Example catalogue (the project's own wording, not the VDA text)

const q = (id: string, text: string, starred = false): Vda63Question => ({ id, text, starred });

/** A small, complete catalogue in the project's own words: a template to copy and reword. */
export const exampleCatalogue: Vda63Catalogue = {
  key: 'vda63-example',
  version: 1,
  title: 'Process audit (example catalogue)',
  elements: [
    {
      id: 'P2',
      title: 'Project management',
      questions: [
        q('P2.1', 'Is a project organisation with named roles and responsibilities in place?'),
        q('P2.2', 'Are the resources the project needs planned, approved and available?', true),
        q('P2.3', 'Is there a project plan agreed with the customer, and is it followed?'),
      ],
    },
    {
      id: 'P3',
      title: 'Planning of product and process development',
      questions: [
        q('P3.1', "Are the customer's requirements for the product known and assessed?", true),
        q('P3.2', 'Has the feasibility of product and process been assessed across all disciplines?'),
        q('P3.3', 'Are the development activities, their deliverables and dates planned?'),
      ],
    },
    {
      id: 'P4',
      title: 'Carrying out product and process development',
      questions: [
        q('P4.1', 'Are risk analyses of product and process done and kept up to date?', true),
        q('P4.2', 'Is a control plan prepared and released before series production?'),
        q('P4.3', 'Has a run at series conditions shown that the process is capable?'),
      ],
    },
    {
      id: 'P5',
      title: 'Supplier management',
      questions: [
        q('P5.1', 'Are only approved and qualified suppliers used?'),
        q('P5.2', "Are the customer's requirements passed on to the supply chain?", true),
        q('P5.3', "Are the suppliers' performance and quality assessed regularly?"),
      ],
    },
    {
      id: 'P6',
      title: 'Production process analysis',
      subElements: [
        {
          id: '6.1',
          questions: [
            q('P6.1.1', 'Is only released material, in the right quantity, brought to the step?'),
            q('P6.1.2', 'Is incoming material stored and identified so that it cannot be mixed up?'),
          ],
        },
        {
          id: '6.2',
          questions: [
            q('P6.2.1', 'Are the control plan requirements complete and carried out at the step?', true),
            q('P6.2.2', 'Are deviations from the process parameters detected and reacted to?'),
          ],
        },
        {
          id: '6.3',
          questions: [q('P6.3.1', 'Are the operators qualified for the work they do at the step?')],
        },
        {
          id: '6.4',
          questions: [
            q('P6.4.1', 'Are machines, tools and test equipment maintained and fit for use?'),
            q('P6.4.2', 'Is the measuring equipment calibrated and suitable for its task?', true),
          ],
        },
        {
          id: '6.5',
          questions: [q('P6.5.1', 'Are targets for the step set, followed up and acted upon?')],
        },
        {
          id: '6.6',
          questions: [
            q('P6.6.1', 'Are nonconforming parts segregated and dispositioned reliably?', true),
            q('P6.6.2', 'Is the output identified and traceable to its inputs?'),
          ],
        },
      ],
    },
    {
      id: 'P7',
      title: 'Customer support and satisfaction',
      questions: [
        q('P7.1', 'Are quality agreements with the customer met and reviewed?'),
        q('P7.2', 'Is a complaint analysed and answered in the time the customer expects?', true),
        q('P7.3', 'Is field feedback collected and used to improve product and process?'),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Audit and answers

/**
 * One answer: a score, or `score: null` for "not evaluated" with the reason why.
 * P6 answers name their process step; others name none.
 */
export interface Vda63Answer {
  questionId: string;
  /** P6 only: one of the audit's process steps */
  step?: string;
  /** one of 0, 4, 6, 8, 10; null: not evaluated */
  score: Vda63Score | null;
  /** required (non-blank) when not evaluated; a note otherwise */
  reason?: string;
}

export interface Vda63Audit {
  /** the catalogue version the answers are for */
  catalogue: { key: string; version: number };
  /** the process steps P6 is audited at, e.g. "SMT reflow", "Final test" (E_U1, E_U2, … in this order) */
  steps: string[];
  /** elements left out of this audit, each with why (e.g. P2–P4 when there is no project) */
  scopedOut?: { element: Vda63ElementId; reason: string }[];
  answers: Vda63Answer[];
}

const answerKey = (questionId: string, step: string | undefined) => `${questionId}\u0000${step ?? ''}`;
const quoted = (step: string | undefined) => (step === undefined ? '' : ` at step "${step}"`);

/**
 * Everything wrong with an audit's answers against its catalogue, each named by its JSON pointer
 * into the audit: the catalogue it names; steps (non-blank, unique, at least one when P6 is in
 * scope, none when it is not); scoped-out elements (known, once each, with a reason, not all);
 * each answer's question (known, not scoped out), step (a P6 answer names one of the steps, others
 * none), score (exactly 0, 4, 6, 8 or 10, or null with a non-blank reason); no answer twice; and
 * every in-scope question answered (every P6 question once per step).
 */
export function checkAnswers(catalogue: Vda63Catalogue, audit: Vda63Audit): Problem[] {
  const p: Problem[] = [];
  if (!isObject(audit)) return [problem('', 'must be an audit object')];
  const ref = audit.catalogue as unknown;
  if (!isObject(ref) || ref['key'] !== catalogue.key || ref['version'] !== catalogue.version)
    p.push(
      problem(
        '/catalogue',
        `must name the catalogue answered: ${catalogue.key} version ${catalogue.version}`,
      ),
    );

  const scopedOut = new Set<Vda63ElementId>();
  if (audit.scopedOut !== undefined && !Array.isArray(audit.scopedOut))
    p.push(problem('/scopedOut', 'must be a list of elements with reasons'));
  (Array.isArray(audit.scopedOut) ? audit.scopedOut : []).forEach((s: unknown, i) => {
    const at = `/scopedOut/${i}`;
    if (!isObject(s)) return p.push(problem(at, 'must be { element, reason }'));
    const el = s['element'] as Vda63ElementId;
    if (!VDA63_ELEMENTS.includes(el))
      p.push(problem(`${at}/element`, `must be one of ${VDA63_ELEMENTS.join(', ')}`));
    else if (scopedOut.has(el)) p.push(problem(`${at}/element`, `${el} is scoped out twice`));
    else scopedOut.add(el);
    if (!isText(s['reason'])) p.push(problem(`${at}/reason`, 'why the element is left out is required'));
  });
  if (scopedOut.size === VDA63_ELEMENTS.length)
    p.push(problem('/scopedOut', 'at least one element must stay in scope'));

  const steps = new Set<string>();
  if (!Array.isArray(audit.steps)) p.push(problem('/steps', 'must be a list of process steps'));
  else {
    audit.steps.forEach((s: unknown, i) => {
      if (!isText(s)) p.push(problem(`/steps/${i}`, 'a process step needs a name'));
      else if (steps.has(s)) p.push(problem(`/steps/${i}`, `the step "${s}" is listed twice`));
      else steps.add(s);
    });
    if (!scopedOut.has('P6') && audit.steps.length === 0)
      p.push(problem('/steps', 'P6 is audited per process step: list at least one'));
    if (scopedOut.has('P6') && audit.steps.length > 0)
      p.push(problem('/steps', 'P6 is scoped out: the audit has no process steps'));
  }

  const entries = new Map<string, CatalogueEntry>();
  for (const e of questionsOf(catalogue)) if (!entries.has(e.question.id)) entries.set(e.question.id, e);

  const seen = new Map<string, number>();
  if (!Array.isArray(audit.answers)) {
    p.push(problem('/answers', 'must be a list of answers'));
    return p;
  }
  audit.answers.forEach((a: unknown, i) => {
    const at = `/answers/${i}`;
    if (!isObject(a)) return p.push(problem(at, 'must be an answer { questionId, step?, score, reason? }'));
    const qid = a['questionId'];
    const entry = typeof qid === 'string' ? entries.get(qid) : undefined;
    if (!entry)
      return p.push(
        problem(
          `${at}/questionId`,
          `"${String(qid)}" is not a question of ${catalogue.key} version ${catalogue.version}`,
        ),
      );
    if (scopedOut.has(entry.element))
      return p.push(
        problem(`${at}/questionId`, `${entry.question.id} belongs to ${entry.element}, which is scoped out`),
      );
    const step = a['step'];
    if (entry.element === 'P6') {
      if (typeof step !== 'string' || !steps.has(step))
        return p.push(
          problem(
            `${at}/step`,
            step === undefined
              ? `${entry.question.id} is answered per process step: name the step`
              : `"${String(step)}" is not one of the audit's process steps`,
          ),
        );
    } else if (step !== undefined)
      p.push(problem(`${at}/step`, `only P6 questions are answered per step; ${entry.question.id} is not`));
    const score = a['score'];
    if (score === null) {
      if (!isText(a['reason']))
        p.push(problem(`${at}/reason`, 'a question not evaluated needs the reason why'));
    } else if (!VDA63_RULES.scores.includes(score as Vda63Score))
      p.push(
        problem(
          `${at}/score`,
          `must be one of ${VDA63_RULES.scores.join(', ')}, or null for not evaluated (not ${JSON.stringify(score) ?? 'missing'})`,
        ),
      );
    if (a['reason'] !== undefined && typeof a['reason'] !== 'string')
      p.push(problem(`${at}/reason`, 'must be text'));
    const k = answerKey(entry.question.id, entry.element === 'P6' ? (step as string) : undefined);
    if (seen.has(k))
      p.push(
        problem(
          at,
          `${entry.question.id}${quoted(entry.element === 'P6' ? (step as string) : undefined)} is answered twice (first at /answers/${seen.get(k)})`,
        ),
      );
    else seen.set(k, i);
  });

  for (const e of entries.values()) {
    if (scopedOut.has(e.element)) continue;
    for (const step of e.element === 'P6' ? [...steps] : [undefined])
      if (!seen.has(answerKey(e.question.id, step)))
        p.push(problem('/answers', `${e.question.id}${quoted(step)} is not answered`));
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Exact fractions (compliances are kept exact; only what is shown is rounded)

interface Fraction {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const frac = (n: bigint, d: bigint): Fraction => {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const plus = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const meanOf = (xs: Fraction[]) => {
  const s = xs.reduce(plus, frac(0n, 1n));
  return frac(s.n, s.d * BigInt(xs.length));
};
/** a < b */
const below = (a: Fraction, b: Fraction) => a.n * b.d < b.n * a.d;
// Thresholds are given in % with at most three decimals.
const ofPercent = (x: number) => frac(BigInt(Math.round(x * 1000)), 1000n);
/** Rounded half up to one decimal (compliances are never negative). */
const round1 = (a: Fraction) => Number((20n * a.n + a.d) / (2n * a.d)) / 10;

/** A compliance in %: rounded to one decimal for display, and the exact fraction it stands for. */
export interface Compliance {
  /** rounded half up to one decimal, e.g. 86.7 */
  percent: number;
  /** the exact value, e.g. "260/3" (what grades and rules compare) */
  exact: string;
}

const shown = (a: Fraction): Compliance => ({
  percent: round1(a),
  exact: a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`,
});

// ---------------------------------------------------------------------------------------------
// Scoring

interface Counted {
  /** answers counted: questions (for P6: questions × steps) */
  questions: number;
  evaluated: number;
  notEvaluated: number;
  /** E in %, or null with why */
  compliance: Compliance | null;
  why: string | null;
}

export interface ElementResult extends Counted {
  element: Vda63ElementId;
  title: string;
}

export interface SubElementResult extends Counted {
  subElement: P6SubElementId;
  title: string;
}

export interface StepResult extends Counted {
  /** E_Uk's k: 1-based position in the audit's steps */
  k: number;
  step: string;
}

export interface Downgrade {
  /** the rule's id in VDA63_RULES */
  rule: string;
  /** the grade before downgrading (from E_G) */
  from: Vda63Grade;
  /** the best grade this rule allows, or `from` when that is already worse */
  to: Vda63Grade;
  /** what fired it: the questions or elements and their values */
  reason: string;
}

export interface AuditResult {
  catalogue: { key: string; version: number };
  /** the in-scope elements, P2–P7 order */
  elements: ElementResult[];
  scopedOut: { element: Vda63ElementId; title: string; reason: string }[];
  /** P6 sub-elements over all steps (empty when P6 is scoped out) */
  subElements: SubElementResult[];
  /** P6 per process step */
  steps: StepResult[];
  evaluated: number;
  notEvaluated: number;
  /** E_G: mean of the in-scope element compliances; null when any of them has none */
  overall: Compliance | null;
  /** why there is no grade (empty when there is one) */
  noGrade: string[];
  gradeBeforeDowngrade: Vda63Grade | null;
  grade: Vda63Grade | null;
  /** every rule that fired, in VDA63_RULES order (empty when there is no grade) */
  downgrades: Downgrade[];
}

/** A scored answer of the audit, with its catalogue entry. */
interface Scored {
  entry: CatalogueEntry;
  step: string | undefined;
  score: Vda63Score | null;
}

function assertValid(catalogue: Vda63Catalogue, audit: Vda63Audit) {
  const cp = validateCatalogue(catalogue);
  if (cp.length > 0)
    throw new AppError('INVALID_INPUT', 'the VDA 6.3 catalogue is not valid', { problems: cp });
  const ap = checkAnswers(catalogue, audit);
  if (ap.length > 0)
    throw new AppError('INVALID_INPUT', "the audit's answers are not valid", { problems: ap });
}

function scoredOf(catalogue: Vda63Catalogue, audit: Vda63Audit): Scored[] {
  const byKey = new Map(audit.answers.map((a) => [answerKey(a.questionId, a.step), a]));
  const out: Scored[] = [];
  const scopedOut = new Set((audit.scopedOut ?? []).map((s) => s.element));
  for (const entry of questionsOf(catalogue)) {
    if (scopedOut.has(entry.element)) continue;
    for (const step of entry.element === 'P6' ? audit.steps : [undefined])
      out.push({ entry, step, score: byKey.get(answerKey(entry.question.id, step))!.score });
  }
  return out;
}

const [minNum, minDen] = VDA63_RULES.minEvaluated;
/** The fewest evaluated answers out of `total` that the two-thirds rule accepts. */
export const minEvaluatedOf = (total: number) => Math.ceil((total * minNum) / minDen);

/** Counts and E = Σ scores / (evaluated × 10) × 100, or null with why. */
function count(items: Scored[], what: string, twoThirds: boolean): Counted & { exact: Fraction | null } {
  const evaluated = items.filter((s) => s.score !== null);
  const sum = evaluated.reduce((t, s) => t + (s.score ?? 0), 0);
  const base = {
    questions: items.length,
    evaluated: evaluated.length,
    notEvaluated: items.length - evaluated.length,
  };
  if (twoThirds && evaluated.length * minDen < items.length * minNum)
    return {
      ...base,
      compliance: null,
      exact: null,
      why: `${what}: ${evaluated.length} of ${items.length} questions evaluated; at least ${minEvaluatedOf(items.length)} (${minNum}/${minDen}) are needed`,
    };
  if (evaluated.length === 0)
    return { ...base, compliance: null, exact: null, why: `${what}: no question evaluated` };
  const exact = frac(BigInt(sum * 100), BigInt(evaluated.length * VDA63_RULES.maxScore));
  return { ...base, compliance: shown(exact), exact, why: null };
}

const rank = (g: Vda63Grade) => VDA63_RULES.grades.findIndex((x) => x.grade === g);
const worse = (a: Vda63Grade, b: Vda63Grade) => (rank(a) >= rank(b) ? a : b);
const named = (s: Scored) => `${s.entry.question.id}${s.step === undefined ? '' : ` ("${s.step}")`}`;

/**
 * Scores an audit against its catalogue (both checked first: an AppError INVALID_INPUT with the
 * problems otherwise). Element compliance E_Pn = Σ scores / (evaluated × 10) × 100 for P2–P5 and
 * P7; P6 per process step (E_Uk over its questions) and per sub-element (E_U6.x over all steps),
 * E_P6 = mean of the E_Uk; E_G = mean of the in-scope elements. An element or step with fewer
 * than two thirds of its questions evaluated has no compliance and the audit no grade. The grade
 * (A ≥ 90, B ≥ 80, C below) is then capped by every downgrading rule of VDA63_RULES that fires;
 * the worst wins. All comparisons are on exact fractions; percentages are rounded for display.
 */
export function scoreAudit(catalogue: Vda63Catalogue, audit: Vda63Audit): AuditResult {
  assertValid(catalogue, audit);
  const scored = scoredOf(catalogue, audit);
  const scopedOut = new Map((audit.scopedOut ?? []).map((s) => [s.element, s.reason]));
  const titles = new Map(catalogue.elements.map((e) => [e.id, e.title]));

  const steps = audit.steps.map((step, i) => {
    const c = count(
      scored.filter((s) => s.entry.element === 'P6' && s.step === step),
      `process step E_U${i + 1} "${step}"`,
      true,
    );
    return { k: i + 1, step, ...c };
  });
  const subElements = scopedOut.has('P6')
    ? []
    : P6_SUB_ELEMENTS.map((sid) => {
        const c = count(
          scored.filter((s) => s.entry.subElement === sid),
          `sub-element E_U${sid}`,
          false,
        );
        return { subElement: sid, title: P6_SUB_ELEMENT_TITLES[sid], ...c };
      });

  const elements = VDA63_ELEMENTS.filter((id) => !scopedOut.has(id)).map((id) => {
    const items = scored.filter((s) => s.entry.element === id);
    let c: ReturnType<typeof count>;
    if (id !== 'P6') c = count(items, `element ${id}`, true);
    else {
      const base = count(items, 'element P6', false);
      const failed = steps.filter((s) => s.exact === null);
      c =
        failed.length > 0
          ? {
              ...base,
              compliance: null,
              exact: null,
              why: `element P6: no compliance for ${failed.map((s) => `E_U${s.k} "${s.step}"`).join(', ')}`,
            }
          : (() => {
              const exact = meanOf(steps.map((s) => s.exact!));
              return { ...base, compliance: shown(exact), exact, why: null };
            })();
    }
    return { element: id, title: titles.get(id) ?? id, ...c };
  });

  // What the compliance rules look at, in the order their reasons name them.
  const exacts = [
    ...elements.map((e) => ({ label: `E_${e.element}`, exact: e.exact })),
    ...subElements.map((s) => ({ label: `E_U${s.subElement}`, exact: s.exact })),
    ...steps.map((s) => ({ label: `E_U${s.k} "${s.step}"`, exact: s.exact })),
  ].filter((x): x is { label: string; exact: Fraction } => x.exact !== null);
  const noGrade = [
    ...elements.filter((e) => e.element !== 'P6' && e.why !== null).map((e) => e.why!),
    ...steps.filter((s) => s.why !== null).map((s) => s.why!),
  ];
  const overall = noGrade.length === 0 ? meanOf(elements.map((e) => e.exact!)) : null;
  const gradeBefore =
    overall === null ? null : VDA63_RULES.grades.find((g) => !below(overall, ofPercent(g.min)))!.grade;

  const downgrades: Downgrade[] = [];
  if (gradeBefore !== null)
    for (const r of VDA63_RULES.downgrades) {
      let reason: string | null = null;
      if (r.kind === 'starred-score' || r.kind === 'any-score') {
        const hit = scored.filter(
          (s) => s.score === r.score && (r.kind === 'any-score' || s.entry.question.starred),
        );
        if (hit.length > 0)
          reason = `${r.kind === 'starred-score' ? 'starred question' : 'question'}${hit.length > 1 ? 's' : ''} scored ${r.score}: ${hit.map(named).join(', ')}`;
      } else {
        const limit = ofPercent(r.below);
        const hit = exacts.filter((x) => below(x.exact, limit));
        if (hit.length > 0)
          reason = `below ${r.below} %: ${hit.map((x) => `${x.label} = ${round1(x.exact).toFixed(1)} %`).join(', ')}`;
      }
      if (reason !== null)
        downgrades.push({
          rule: r.rule,
          from: gradeBefore,
          to: worse(gradeBefore, r.atBest),
          reason: `${reason} (at best ${r.atBest})`,
        });
    }
  const grade = gradeBefore === null ? null : downgrades.reduce((g, d) => worse(g, d.to), gradeBefore);

  const strip = <T extends { exact: Fraction | null }>({ exact: _e, ...rest }: T) => rest;
  return {
    catalogue: { key: catalogue.key, version: catalogue.version },
    elements: elements.map(strip),
    scopedOut: VDA63_ELEMENTS.filter((id) => scopedOut.has(id)).map((id) => ({
      element: id,
      title: titles.get(id) ?? id,
      reason: scopedOut.get(id)!,
    })),
    subElements: subElements.map(strip),
    steps: steps.map(strip),
    evaluated: scored.filter((s) => s.score !== null).length,
    notEvaluated: scored.filter((s) => s.score === null).length,
    overall: overall === null ? null : shown(overall),
    noGrade,
    gradeBeforeDowngrade: gradeBefore,
    grade,
    downgrades,
  };
}

// ---------------------------------------------------------------------------------------------
// Findings

/** A question scored below full marks: something for the caller to turn into an action. */
export interface Finding {
  questionId: string;
  /** P6 findings: the process step */
  step?: string;
  score: Vda63Score;
  starred: boolean;
  text: string;
}

/**
 * Every answer scored below 10, worst score first, starred before unstarred among equal scores,
 * then in catalogue order (P6: question, then step order). Checks catalogue and answers as
 * `scoreAudit` does.
 */
export function findingsOf(catalogue: Vda63Catalogue, audit: Vda63Audit): Finding[] {
  assertValid(catalogue, audit);
  return scoredOf(catalogue, audit)
    .map((s, order) => ({ s, order }))
    .filter(({ s }) => s.score !== null && s.score < VDA63_RULES.maxScore)
    .sort(
      (a, b) =>
        a.s.score! - b.s.score! ||
        Number(b.s.entry.question.starred) - Number(a.s.entry.question.starred) ||
        a.order - b.order,
    )
    .map(({ s }) => ({
      questionId: s.entry.question.id,
      ...(s.step === undefined ? {} : { step: s.step }),
      score: s.score!,
      starred: s.entry.question.starred,
      text: s.entry.question.text,
    }));
}
