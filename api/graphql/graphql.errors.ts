// The one place errors become GraphQL answers: extensions.code is always one of the project's
// error codes (domain/errors.ts), worded as REST words it (api/errors.ts). Query text, Cypher
// and stacks never reach a client.
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { translateGraphQLError } from '../../cypher/graphql/genealogy.schema.ts';
import { AppError } from '../../domain/errors.ts';
import { httpError } from '../errors.ts';

// GraphQL's own complaints about a request (syntax, validation, limits, variables): bad input.
const REQUEST_ERRORS = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

/** An error (AppError or body-parser's) as GraphQL error extensions and message, with its HTTP status. */
export function graphqlAnswer(err: unknown): {
  status: number;
  message: string;
  extensions: Record<string, unknown>;
} {
  const { status, body } = httpError(err);
  const { message, ...extensions } = body['error'] as { message: string; code: string };
  return { status, message, extensions };
}

/** A GraphQL error raised before execution (a gate, a plugin) that carries its HTTP status. */
export function requestError(err: AppError): GraphQLError {
  return new GraphQLError(err.message, {
    originalError: err,
    extensions: { code: err.code, http: { status: graphqlAnswer(err).status } },
  });
}

/** Apollo's formatError: every error leaves here with a project code and a safe message. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  const app =
    translateGraphQLError(original) ??
    (original instanceof GraphQLError ? translateGraphQLError(original.originalError) : null);
  if (app) {
    const a = graphqlAnswer(app);
    if (a.status >= 500 && app.code !== 'STORE_UNAVAILABLE') console.error(app.cause ?? app);
    return { message: a.message, ...where, extensions: a.extensions };
  }
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && REQUEST_ERRORS.has(code))
    return { message: formatted.message, ...where, extensions: { code: 'INVALID_INPUT' } };
  console.error(original);
  return { message: 'internal error', ...where, extensions: { code: 'INTERNAL' } };
}
