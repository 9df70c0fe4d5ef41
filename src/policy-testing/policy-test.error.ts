import { relative } from 'node:path';

/**
 * A policy test that fails, or a test file that cannot run, said in one line
 * that starts with the file and line (`policies/main.test.yaml:12: ...`).
 * It is about the file, not a bug in the runner: the message is all there is
 * to say, so it carries no stack trace for Jest or the CLI to print.
 */
export class PolicyTestError extends Error {
  override name = 'PolicyTestError';

  constructor(path: string, line: number | undefined, message: string) {
    const where = relative(process.cwd(), path);
    super(`${where}${line === undefined ? '' : `:${line}`}: ${message}`);
    this.stack = this.message;
  }
}
