import type { Request } from 'express';

/**
 * Finds the resource a route names, so the guard can authorize the caller on
 * it. A feature declares one next to its controller and lists it in its
 * module's providers; the authorization module never learns about the
 * feature's entities. Request-scoped resolvers (`@Injectable({ scope:
 * Scope.REQUEST })`) get one instance per request, like any such provider.
 */
export interface ResourceResolver<T extends object = object> {
  /** The resource the request names, or null/undefined when there is none. */
  resolve(request: Request): Promise<T | null | undefined>;

  /**
   * What the policy is asked about when `resolve` finds nothing: an unsaved
   * instance of the same class, its fields set as a real one's would be (no
   * key, so it matches no role). The guard answers 404 either way, but only
   * after the same policy queries a hidden resource costs, so the time an
   * answer takes does not tell a missing resource from a hidden one.
   */
  placeholder(request: Request): T;

  /**
   * The 404 message, used both when the resource is missing and when the
   * caller may not read it, so the two answers cannot be told apart.
   */
  notFoundMessage(request: Request): string;
}
