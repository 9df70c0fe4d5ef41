/**
 * The policy could not be loaded. The app refuses to start rather than run
 * with no policy or half of one: authorization fails closed.
 */
export class PolicyLoadError extends Error {
  override name = 'PolicyLoadError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
