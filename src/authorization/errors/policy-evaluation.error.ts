import { AuthorizationError } from 'oso';
import { OsoError } from 'oso/dist/src/errors';
import { shownPath } from './policy-source';

/**
 * The policy failed while deciding: a rule read an attribute the class does
 * not have, called something that threw, or ran out of time. Nothing was
 * allowed; the request answers 500. The message says which rule, attribute
 * and class, from Polar's own report (kept whole as `cause`).
 */
export class PolicyEvaluationError extends Error {
  /**
   * Whether `error` came from the Polar engine: oso's own JS-side errors, or
   * the WASM's plain Errors named like `RuntimeError::Application`. Anything
   * else (a database error from a lazy attribute, say) is not the policy's.
   */
  static isPolarError(error: unknown): boolean {
    return (
      (error instanceof OsoError && !(error instanceof AuthorizationError)) ||
      (error instanceof Error && /^\w+Error::\w+$/.test(error.name))
    );
  }

  override name = 'PolicyEvaluationError';
  /** What went wrong, without the place: `is_public not found on Repository`. */
  readonly reason: string;

  /** `meant`: the attribute a missing one most likely was, for the message. */
  constructor(cause: unknown, meant?: string) {
    const [place, what] = summarize(cause);
    const reason = `${what}${meant === undefined ? '' : ` (did you mean ${meant}?)`}`;
    super(`Policy evaluation failed${place}: ${reason}`, { cause });
    this.reason = reason;
  }
}

/** Where in the policy, and what. */
function summarize(cause: unknown): [string, string] {
  const message = cause instanceof Error ? cause.message : String(cause);
  const error =
    /(?:Application error|error): ([^\n]*?)(?: at line \d+|$)/m.exec(
      message,
    )?.[1];
  const rules = [
    ...message.matchAll(
      /in rule (\S+) at line (\d+), column (\d+) of file (\S+)/g,
    ),
  ];
  const where = rules.at(-1);
  // Place first, as compilers and the load errors put it.
  const place = where
    ? ` at ${shownPath(where[4])}:${where[2]}:${where[3]}, in rule ${where[1]}`
    : '';
  // oso prints the instance after its class name: only its first line came.
  const what = error?.replace(/\s*\{$/, '');
  return [place, what ?? message.trim()];
}
