/**
 * A route carries contradictory authorization rules on one level (say
 * `@Public()` and `@Authorize(...)` on the same method). The app refuses to
 * start: which one was meant cannot be guessed, and guessing could fail open.
 */
export class RouteRuleConflictError extends Error {
  override name = 'RouteRuleConflictError';
}
