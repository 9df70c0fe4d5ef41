import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };

/** The body of every error answer: `{statusCode, error, message}`. */
export type ApiError = components['schemas']['ApiError'];
export type Repository = components['schemas']['Repository'];
export type RoleAssignment = components['schemas']['RoleAssignment'];

/**
 * A typed client of the API. It asks for JSON on every request (the API
 * answers HTML to browsers, `*\/*` and requests without Accept), so each
 * answer is typed as its JSON alone; `user` is sent as X-User.
 */
export function createApiClient({
  baseUrl,
  user,
}: {
  baseUrl: string;
  user?: string;
}) {
  return createClient<paths, 'application/json'>({
    baseUrl,
    headers: { Accept: 'application/json', 'X-User': user },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
