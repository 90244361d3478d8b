// The authorization rules of genealogy.graphql against the role table: every node type has
// filter rules (a type without them would be open to supplier users), the staff rules name
// exactly the staff roles that hold graphql:read, and suppliers reach only the four types
// their own lots make visible.
import { Kind, parse, print, type ConstValueNode, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ROLES, permissionsOf } from '../../domain/roles.ts';
import { NODE_TYPES, genealogyTypeDefs } from './genealogy.schema.ts';

const nodeTypes = parse(genealogyTypeDefs).definitions.filter(
  (d): d is ObjectTypeDefinitionNode =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION && !!d.directives?.some((x) => x.name.value === 'node'),
);

interface Rule {
  role: string;
  node: string | null;
}

/** The filter rules of a type: which role each names (jwt.roles.includes) and its node condition. */
function rulesOf(t: ObjectTypeDefinitionNode): Rule[] {
  const auth = t.directives?.find((d) => d.name.value === 'authorization');
  const filter = auth?.arguments?.find((a) => a.name.value === 'filter')?.value;
  if (!filter || filter.kind !== Kind.LIST) return [];
  const field = (v: ConstValueNode | undefined, name: string) =>
    v?.kind === Kind.OBJECT ? v.fields.find((f) => f.name.value === name)?.value : undefined;
  return filter.values.map((rule) => {
    const where = field(rule as ConstValueNode, 'where');
    const keys = where?.kind === Kind.OBJECT ? where.fields.map((f) => f.name.value).sort() : [];
    expect(
      keys.filter((k) => k !== 'node'),
      `${t.name.value}: a rule names its role`,
    ).toEqual(['jwt']);
    const role = field(field(field(where, 'jwt'), 'roles'), 'includes');
    const node = field(where, 'node');
    return {
      role: role?.kind === Kind.STRING ? role.value : '?',
      node: node ? print(node) : null,
    };
  });
}

const staff = ROLES.filter((r) => r !== 'supplier' && permissionsOf(r).includes('graphql:read'));

describe('genealogy.graphql authorization', () => {
  it('covers every node type', () => {
    expect(nodeTypes.map((t) => t.name.value).sort()).toEqual(NODE_TYPES.filter((n) => n !== 'Item').sort());
    for (const t of nodeTypes) expect(rulesOf(t).length, t.name.value).toBeGreaterThan(0);
  });

  it('lets exactly the staff roles with graphql:read see every node', () => {
    for (const t of nodeTypes) {
      const open = rulesOf(t)
        .filter((r) => r.node === null)
        .map((r) => r.role);
      expect(open.sort(), t.name.value).toEqual([...staff].sort());
    }
  });

  it("shows a supplier its own Supplier, lots, their inspections and defects, by the supplier's id", () => {
    const supplierRules = Object.fromEntries(
      nodeTypes.map((t) => [t.name.value, rulesOf(t).filter((r) => r.role === 'supplier')]),
    );
    const own = (t: string) => supplierRules[t]!.map((r) => r.node);
    expect(own('Supplier')).toEqual(['{id: {eq: "$jwt.supplier"}}']);
    expect(own('Lot')).toEqual(['{suppliedBy: {some: {id: {eq: "$jwt.supplier"}}}}']);
    expect(own('Inspection')).toEqual(['{ofLot: {some: {suppliedBy: {some: {id: {eq: "$jwt.supplier"}}}}}}']);
    expect(own('Defect')).toEqual([
      '{inspections: {some: {ofLot: {some: {suppliedBy: {some: {id: {eq: "$jwt.supplier"}}}}}}}}',
    ]);
    for (const t of ['Unit', 'Container', 'Operation', 'Material', 'Shipment', 'Customer', 'Equipment'])
      expect(own(t), t).toEqual([]);
  });
});
