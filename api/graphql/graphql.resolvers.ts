// Resolvers of the fields that are not the graph itself (api/graphql/trace.graphql): trace and
// recall, through the same service and cypher/ queries as REST, with the caller's supplier scope.
import { GraphQLScalarType, Kind } from 'graphql';
import type { GraphStore } from '../../cypher/neo4j.ts';
import type { Resolvers } from '../../cypher/graphql/genealogy.schema.ts';
import { AppError } from '../../domain/errors.ts';
import { supplierScope } from '../../domain/roles.ts';
import { assertCan } from '../auth/principal.ts';
import {
  recallScope,
  traceBackward,
  traceForward,
  type TraceEdge,
  type TraceNode,
} from '../services/trace.service.ts';
import type { GraphQLContext } from './graphql.context.ts';

const outputOnly = () => {
  throw new AppError('INVALID_INPUT', 'JSON is an output type');
};

/** Any JSON value, as it is; output only. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value. Output only.',
  serialize: (v) => v,
  parseValue: outputOnly,
  parseLiteral: (node) => (node.kind === Kind.NULL ? null : outputOnly()),
});

/** The identifier argument: not blank, trimmed (as REST's `id` parameter). */
function idArg(id: string): string {
  if (id.trim() === '')
    throw new AppError('INVALID_INPUT', 'the argument "id" must not be blank', {
      problems: [
        { field: 'id', reason: 'is required: a lot code, serial number, EPC URI or GS1 Digital Link' },
      ],
    });
  return id.trim();
}

const rest = <T extends Record<string, unknown>>(o: T, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

export function graphqlResolvers(graph: GraphStore): Resolvers {
  return {
    JSON: JSONScalar,
    // GraphQL names on the left, the service's values on the right.
    TraceDirection: { BACKWARD: 'backward', FORWARD: 'forward' },
    TraceNodeKind: {
      LOT: 'lot',
      UNIT: 'unit',
      CONTAINER: 'container',
      OPERATION: 'operation',
      SUPPLIER: 'supplier',
      CUSTOMER: 'customer',
      SHIPMENT: 'shipment',
      INSPECTION: 'inspection',
    },
    Whereabouts: {
      IN_STOCK: 'in_stock',
      WIP: 'wip',
      NONE: 'none',
      CONSUMED: 'consumed',
      SHIPPED: 'shipped',
      DESTROYED: 'destroyed',
    },
    Query: {
      trace: async (
        _: unknown,
        args: { id: string; direction: 'backward' | 'forward' },
        ctx: GraphQLContext,
      ) => {
        assertCan(ctx.principal, 'trace:read');
        const scope = { supplierId: supplierScope(ctx.principal) };
        const id = idArg(args.id);
        return args.direction === 'backward'
          ? traceBackward(graph, id, scope)
          : traceForward(graph, id, scope);
      },
      recall: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
        assertCan(ctx.principal, 'recall:read');
        return recallScope(graph, idArg(args.id));
      },
    },
    TraceNode: { properties: (n: TraceNode) => rest(n, ['id', 'kind', 'label']) },
    TraceEdge: { properties: (e: TraceEdge) => rest(e, ['from', 'to', 'type']) },
  };
}
