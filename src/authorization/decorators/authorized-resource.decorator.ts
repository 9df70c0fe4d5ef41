import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { getAuthorizationState } from '../authorization-state';

/**
 * The resource the guard loaded and authorized for this request, so the
 * handler neither loads it a second time nor sees one it was not checked on.
 */
export const AuthorizedResource = createParamDecorator(
  (_data: unknown, context: ExecutionContext): object => {
    const request = context.switchToHttp().getRequest<object>();
    const resource = getAuthorizationState(request)?.resource;
    if (resource === undefined) {
      throw new Error(
        '@AuthorizedResource() needs the route to be guarded with @Authorize(action, Resolver)',
      );
    }
    return resource;
  },
);
