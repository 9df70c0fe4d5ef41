import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ResourceResolver } from '../interfaces/resource-resolver.interface';

export interface AuthorizeRule {
  action: string;
  resolver: Type<ResourceResolver>;
}

/** The metadata behind {@link Authorize}; the guard reads it by this reference. */
export const AuthorizeRule = Reflector.createDecorator<AuthorizeRule>();

/**
 * Guards a handler, or every handler of a controller, with a policy check:
 * `resolver` loads the resource the request names and the caller must be
 * allowed to perform `action` on it. A handler's rule overrides its class's.
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
): ClassDecorator & MethodDecorator => AuthorizeRule({ action, resolver });
