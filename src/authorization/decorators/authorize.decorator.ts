import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { ResourceResolver } from '../interfaces/resource-resolver.interface';
import { declareRouteRule } from '../route-rule';

const unauthorized = ApiUnauthorizedResponse({
  description:
    'No caller (none named, and no default standing in), or one the app does not know',
});

/**
 * Guards a handler, or every handler of a controller, with a policy check:
 * `resolver` loads the resource the request names and the caller must be
 * allowed to perform `action` on it. A handler's rule (this or `@Public()`)
 * overrides its class's; two rules on one level stop the app at startup.
 * The OpenAPI description gains the 401, 403 and 404 answers this can give:
 * no 403 for `read`, as oso answers 404 to a caller who may not read.
 *
 * @example
 * ```ts
 * @Get(':name')
 * @Authorize('read', RepositoryByNameResolver)
 * show(@AuthorizedResource() repository: Repository) { ... }
 * ```
 */
export const Authorize = (
  action: string,
  resolver: Type<ResourceResolver>,
): ClassDecorator & MethodDecorator =>
  applyDecorators(
    declareRouteRule({ kind: 'resource', action, resolver }),
    unauthorized,
    ...(action === 'read'
      ? []
      : [
          ApiForbiddenResponse({
            description: `The caller may read the resource, but the policy does not allow "${action}" on it`,
          }),
        ]),
    ApiNotFoundResponse({
      description:
        'No such resource, or one the caller may not read: the two answers are alike',
    }),
  );

/**
 * Guards a handler that lists resources: the guard asks the policy for a
 * query that selects only the `resourceType` instances the caller may
 * `action`, and hands it to the handler through `@AuthorizedQuery()`. The
 * filtering happens in the database, through the data-filtering adapter
 * given to `OsoModule`.
 */
export const AuthorizeQuery = (
  action: string,
  resourceType: Type<object>,
): ClassDecorator & MethodDecorator =>
  applyDecorators(
    declareRouteRule({ kind: 'query', action, resourceType }),
    unauthorized,
  );
