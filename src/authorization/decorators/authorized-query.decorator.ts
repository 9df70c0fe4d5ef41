import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { getAuthorizationState } from '../authorization-state';

/**
 * The query the guard built for an `@AuthorizeQuery(...)` route: it selects
 * only what the caller may see, so the handler pages and orders it but never
 * widens it. Its type is the adapter's (a TypeORM `SelectQueryBuilder` here).
 */
export const AuthorizedQuery = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => {
    const request = context.switchToHttp().getRequest<object>();
    const query = getAuthorizationState(request)?.query;
    if (query === undefined) {
      throw new Error(
        '@AuthorizedQuery() needs the route to be guarded with @AuthorizeQuery(action, Class)',
      );
    }
    return query;
  },
);
