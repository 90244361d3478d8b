// Checks every operation before it runs: the API only reads, and a supplier may not filter
// across relationships. @neo4j/graphql (7.6) applies a node type's authorization filter to the
// nodes a query returns, but not to the nodes a relationship filter looks at: `lots(where: {
// feedsLots: { some: { code: { eq: "X" } } } })` would tell a supplier whether its lot went into
// X. So a supplier's query may filter on the fields of the objects it gets, never across a
// relationship. Staff see every node anyway and keep every filter.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { NODE_TYPES } from '../../cypher/graphql/genealogy.schema.ts';
import { AppError } from '../../domain/errors.ts';
import { requestError } from './graphql.errors.ts';
import type { GraphQLContext } from './graphql.context.ts';

const NODE_WHERE = new Set(NODE_TYPES.map((t) => `${t}Where`));

// A filter on a value (`{ eq, in, contains, … }`): every field a scalar, an enum or a list of them.
const isValueFilter = (t: GraphQLInputObjectType) =>
  Object.values(t.getFields()).every((f) => {
    const n = getNamedType(f.type);
    return isScalarType(n) || isEnumType(n);
  });

/**
 * In a node's `where`, a field that is neither a value filter nor AND/OR/NOT (the same type)
 * looks across a relationship: `feeds`, `feedsConnection`, aggregate filters.
 */
const crossesRelationship = (parent: GraphQLInputObjectType, fieldType: GraphQLInputType) => {
  const t = getNamedType(fieldType);
  return NODE_WHERE.has(parent.name) && isInputObjectType(t) && t !== parent && !isValueFilter(t);
};

/** The path of the first relationship filter in an input value given as a literal, or null. */
function inLiteral(
  node: ValueNode,
  type: GraphQLInputType,
  variables: Record<string, unknown>,
  path: string,
): string | null {
  if (node.kind === Kind.VARIABLE) return inValue(variables[node.name.value], type, path);
  if (isNonNullType(type)) return inLiteral(node, type.ofType, variables, path);
  if (isListType(type))
    return node.kind === Kind.LIST
      ? firstOf(node.values.map((v, i) => () => inLiteral(v, type.ofType, variables, `${path}[${i}]`)))
      : inLiteral(node, type.ofType, variables, path);
  if (!isInputObjectType(type) || node.kind !== Kind.OBJECT) return null;
  const fields = type.getFields();
  return firstOf(
    node.fields.map((f) => () => {
      const def = fields[f.name.value];
      if (!def) return null; // validation refuses it anyway
      const at = `${path}.${f.name.value}`;
      return crossesRelationship(type, def.type) ? at : inLiteral(f.value, def.type, variables, at);
    }),
  );
}

/** The same for a value that came in as a variable. */
function inValue(value: unknown, type: GraphQLInputType, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return inValue(value, type.ofType, path);
  if (isListType(type))
    return Array.isArray(value)
      ? firstOf(value.map((v, i) => () => inValue(v, type.ofType, `${path}[${i}]`)))
      : inValue(value, type.ofType, path);
  if (!isInputObjectType(type) || typeof value !== 'object') return null;
  const fields = type.getFields();
  return firstOf(
    Object.entries(value).map(([name, v]) => () => {
      const def = fields[name];
      if (!def) return null;
      const at = `${path}.${name}`;
      return crossesRelationship(type, def.type) ? at : inValue(v, def.type, at);
    }),
  );
}

const firstOf = (checks: (() => string | null)[]) => {
  for (const c of checks) {
    const found = c();
    if (found) return found;
  }
  return null;
};

/** Where a document filters across a relationship (e.g. `lots(where).feeds`), or null. */
export function relationshipFilterIn(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): string | null {
  // Variables a request leaves out take their declared defaults.
  const values: Record<string, unknown> = { ...variables };
  const defaults = new Map<string, ValueNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION)
      for (const v of d.variableDefinitions ?? [])
        if (v.defaultValue && values[v.variable.name.value] === undefined)
          defaults.set(v.variable.name.value, v.defaultValue);

  const typeInfo = new TypeInfo(schema);
  let found: string | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (found) return;
        const arg = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        if (!arg) return;
        const at = `${field?.name ?? '?'}(${node.name.value})`;
        const value =
          node.value.kind === Kind.VARIABLE && values[node.value.name.value] === undefined
            ? defaults.get(node.value.name.value)
            : node.value;
        if (value) found = inLiteral(value, arg.type, values, at);
      },
    }),
  );
  return found;
}

/**
 * Refuses what is not a query (the schema has no mutations; GraphQL 16 finds that out late),
 * and a supplier's operation that filters across a relationship, before it runs.
 */
export function operationGuardPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request, schema }) {
          const kind = operation?.operation ?? 'query';
          if (kind !== 'query')
            throw requestError(
              new AppError('INVALID_INPUT', `the GraphQL API only answers queries, not a ${kind}`),
            );
          if (contextValue.principal.role !== 'supplier') return;
          const at = relationshipFilterIn(schema, document, request.variables ?? {});
          if (at)
            throw requestError(
              new AppError(
                'FORBIDDEN',
                `a supplier user may filter on an object's own fields only, not across a relationship (${at})`,
                { details: { at } },
              ),
            );
        },
      };
    },
  };
}
