// What every GraphQL operation runs with: the principal, and the JWT claims @neo4j/graphql's
// authorization rules read (cypher/graphql/genealogy.graphql), built here from the principal.
// The client never sends claims; its credentials were checked by the authentication middleware.
import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import { supplierScope, type Principal } from '../../domain/roles.ts';

export interface GraphQLContext extends Neo4jGraphQLContext {
  principal: Principal;
}

// A runaway generated query ends in the database rather than holding a connection.
const TRANSACTION_TIMEOUT_MS = 10_000;

export function graphqlContext(p: Principal): GraphQLContext {
  const supplier = supplierScope(p);
  return {
    principal: p,
    jwt: { sub: p.userId, roles: [p.role], ...(supplier === null ? {} : { supplier }) },
    transaction: { timeout: TRANSACTION_TIMEOUT_MS },
  };
}
