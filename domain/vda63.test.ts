import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  checkAnswers,
  exampleCatalogue,
  findingsOf,
  scoreAudit,
  validateCatalogue,
  VDA63_RULES,
  type Vda63Audit,
  type Vda63Catalogue,
  type Vda63ElementId,
  type Vda63Score,
} from './vda63.ts';

// The test catalogue: 3 questions in each of P2–P5 and P7, 7 P6 questions per process step
// (6.1 has two, the other sub-elements one each). Starred: P2.2, P3.1, P6.1.1, P7.2.
const q = (id: string, starred = false) => ({ id, text: `Question ${id}?`, starred });
const cat: Vda63Catalogue = {
  key: 'test-cat',
  version: 2,
  title: 'Test catalogue',
  elements: [
    { id: 'P2', title: 'Project', questions: [q('P2.1'), q('P2.2', true), q('P2.3')] },
    { id: 'P3', title: 'Planning', questions: [q('P3.1', true), q('P3.2'), q('P3.3')] },
    { id: 'P4', title: 'Development', questions: [q('P4.1'), q('P4.2'), q('P4.3')] },
    { id: 'P5', title: 'Suppliers', questions: [q('P5.1'), q('P5.2'), q('P5.3')] },
    {
      id: 'P6',
      title: 'Production',
      subElements: [
        { id: '6.1', questions: [q('P6.1.1', true), q('P6.1.2')] },
        { id: '6.2', questions: [q('P6.2.1')] },
        { id: '6.3', questions: [q('P6.3.1')] },
        { id: '6.4', questions: [q('P6.4.1')] },
        { id: '6.5', questions: [q('P6.5.1')] },
        { id: '6.6', questions: [q('P6.6.1')] },
      ],
    },
    { id: 'P7', title: 'Customer', questions: [q('P7.1'), q('P7.2', true), q('P7.3')] },
  ],
};
const PLAIN: Record<Exclude<Vda63ElementId, 'P6'>, string[]> = {
  P2: ['P2.1', 'P2.2', 'P2.3'],
  P3: ['P3.1', 'P3.2', 'P3.3'],
  P4: ['P4.1', 'P4.2', 'P4.3'],
  P5: ['P5.1', 'P5.2', 'P5.3'],
  P7: ['P7.1', 'P7.2', 'P7.3'],
};
const P6 = ['P6.1.1', 'P6.1.2', 'P6.2.1', 'P6.3.1', 'P6.4.1', 'P6.5.1', 'P6.6.1'];
const STEPS = ['SMT reflow', 'Final test'];

/**
 * An audit where every in-scope answer is 10 except the ones named: 'P2.1' or, for P6,
 * 'P6.1.1@Final test'; null is "not evaluated".
 */
function auditOf(
  over: Record<string, Vda63Score | null> = {},
  opts: { steps?: string[]; scopedOut?: Vda63ElementId[] } = {},
): Vda63Audit {
  const steps = opts.steps ?? STEPS;
  const out = new Set(opts.scopedOut ?? []);
  const used = new Set<string>();
  const answer = (questionId: string, step?: string) => {
    const k = step === undefined ? questionId : `${questionId}@${step}`;
    const score = k in over ? over[k]! : 10;
    used.add(k);
    return {
      questionId,
      ...(step === undefined ? {} : { step }),
      score,
      ...(score === null ? { reason: 'not seen on the day' } : {}),
    };
  };
  const answers = [
    ...(['P2', 'P3', 'P4', 'P5'] as const)
      .filter((e) => !out.has(e))
      .flatMap((e) => PLAIN[e].map((id) => answer(id))),
    ...(out.has('P6') ? [] : P6.flatMap((id) => steps.map((s) => answer(id, s)))),
    ...(out.has('P7') ? [] : PLAIN.P7.map((id) => answer(id))),
  ];
  for (const k of Object.keys(over)) if (!used.has(k)) throw new Error(`no answer ${k} in this audit`);
  return {
    catalogue: { key: 'test-cat', version: 2 },
    steps: out.has('P6') ? [] : steps,
    ...(out.size > 0 ? { scopedOut: [...out].map((element) => ({ element, reason: 'no project' })) } : {}),
    answers,
  };
}

const at = (ps: { pointer?: string; reason: string }[]) => ps.map((p) => `${p.pointer} ${p.reason}`);
const clone = <T>(x: T): T => structuredClone(x);
const percents = (r: ReturnType<typeof scoreAudit>) => ({
  elements: Object.fromEntries(r.elements.map((e) => [e.element, e.compliance?.percent ?? null])),
  subElements: Object.fromEntries(r.subElements.map((s) => [s.subElement, s.compliance?.percent ?? null])),
  steps: r.steps.map((s) => s.compliance?.percent ?? null),
  overall: r.overall?.percent ?? null,
});

describe('validateCatalogue', () => {
  it('accepts the example and the test catalogue', () => {
    expect(validateCatalogue(exampleCatalogue)).toEqual([]);
    expect(validateCatalogue(cat)).toEqual([]);
  });

  it('keeps the example small but complete: 2–4 questions an element, 1–2 a sub-element, some starred', () => {
    const all = exampleCatalogue.elements.flatMap((e) =>
      e.id === 'P6' ? e.subElements.flatMap((s) => s.questions) : e.questions,
    );
    for (const e of exampleCatalogue.elements)
      if (e.id === 'P6')
        for (const s of e.subElements) expect(s.questions.length, s.id).toBeGreaterThanOrEqual(1);
      else expect([2, 3, 4]).toContain(e.questions.length);
    const p6 = exampleCatalogue.elements.find((e) => e.id === 'P6')!;
    if (p6.id !== 'P6') throw new Error('P6 expected');
    expect(p6.subElements.map((s) => s.questions.length)).toEqual([2, 2, 1, 2, 1, 2]);
    expect(all.filter((x) => x.starred).map((x) => x.id)).toEqual([
      'P2.2',
      'P3.1',
      'P4.1',
      'P5.2',
      'P6.2.1',
      'P6.4.2',
      'P6.6.1',
      'P7.2',
    ]);
  });

  it('names a duplicate id, an id under the wrong element and a P6 question in the wrong sub-element', () => {
    const c = clone(cat) as unknown as {
      elements: { questions: { id: string }[]; subElements: { questions: { id: string }[] }[] }[];
    };
    c.elements[0]!.questions[2]!.id = 'P2.1';
    c.elements[1]!.questions[0]!.id = 'P2.9';
    c.elements[4]!.subElements[0]!.questions[1]!.id = 'P6.2.5';
    expect(at(validateCatalogue(c as unknown as Vda63Catalogue))).toEqual([
      '/elements/0/questions/2/id "P2.1" is already used at /elements/0/questions/0',
      '/elements/1/questions/0/id must be P3.<n> to sit under P3',
      '/elements/4/subElements/0/questions/1/id must be P6.1.<n> to sit under sub-element 6.1',
    ]);
  });

  it('names the same P6 id in two sub-elements', () => {
    const c = clone(cat) as unknown as { elements: { subElements: { questions: { id: string }[] }[] }[] };
    c.elements[4]!.subElements[0]!.questions.push({ ...q('P6.2.1') });
    const ps = validateCatalogue(c as unknown as Vda63Catalogue);
    expect(at(ps)).toEqual([
      '/elements/4/subElements/0/questions/2/id must be P6.1.<n> to sit under sub-element 6.1',
    ]);
    const d = clone(cat) as unknown as { elements: { subElements: { questions: unknown[] }[] }[] };
    d.elements[4]!.subElements[1]!.questions.push(q('P6.2.1'));
    expect(validateCatalogue(d as unknown as Vda63Catalogue)).toEqual([
      {
        field: 'elements.4.subElements.1.questions.1.id',
        pointer: '/elements/4/subElements/1/questions/1/id',
        reason: '"P6.2.1" is already used at /elements/4/subElements/1/questions/0',
      },
    ]);
  });

  it('needs P6 questions in sub-elements, every sub-element once, and a question in each element', () => {
    const c = clone(cat) as unknown as {
      elements: Record<string, unknown>[];
    };
    c.elements[1]!['questions'] = [];
    c.elements[4]!['questions'] = [q('P6.1')];
    const subs = c.elements[4]!['subElements'] as { id: string; questions: unknown[] }[];
    subs[2]!.id = '6.2';
    subs[5]!.questions = [];
    expect(at(validateCatalogue(c as unknown as Vda63Catalogue))).toEqual([
      '/elements/1/questions P3 needs at least one question',
      "/elements/4/questions P6's questions belong in its sub-elements 6.1–6.6",
      '/elements/4/subElements/2/id 6.2 is in P6 twice',
      '/elements/4/subElements/5/questions sub-element 6.6 needs at least one question',
      '/elements/4/subElements sub-element 6.3 is missing',
    ]);
  });

  it('refuses P1 and an element twice, names a missing element', () => {
    const c = clone(cat) as unknown as { elements: { id: string }[] };
    c.elements[0]!.id = 'P1';
    c.elements[6 - 1]!.id = 'P3';
    expect(at(validateCatalogue(c as unknown as Vda63Catalogue))).toEqual([
      '/elements/0/id must be one of P2, P3, P4, P5, P6, P7 (P1 is not scored), not "P1"',
      '/elements/5/id P3 is in the catalogue twice',
      '/elements element P2 is missing',
      '/elements element P7 is missing',
    ]);
  });

  it('checks key, version, title, question text and starred', () => {
    const c = clone(cat) as unknown as Record<string, unknown> & {
      elements: { questions: Record<string, unknown>[] }[];
    };
    c['key'] = 'Test Cat';
    c['version'] = 0;
    c['title'] = ' ';
    c.elements[0]!.questions[0]!['text'] = '';
    c.elements[0]!.questions[1]!['starred'] = 'yes';
    expect(at(validateCatalogue(c as unknown as Vda63Catalogue))).toEqual([
      '/key must be lower-case letters, digits and dashes (at most 63)',
      '/version must be a whole number ≥ 1',
      '/title is required',
      '/elements/0/questions/0/text is required',
      '/elements/0/questions/1/starred must be true or false',
    ]);
  });
});

describe('checkAnswers', () => {
  type Loose = { answers: Record<string, unknown>[] } & Record<string, unknown>;
  const loose = (a: Vda63Audit) => clone(a) as unknown as Loose;
  const check = (a: Loose) => at(checkAnswers(cat, a as unknown as Vda63Audit));
  // auditOf() order: P2.1 P2.2 P2.3 P3.1 … P5.3 (0–11), P6.1.1@SMT reflow (12), P6.1.1@Final test (13), …

  it('accepts a complete audit', () => {
    expect(checkAnswers(cat, auditOf({ 'P3.2': null }))).toEqual([]);
  });

  it('refuses scores other than 0, 4, 6, 8, 10', () => {
    const a = loose(auditOf());
    a.answers[0]!['score'] = 5;
    a.answers[1]!['score'] = '8';
    delete a.answers[2]!['score'];
    a.answers[3]!['score'] = 10.0001;
    expect(check(a)).toEqual([
      '/answers/0/score must be one of 0, 4, 6, 8, 10, or null for not evaluated (not 5)',
      '/answers/1/score must be one of 0, 4, 6, 8, 10, or null for not evaluated (not "8")',
      '/answers/2/score must be one of 0, 4, 6, 8, 10, or null for not evaluated (not missing)',
      '/answers/3/score must be one of 0, 4, 6, 8, 10, or null for not evaluated (not 10.0001)',
    ]);
  });

  it('needs a non-blank reason for "not evaluated"', () => {
    const a = loose(auditOf());
    a.answers[0]!['score'] = null;
    a.answers[1]!['score'] = null;
    a.answers[1]!['reason'] = '  ';
    expect(checkAnswers(cat, a as unknown as Vda63Audit)).toEqual([
      {
        field: 'answers.0.reason',
        pointer: '/answers/0/reason',
        reason: 'a question not evaluated needs the reason why',
      },
      {
        field: 'answers.1.reason',
        pointer: '/answers/1/reason',
        reason: 'a question not evaluated needs the reason why',
      },
    ]);
  });

  it('refuses unknown questions and steps, and steps where they do not belong', () => {
    const a = loose(auditOf());
    a.answers[0]!['questionId'] = 'P2.9';
    a.answers[1]!['step'] = 'SMT reflow';
    a.answers[12]!['step'] = 'Wave soldering';
    delete a.answers[13]!['step'];
    expect(check(a)).toEqual([
      '/answers/0/questionId "P2.9" is not a question of test-cat version 2',
      '/answers/1/step only P6 questions are answered per step; P2.2 is not',
      '/answers/12/step "Wave soldering" is not one of the audit\'s process steps',
      '/answers/13/step P6.1.1 is answered per process step: name the step',
      '/answers P2.1 is not answered',
      '/answers P6.1.1 at step "SMT reflow" is not answered',
      '/answers P6.1.1 at step "Final test" is not answered',
    ]);
  });

  it('refuses an answer twice and names every unanswered question', () => {
    const a = loose(auditOf());
    a.answers[2] = { ...a.answers[0]! };
    a.answers = a.answers.filter((x) => !(x['questionId'] === 'P6.5.1' && x['step'] === 'Final test'));
    expect(check(a)).toEqual([
      '/answers/2 P2.1 is answered twice (first at /answers/0)',
      '/answers P2.3 is not answered',
      '/answers P6.5.1 at step "Final test" is not answered',
    ]);
  });

  it('checks the catalogue named, the steps and the scope', () => {
    const a = loose(auditOf({}, { scopedOut: ['P2'] }));
    a['catalogue'] = { key: 'test-cat', version: 1 };
    a['steps'] = ['SMT reflow', 'Final test', ' ', 'SMT reflow'];
    a['scopedOut'] = [
      { element: 'P2', reason: '' },
      { element: 'P1', reason: 'x' },
    ];
    a.answers.push({ questionId: 'P2.1', score: 10 });
    expect(check(a)).toEqual([
      '/catalogue must name the catalogue answered: test-cat version 2',
      '/scopedOut/0/reason why the element is left out is required',
      '/scopedOut/1/element must be one of P2, P3, P4, P5, P6, P7',
      '/steps/2 a process step needs a name',
      '/steps/3 the step "SMT reflow" is listed twice',
      `/answers/${a.answers.length - 1}/questionId P2.1 belongs to P2, which is scoped out`,
    ]);
  });

  it('needs a process step while P6 is in scope, none when it is out, and one element in scope', () => {
    const a = loose(auditOf());
    a['steps'] = [];
    a.answers = a.answers.filter((x) => !String(x['questionId']).startsWith('P6'));
    expect(check(a)).toEqual(['/steps P6 is audited per process step: list at least one']);
    const b = loose(auditOf({}, { scopedOut: ['P6'] }));
    b['steps'] = ['Final test'];
    expect(check(b)).toEqual(['/steps P6 is scoped out: the audit has no process steps']);
    const all = { catalogue: { key: 'test-cat', version: 2 }, steps: [], answers: [] };
    const c = { ...all, scopedOut: cat.elements.map((e) => ({ element: e.id, reason: 'none' })) };
    expect(check(c as unknown as Loose)).toEqual(['/scopedOut at least one element must stay in scope']);
  });

  it('makes scoreAudit and findingsOf throw INVALID_INPUT with the problems', () => {
    const a = loose(auditOf());
    a.answers[0]!['score'] = 7;
    const bad = a as unknown as Vda63Audit;
    for (const f of [() => scoreAudit(cat, bad), () => findingsOf(cat, bad)]) {
      const e = (() => {
        try {
          f();
        } catch (x) {
          return x;
        }
        throw new Error('did not throw');
      })();
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('INVALID_INPUT');
      expect(at((e as AppError).problems)).toEqual([
        '/answers/0/score must be one of 0, 4, 6, 8, 10, or null for not evaluated (not 7)',
      ]);
    }
    const badCat = { ...cat, version: 0 };
    expect(() => scoreAudit(badCat, auditOf())).toThrow('the VDA 6.3 catalogue is not valid');
  });
});

describe('scoreAudit: compliances', () => {
  // P2: 10, 8, 6                     → 24/30                       = 80.0 %
  // P3: 10, n.e., 8                  → 18/20                       = 90.0 %
  // P4: 8, 8, 6                      → 22/30 = 73.33…              = 73.3 %  (exact 220/3)
  // P5: 10, 10, 10                   → 30/30                       = 100.0 %
  // P7: 10, 6, 8                     → 24/30                       = 80.0 %
  // P6, U1 "SMT reflow": 8 6 | 10 | 8 | 10 | n.e. | 6 → 48/60      = 80.0 %
  // P6, U2 "Final test": 10 10 | 4 | 10 | 8 | 10 | 10 → 62/70 = 88.571… = 88.6 % (exact 620/7)
  // E_P6 = (80 + 620/7) / 2 = 1180/14 = 590/7 = 84.2857…           = 84.3 %
  // 6.1: 8 6 10 10 → 34/40 = 85.0 %; 6.2: 10 4 → 14/20 = 70.0 %; 6.3: 8 10 → 90.0 %;
  // 6.4: 10 8 → 90.0 %; 6.5: n.e. 10 → 10/10 = 100.0 %; 6.6: 6 10 → 80.0 %
  // E_G = (80 + 90 + 220/3 + 100 + 590/7 + 80) / 6 = (350 + 3310/21) / 6 = 10660/126 = 5330/63
  //     = 84.603… = 84.6 % → B. Below 80: E_P4 (73.3) and E_U6.2 (70.0); nothing below 70
  // (70.0 is not below it). Answers: 15 + 14 = 29, not evaluated 2.
  const audit = auditOf({
    'P2.2': 8,
    'P2.3': 6,
    'P3.2': null,
    'P3.3': 8,
    'P4.1': 8,
    'P4.2': 8,
    'P4.3': 6,
    'P7.2': 6,
    'P7.3': 8,
    'P6.1.1@SMT reflow': 8,
    'P6.1.2@SMT reflow': 6,
    'P6.3.1@SMT reflow': 8,
    'P6.5.1@SMT reflow': null,
    'P6.6.1@SMT reflow': 6,
    'P6.2.1@Final test': 4,
    'P6.4.1@Final test': 8,
  });
  const r = scoreAudit(cat, audit);

  it('computes each element, P6 per step and per sub-element, and E_G', () => {
    expect(percents(r)).toEqual({
      elements: { P2: 80, P3: 90, P4: 73.3, P5: 100, P6: 84.3, P7: 80 },
      subElements: { '6.1': 85, '6.2': 70, '6.3': 90, '6.4': 90, '6.5': 100, '6.6': 80 },
      steps: [80, 88.6],
      overall: 84.6,
    });
    expect(r.elements.find((e) => e.element === 'P4')!.compliance).toEqual({ percent: 73.3, exact: '220/3' });
    expect(r.elements.find((e) => e.element === 'P6')!.compliance).toEqual({ percent: 84.3, exact: '590/7' });
    expect(r.steps[1]!.compliance).toEqual({ percent: 88.6, exact: '620/7' });
    expect(r.overall).toEqual({ percent: 84.6, exact: '5330/63' });
  });

  it('counts evaluated and not evaluated answers', () => {
    expect([r.evaluated, r.notEvaluated]).toEqual([27, 2]);
    expect(r.elements.map((e) => [e.element, e.questions, e.evaluated, e.notEvaluated])).toEqual([
      ['P2', 3, 3, 0],
      ['P3', 3, 2, 1],
      ['P4', 3, 3, 0],
      ['P5', 3, 3, 0],
      ['P6', 14, 13, 1],
      ['P7', 3, 3, 0],
    ]);
    expect(r.steps.map((s) => [s.k, s.step, s.questions, s.evaluated, s.notEvaluated])).toEqual([
      [1, 'SMT reflow', 7, 6, 1],
      [2, 'Final test', 7, 7, 0],
    ]);
    expect(r.subElements.find((s) => s.subElement === '6.5')).toMatchObject({
      title: 'Effectiveness and efficiency',
      questions: 2,
      evaluated: 1,
      notEvaluated: 1,
    });
  });

  it('grades B and names what is below 80 % (70.0 % is not below 70 %)', () => {
    expect(r.gradeBeforeDowngrade).toBe('B');
    expect(r.grade).toBe('B');
    expect(r.noGrade).toEqual([]);
    expect(r.downgrades).toEqual([
      {
        rule: 'compliance-below-80',
        from: 'B',
        to: 'B',
        reason: 'below 80 %: E_P4 = 73.3 %, E_U6.2 = 70.0 % (at best B)',
      },
    ]);
  });
});

describe('scoreAudit: the two-thirds rule', () => {
  it('accepts exactly two thirds of an element evaluated (2 of 3)', () => {
    const r = scoreAudit(cat, auditOf({ 'P3.2': null }));
    // P3: 20/20 = 100 %; everything else 100 % → A
    expect(r.elements.find((e) => e.element === 'P3')).toMatchObject({
      evaluated: 2,
      notEvaluated: 1,
      compliance: { percent: 100, exact: '100' },
      why: null,
    });
    expect(r.grade).toBe('A');
  });

  it('gives an element below two thirds (1 of 3) no compliance and the audit no grade', () => {
    const r = scoreAudit(cat, auditOf({ 'P3.2': null, 'P3.3': null, 'P4.1': 0 }));
    expect(r.elements.find((e) => e.element === 'P3')).toMatchObject({
      evaluated: 1,
      notEvaluated: 2,
      compliance: null,
      why: 'element P3: 1 of 3 questions evaluated; at least 2 (2/3) are needed',
    });
    expect(r.overall).toBeNull();
    expect(r.noGrade).toEqual(['element P3: 1 of 3 questions evaluated; at least 2 (2/3) are needed']);
    expect([r.gradeBeforeDowngrade, r.grade, r.downgrades]).toEqual([null, null, []]);
    // The other elements still have their compliance: P4 = 20/30 = 66.7 %
    expect(r.elements.find((e) => e.element === 'P4')!.compliance!.percent).toBe(66.7);
  });

  it('applies to each process step: 5 of 7 passes, 4 of 7 fails (two thirds of 7 is 4.67)', () => {
    const ok = scoreAudit(cat, auditOf({ 'P6.2.1@Final test': null, 'P6.3.1@Final test': null }));
    expect(ok.steps[1]).toMatchObject({ evaluated: 5, compliance: { percent: 100 } });
    expect(ok.grade).toBe('A');
    const r = scoreAudit(
      cat,
      auditOf({ 'P6.2.1@Final test': null, 'P6.3.1@Final test': null, 'P6.4.1@Final test': null }),
    );
    expect(r.steps[1]).toMatchObject({
      evaluated: 4,
      notEvaluated: 3,
      compliance: null,
      why: 'process step E_U2 "Final test": 4 of 7 questions evaluated; at least 5 (2/3) are needed',
    });
    expect(r.elements.find((e) => e.element === 'P6')).toMatchObject({
      compliance: null,
      why: 'element P6: no compliance for E_U2 "Final test"',
    });
    expect(r.noGrade).toEqual([
      'process step E_U2 "Final test": 4 of 7 questions evaluated; at least 5 (2/3) are needed',
    ]);
    expect([r.overall, r.grade]).toEqual([null, null]);
    // Sub-elements have no two-thirds rule: 6.2 = 10/10 over SMT reflow alone
    expect(r.subElements.find((s) => s.subElement === '6.2')!.compliance!.percent).toBe(100);
  });
});

describe('scoreAudit: grades and downgrading', () => {
  it('grades a clean audit A with nothing downgraded', () => {
    const r = scoreAudit(cat, auditOf());
    expect(r.overall).toEqual({ percent: 100, exact: '100' });
    expect([r.gradeBeforeDowngrade, r.grade, r.downgrades]).toEqual(['A', 'A', []]);
  });

  it('rule 1: a starred question scored 4 → at best B', () => {
    // U2 = 64/70 = 91.4 %, 6.1 = 34/40 = 85 %, E_P6 = (100 + 640/7)/2 = 670/7 = 95.7 %,
    // E_G = (500 + 670/7)/6 = 4170/42 = 99.3 % → A, capped at B
    const r = scoreAudit(cat, auditOf({ 'P6.1.1@Final test': 4 }));
    expect(r.overall!.percent).toBe(99.3);
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'B']);
    expect(r.downgrades).toEqual([
      {
        rule: 'starred-scored-4',
        from: 'A',
        to: 'B',
        reason: 'starred question scored 4: P6.1.1 ("Final test") (at best B)',
      },
    ]);
  });

  it('does not downgrade an unstarred 4 or a starred 6', () => {
    // P4 = 24/30 = 80 % (not below 80), P2 = 26/30 = 86.7 %
    const r = scoreAudit(cat, auditOf({ 'P4.1': 4, 'P2.2': 6 }));
    expect([r.grade, r.downgrades]).toEqual(['A', []]);
  });

  it('rule 2: a starred question scored 0 → C (and rule 3 fires with it, as any 0 does)', () => {
    // Three steps so that one 0 keeps everything ≥ 80 %: 6.1 = 50/60 = 83.3 %, U2 = 60/70 = 85.7 %,
    // E_P6 = (200 + 600/7)/3 = 2000/21 = 95.2 %, E_G = (500 + 2000/21)/6 = 99.2 % → A
    const r = scoreAudit(
      cat,
      auditOf({ 'P6.1.1@Final test': 0 }, { steps: ['SMT reflow', 'Final test', 'Packing'] }),
    );
    expect(r.overall!.percent).toBe(99.2);
    expect(r.subElements[0]!.compliance!.percent).toBe(83.3);
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'C']);
    expect(r.downgrades).toEqual([
      {
        rule: 'starred-scored-0',
        from: 'A',
        to: 'C',
        reason: 'starred question scored 0: P6.1.1 ("Final test") (at best C)',
      },
      {
        rule: 'scored-0',
        from: 'A',
        to: 'B',
        reason: 'question scored 0: P6.1.1 ("Final test") (at best B)',
      },
    ]);
  });

  it('rule 3: any question scored 0 → at best B', () => {
    // 6.1 = 50/60 = 83.3 %, U2 = 60/70 = 85.7 %, E_G = 99.2 % → A, capped at B
    const r = scoreAudit(
      cat,
      auditOf({ 'P6.1.2@Final test': 0 }, { steps: ['SMT reflow', 'Final test', 'Packing'] }),
    );
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'B']);
    expect(r.downgrades).toEqual([
      {
        rule: 'scored-0',
        from: 'A',
        to: 'B',
        reason: 'question scored 0: P6.1.2 ("Final test") (at best B)',
      },
    ]);
  });

  it('rule 4: an element below 80 % → at best B', () => {
    // P4 = 22/30 = 73.3 %; E_G = (500 + 220/3)/6 = 860/9 = 95.6 % → A, capped at B
    const r = scoreAudit(cat, auditOf({ 'P4.1': 8, 'P4.2': 8, 'P4.3': 6 }));
    expect(r.overall).toEqual({ percent: 95.6, exact: '860/9' });
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'B']);
    expect(r.downgrades).toEqual([
      { rule: 'compliance-below-80', from: 'A', to: 'B', reason: 'below 80 %: E_P4 = 73.3 % (at best B)' },
    ]);
  });

  it('rule 4: a P6 sub-element below 80 % → at best B', () => {
    // 6.2: 6 and 8 → 14/20 = 70.0 %; U1 = 66/70 = 94.3 %, U2 = 68/70 = 97.1 %
    const r = scoreAudit(cat, auditOf({ 'P6.2.1@SMT reflow': 6, 'P6.2.1@Final test': 8 }));
    expect(r.steps.map((s) => s.compliance!.percent)).toEqual([94.3, 97.1]);
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'B']);
    expect(r.downgrades).toEqual([
      { rule: 'compliance-below-80', from: 'A', to: 'B', reason: 'below 80 %: E_U6.2 = 70.0 % (at best B)' },
    ]);
  });

  it('rule 4: a process step below 80 % → at best B', () => {
    // U1 "SMT reflow": 10 6 | 6 | 8 | 8 | 8 | 8 → 54/70 = 77.1 %; U2 = U3 = 100 %
    // 6.1 = 56/60 = 93.3 %, 6.2 = 26/30 = 86.7 %, 6.3–6.6 = 28/30 = 93.3 %
    // E_P6 = (540/7 + 200)/3 = 1940/21 = 92.4 %
    const steps = ['SMT reflow', 'Final test', 'Packing'];
    const r = scoreAudit(
      cat,
      auditOf(
        {
          'P6.1.2@SMT reflow': 6,
          'P6.2.1@SMT reflow': 6,
          'P6.3.1@SMT reflow': 8,
          'P6.4.1@SMT reflow': 8,
          'P6.5.1@SMT reflow': 8,
          'P6.6.1@SMT reflow': 8,
        },
        { steps },
      ),
    );
    expect(r.elements.find((e) => e.element === 'P6')!.compliance).toEqual({
      percent: 92.4,
      exact: '1940/21',
    });
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'B']);
    expect(r.downgrades).toEqual([
      {
        rule: 'compliance-below-80',
        from: 'A',
        to: 'B',
        reason: 'below 80 %: E_U1 "SMT reflow" = 77.1 % (at best B)',
      },
    ]);
  });

  it('rule 5: below 70 % → C (rule 4 fires with it)', () => {
    // P4 = 6 6 8 → 20/30 = 66.7 %; E_G = (500 + 200/3)/6 = 850/9 = 94.4 % → A
    const r = scoreAudit(cat, auditOf({ 'P4.1': 6, 'P4.2': 6, 'P4.3': 8 }));
    expect(r.overall!.percent).toBe(94.4);
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'C']);
    expect(r.downgrades).toEqual([
      { rule: 'compliance-below-80', from: 'A', to: 'B', reason: 'below 80 %: E_P4 = 66.7 % (at best B)' },
      { rule: 'compliance-below-70', from: 'A', to: 'C', reason: 'below 70 %: E_P4 = 66.7 % (at best C)' },
    ]);
  });

  it('applies several rules together: the worst wins and all are listed', () => {
    // Starred P6.1.1 at "Final test" = 4, P4 = 6 6 8 → 66.7 %
    // E_P6 = 670/7 (as in rule 1), E_G = (400 + 200/3 + 670/7)/6 = 11810/126 = 5905/63 = 93.7 % → A
    const r = scoreAudit(cat, auditOf({ 'P6.1.1@Final test': 4, 'P4.1': 6, 'P4.2': 6, 'P4.3': 8 }));
    expect(r.overall).toEqual({ percent: 93.7, exact: '5905/63' });
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['A', 'C']);
    expect(r.downgrades.map((d) => [d.rule, d.from, d.to])).toEqual([
      ['starred-scored-4', 'A', 'B'],
      ['compliance-below-80', 'A', 'B'],
      ['compliance-below-70', 'A', 'C'],
    ]);
  });

  it('lists all five rules when all fire, each naming its questions and elements', () => {
    // P2: 10 0* 10 → 20/30 = 66.7 %; P3: 4* 10 10 → 24/30 = 80 %; P4: 6 6 8 → 66.7 %
    // E_G = (200/3 + 80 + 200/3 + 300)/6 = 1540/18 = 770/9 = 85.6 % → B
    const r = scoreAudit(cat, auditOf({ 'P2.2': 0, 'P3.1': 4, 'P4.1': 6, 'P4.2': 6, 'P4.3': 8 }));
    expect(r.overall).toEqual({ percent: 85.6, exact: '770/9' });
    expect([r.gradeBeforeDowngrade, r.grade]).toEqual(['B', 'C']);
    expect(r.downgrades).toEqual([
      { rule: 'starred-scored-4', from: 'B', to: 'B', reason: 'starred question scored 4: P3.1 (at best B)' },
      { rule: 'starred-scored-0', from: 'B', to: 'C', reason: 'starred question scored 0: P2.2 (at best C)' },
      { rule: 'scored-0', from: 'B', to: 'B', reason: 'question scored 0: P2.2 (at best B)' },
      {
        rule: 'compliance-below-80',
        from: 'B',
        to: 'B',
        reason: 'below 80 %: E_P2 = 66.7 %, E_P4 = 66.7 % (at best B)',
      },
      {
        rule: 'compliance-below-70',
        from: 'B',
        to: 'C',
        reason: 'below 70 %: E_P2 = 66.7 %, E_P4 = 66.7 % (at best C)',
      },
    ]);
  });

  it('grades from E_G: 90 % is A, just under is B, under 80 % is C', () => {
    // With P2–P4 and P7 scoped out: E_G = (E_P5 + E_P6)/2.
    // P5 = 8 8 8 → 80 %, P6 = 100 % → 90 % → A; but no rule may fire, so P5 ≥ 80 stays.
    const out: Vda63ElementId[] = ['P2', 'P3', 'P4', 'P7'];
    const a = scoreAudit(cat, auditOf({ 'P5.1': 8, 'P5.2': 8, 'P5.3': 8 }, { scopedOut: out }));
    expect([a.overall!.exact, a.grade, a.downgrades]).toEqual(['90', 'A', []]);
    // P5 = 8 8 6 → 73.3 %: E_G = (220/3 + 100)/2 = 260/3 = 86.7 % → B (and rule 4 fires, B stays)
    const b = scoreAudit(cat, auditOf({ 'P5.1': 8, 'P5.2': 8, 'P5.3': 6 }, { scopedOut: out }));
    expect([b.overall!.percent, b.gradeBeforeDowngrade, b.grade]).toEqual([86.7, 'B', 'B']);
    // Only P5 in scope besides P6 scoped out too: P5 = 8 6 6 → 66.7 % → C before any rule
    const c = scoreAudit(cat, auditOf({ 'P5.1': 8, 'P5.2': 6, 'P5.3': 6 }, { scopedOut: [...out, 'P6'] }));
    expect([c.overall!.percent, c.gradeBeforeDowngrade, c.grade]).toEqual([66.7, 'C', 'C']);
    expect(c.downgrades.map((d) => [d.rule, d.from, d.to])).toEqual([
      ['compliance-below-80', 'C', 'C'],
      ['compliance-below-70', 'C', 'C'],
    ]);
  });

  it('keeps its thresholds as data', () => {
    expect(VDA63_RULES.grades).toEqual([
      { grade: 'A', min: 90 },
      { grade: 'B', min: 80 },
      { grade: 'C', min: 0 },
    ]);
    expect(VDA63_RULES.downgrades.map((d) => [d.rule, d.atBest])).toEqual([
      ['starred-scored-4', 'B'],
      ['starred-scored-0', 'C'],
      ['scored-0', 'B'],
      ['compliance-below-80', 'B'],
      ['compliance-below-70', 'C'],
    ]);
  });
});

describe('scoreAudit: scoped-out elements', () => {
  it('leaves them out of E_G and names them', () => {
    // P5: 10 8 6 → 80 %, P6 100 %, P7 100 % → E_G = 280/3 = 93.3 % → A (80.0 is not below 80)
    const r = scoreAudit(cat, auditOf({ 'P5.2': 8, 'P5.3': 6 }, { scopedOut: ['P2', 'P3', 'P4'] }));
    expect(r.elements.map((e) => e.element)).toEqual(['P5', 'P6', 'P7']);
    expect(r.scopedOut).toEqual([
      { element: 'P2', title: 'Project', reason: 'no project' },
      { element: 'P3', title: 'Planning', reason: 'no project' },
      { element: 'P4', title: 'Development', reason: 'no project' },
    ]);
    expect(r.overall).toEqual({ percent: 93.3, exact: '280/3' });
    expect([r.evaluated, r.notEvaluated, r.grade, r.downgrades]).toEqual([20, 0, 'A', []]);
  });

  it('scores an audit without P6: no steps, no sub-elements', () => {
    const r = scoreAudit(cat, auditOf({ 'P7.1': 8 }, { scopedOut: ['P6'] }));
    // P7 = 28/30 = 93.3 %; E_G = (400 + 280/3)/5 = 1480/15 = 98.7 %
    expect([r.steps, r.subElements, r.overall!.percent, r.grade]).toEqual([[], [], 98.7, 'A']);
  });
});

describe('findingsOf', () => {
  it('lists every answer below 10: worst first, starred first among equals, then catalogue order', () => {
    const a = auditOf({
      'P2.1': 8,
      'P2.2': 4,
      'P3.1': 8,
      'P3.2': null,
      'P4.1': 0,
      'P6.1.1@SMT reflow': 4,
      'P6.1.2@Final test': 6,
      'P7.2': 0,
    });
    expect(findingsOf(cat, a)).toEqual([
      { questionId: 'P7.2', score: 0, starred: true, text: 'Question P7.2?' },
      { questionId: 'P4.1', score: 0, starred: false, text: 'Question P4.1?' },
      { questionId: 'P2.2', score: 4, starred: true, text: 'Question P2.2?' },
      { questionId: 'P6.1.1', step: 'SMT reflow', score: 4, starred: true, text: 'Question P6.1.1?' },
      { questionId: 'P6.1.2', step: 'Final test', score: 6, starred: false, text: 'Question P6.1.2?' },
      { questionId: 'P3.1', score: 8, starred: true, text: 'Question P3.1?' },
      { questionId: 'P2.1', score: 8, starred: false, text: 'Question P2.1?' },
    ]);
  });

  it('finds nothing in a clean audit', () => {
    expect(findingsOf(cat, auditOf())).toEqual([]);
  });
});
