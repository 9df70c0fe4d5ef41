import { declareRouteRule } from '../route-rule';

/**
 * Opts a handler or controller out of authorization. Every other route must
 * carry `@Authorize(...)` or is refused: the guard denies by default. Like
 * every rule, a handler's overrides its class's: `@Public()` on a controller
 * does not open a method that carries `@Authorize(...)`.
 */
export const Public = (): ClassDecorator & MethodDecorator =>
  declareRouteRule({ kind: 'public' });
