/**
 * What the guard learned about a request: the message a 404 should carry and,
 * once authorized, the loaded resource. Kept beside the request rather than on
 * it so nothing else can overwrite it.
 */
export interface AuthorizationState {
  notFoundMessage: string;
  resource?: object;
}

const states = new WeakMap<object, AuthorizationState>();

export function setAuthorizationState(
  request: object,
  state: AuthorizationState,
): void {
  states.set(request, state);
}

export function getAuthorizationState(
  request: object,
): AuthorizationState | undefined {
  return states.get(request);
}
