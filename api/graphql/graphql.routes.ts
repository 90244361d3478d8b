// GraphQL at /graphql: Apollo Server over the genealogy schema (cypher/graphql) plus trace and
// recall. The router itself turns away callers without credentials (401) or without the
// permission graphql:read (403) before anything is parsed; what a caller then sees is decided
// by the schema's authorization rules and the operation guard.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { genealogySchema } from '../../cypher/graphql/genealogy.schema.ts';
import { assertCan, principalOf } from '../auth/principal.ts';
import type { Runtime } from '../runtime.ts';
import { graphqlContext, type GraphQLContext } from './graphql.context.ts';
import { formatError, graphqlAnswer } from './graphql.errors.ts';
import { GRAPHQL_LIMITS, subqueryLimitRule } from './graphql.limits.ts';
import { graphqlResolvers } from './graphql.resolvers.ts';
import { operationGuardPlugin } from './operation-guard.plugin.ts';
import { jsonBody } from '../validation.ts';
import { AppError } from '../../domain/errors.ts';

const traceTypeDefs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'trace.graphql'), 'utf8');

/** A GraphQL-shaped error answer for a request turned away before Apollo sees it. */
function refuse(res: express.Response, err: unknown) {
  const { status, message, extensions } = graphqlAnswer(err);
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  // a store that is down is an outage, not a fault to log with a stack
  if (status >= 500 && status !== 503) console.error(err);
  res.status(status).json({ errors: [{ message, extensions }] });
}

const gate: RequestHandler = (req, res, next) => {
  try {
    assertCan(principalOf(req), 'graphql:read');
  } catch (err) {
    return refuse(res, err);
  }
  next();
};

export async function graphqlRoutes(rt: Runtime): Promise<{ router: express.Router; stop(): Promise<void> }> {
  const schema = await genealogySchema(rt.stores.graph, {
    typeDefs: traceTypeDefs,
    resolvers: graphqlResolvers(rt.stores.graph),
  });
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.depth },
    costLimit: { maxCost: GRAPHQL_LIMITS.cost },
    maxAliases: { n: GRAPHQL_LIMITS.aliases },
    maxDirectives: { n: GRAPHQL_LIMITS.directives },
    maxTokens: { n: GRAPHQL_LIMITS.tokens },
    // Every caller is signed in and may introspect the schema; suggestions reveal nothing more.
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const server = new ApolloServer<GraphQLContext>({
    schema,
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: [...protection.validationRules, subqueryLimitRule(GRAPHQL_LIMITS.subqueries)],
    plugins: [
      // graphql-armor's typings name Apollo's CommonJS build; the objects are the same plugins.
      ...(protection.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]),
      // The landing page would load from a CDN, which the CSP forbids.
      ApolloServerPluginLandingPageDisabled(),
      operationGuardPlugin(),
    ],
    formatError,
  });
  await server.start();

  const router = express.Router();
  router.use(gate);
  // While Neo4j is known to be unreachable, answer 503 at once instead of running statements
  // that wait on the driver (docs/reliability.md).
  router.use((_req, res, next) => {
    if (rt.stores.graph.reachable) return next();
    refuse(
      res,
      new AppError('STORE_UNAVAILABLE', 'neo4j: the graph store is not reachable', {
        details: { store: 'neo4j' },
      }),
    );
  });
  router.use(jsonBody({ limit: GRAPHQL_LIMITS.body }));
  const apollo = expressMiddleware(server, {
    context: async ({ req }) => graphqlContext(principalOf(req)),
  });
  // Queries by POST, or by GET with a header a form cannot send (Apollo's CSRF prevention).
  router.post('/', apollo);
  router.get('/', apollo);
  const onError: ErrorRequestHandler = (err, _req, res, next) => {
    void next;
    refuse(res, err);
  };
  router.use(onError);
  return { router, stop: () => server.stop() };
}
