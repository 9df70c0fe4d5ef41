import type { Request } from 'express';

/**
 * Finds the resource a route names, so the guard can authorize the caller on
 * it. A feature declares one next to its controller and lists it in its
 * module's providers; the authorization module never learns about the
 * feature's entities.
 */
export interface ResourceResolver<T extends object = object> {
  /** The resource the request names, or null/undefined when there is none. */
  resolve(request: Request): Promise<T | null | undefined>;

  /**
   * The 404 message, used both when the resource is missing and when the
   * caller may not read it, so the two answers cannot be told apart.
   */
  notFoundMessage(request: Request): string;
}
