// The GraphQL schema over the genealogy graph: genealogy.graphql through @neo4j/graphql, which
// generates read-only Cypher and runs it through the store's driver. Fields that are not the
// graph itself (trace, recall) come in from api/ as extra type definitions and resolvers.
import { Neo4jGraphQL, type Neo4jGraphQLConstructor } from '@neo4j/graphql';
import { Kind, parse, type GraphQLSchema } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../domain/errors.ts';
import { translateNeo4jError, type GraphStore } from '../neo4j.ts';

/** The type definitions of the graph (labels, properties, relationships, authorization rules). */
export const genealogyTypeDefs = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'genealogy.graphql'),
  'utf8',
);

const definitions = parse(genealogyTypeDefs).definitions;

/** Names of the types that stand for nodes: every `@node` type and the interfaces they share. */
export const NODE_TYPES: readonly string[] = definitions.flatMap((d) =>
  (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.directives?.some((x) => x.name.value === 'node')) ||
  d.kind === Kind.INTERFACE_TYPE_DEFINITION
    ? [d.name.value]
    : [],
);

export type Resolvers = NonNullable<Neo4jGraphQLConstructor['resolvers']>;

export interface SchemaExtension {
  typeDefs: string;
  resolvers: Resolvers;
}

// We pass a decoded JWT in the context of every request (the server builds it from the
// principal), which this start-up warning itself says is fine; nothing else is filtered.
const JWT_IN_CONTEXT_WARNING = /please ensure that you either specify authorization settings/;

/** Builds the executable schema: the graph's types, read-only, plus the extension's fields. */
export async function genealogySchema(graph: GraphStore, ext: SchemaExtension): Promise<GraphQLSchema> {
  const lib = new Neo4jGraphQL({
    typeDefs: [genealogyTypeDefs, ext.typeDefs],
    resolvers: ext.resolvers,
    driver: graph.driverForGraphQL(),
    features: {
      // Times are ISO 8601 UTC strings, which order as text: `receivedAt: { gte: "2025-03-01" }`.
      // No MATCHES: a client's regular expression could run for ever.
      filters: { String: { GT: true, GTE: true, LT: true, LTE: true } },
      // Only the generic filter syntax (`code: { eq: … }`); the deprecated forms add nothing.
      excludeDeprecatedFields: {
        mutationOperations: true,
        aggregationFilters: true,
        aggregationFiltersOutsideConnection: true,
        relationshipFilters: true,
        attributeFilters: true,
      },
    },
  });
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!(typeof args[0] === 'string' && JWT_IN_CONTEXT_WARNING.test(args[0]))) warn(...args);
  };
  try {
    return await lib.getSchema();
  } finally {
    console.warn = warn;
  }
}

/**
 * What an error raised while running a GraphQL operation means, as an AppError: ours as they
 * are, the library's authorization errors, driver errors through the store's translation.
 * Null for anything else (GraphQL's own request errors).
 */
export function translateGraphQLError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'Neo4jGraphQLForbiddenError') return new AppError('FORBIDDEN', 'forbidden', { cause: err });
  if (name === 'Neo4jGraphQLAuthenticationError')
    return new AppError('UNAUTHENTICATED', 'sign in first', { cause: err });
  if (err instanceof Neo4jError) return translateNeo4jError(err, 'graphql query');
  return null;
}
