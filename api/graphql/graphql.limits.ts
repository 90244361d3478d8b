// The limits every GraphQL operation is checked against before it runs (docs/graphql.md).
// graphql-armor bounds depth, static cost, aliases, directives and tokens. One more limit is
// ours: @neo4j/graphql turns every selected node list or connection into a Cypher subquery
// (with its authorization predicates), and Neo4j needs tens of milliseconds to plan each the
// first time it sees a query, so the number of them is capped too.
import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { NODE_TYPES } from '../../cypher/graphql/genealogy.schema.ts';

export const GRAPHQL_LIMITS = {
  /** nesting of fields; a connection hop (xConnection > edges > node) takes three */
  depth: 8,
  /** graphql-armor's static cost: objects 2, scalars 1, times 1.5 a level, times `first` */
  cost: 5_000,
  /** node lists and connections (subqueries) in one operation; an `items` list counts 3 */
  subqueries: 30,
  aliases: 15,
  directives: 20,
  tokens: 2_000,
  /** request body */
  body: '1mb',
} as const;

const NODES = new Set(NODE_TYPES);

/** How many subqueries selecting a field of this type costs: 0 unless it selects nodes. */
function weight(schema: GraphQLSchema, t: GraphQLNamedType): number {
  if (isInterfaceType(t) && NODES.has(t.name)) return schema.getPossibleTypes(t).length;
  if (NODES.has(t.name)) return 1;
  // A connection of nodes (`lotsConnection`, `feedsLotsConnection`) is a subquery even when it
  // asks for totalCount only; its edges' nodes count once more.
  const edges = isObjectType(t) ? t.getFields()['edges'] : undefined;
  const edge = edges ? getNamedType(edges.type) : undefined;
  const node = edge && isObjectType(edge) ? edge.getFields()['node'] : undefined;
  return node && NODES.has(getNamedType(node.type).name) ? 1 : 0;
}

/** Counts the subqueries an operation would generate, fragments expanded where they are spread. */
export function subqueryLimitRule(max: number): ValidationRule {
  return (context) => {
    const schema = context.getSchema();
    const count = (
      set: SelectionSetNode,
      parent: GraphQLNamedType | null | undefined,
      seen: string[],
    ): number => {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
          const def = parent.getFields()[sel.name.value];
          if (!def) continue;
          const t = getNamedType(def.type);
          n += weight(schema, t);
          if (sel.selectionSet) n += count(sel.selectionSet, t, seen);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
          n += count(sel.selectionSet, t, seen);
        } else {
          const name = sel.name.value;
          const frag = context.getFragment(name);
          if (!frag || seen.includes(name)) continue; // cycles are refused by another rule
          n += count(frag.selectionSet, schema.getType(frag.typeCondition.name.value), [...seen, name]);
        }
      }
      return n;
    };
    return {
      OperationDefinition(op) {
        const root = op.operation === 'query' ? schema.getQueryType() : null;
        const n = count(op.selectionSet, root, []);
        if (n > max)
          context.reportError(
            new GraphQLError(
              `the query selects ${n} node lists or connections; the limit is ${max} (split it, or use trace)`,
              { nodes: [op] },
            ),
          );
      },
    };
  };
}
