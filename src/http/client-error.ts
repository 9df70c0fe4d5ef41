/**
 * An error for the client's mistake, shaped as body-parser's own (an
 * `http-errors` error): thrown from a body-parser hook or passed to `next()`
 * in middleware, the exception filter answers it with `status` and `message`.
 */
export function clientError(
  status: number,
  message: string,
  type: string,
): Error & { status: number; expose: true; type: string } {
  return Object.assign(new Error(message), {
    status,
    expose: true as const,
    type,
  });
}
