import { Reflector } from '@nestjs/core';

/**
 * Opts a handler or controller out of authorization. Every other route must
 * carry `@Authorize(...)` or is refused: the guard denies by default.
 */
export const Public = Reflector.createDecorator<void, true>({
  transform: () => true,
});
