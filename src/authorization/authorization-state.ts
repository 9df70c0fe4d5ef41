/**
 * What the guard learned about a request: the message a 404 should carry and,
 * once authorized, the loaded resource or the filtered query. Kept beside the
 * request rather than on it so nothing else can overwrite it.
 */
export interface AuthorizationState {
  notFoundMessage?: string;
  resource?: object;
  query?: unknown;
}

const states = new WeakMap<object, AuthorizationState>();

/** Merges `state` into what is recorded for `request`. */
export function setAuthorizationState(
  request: object,
  state: AuthorizationState,
): void {
  states.set(request, { ...states.get(request), ...state });
}

export function getAuthorizationState(
  request: object,
): AuthorizationState | undefined {
  return states.get(request);
}
