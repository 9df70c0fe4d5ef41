import * as messages from 'oso/dist/src/messages';
import { IdleStorage } from '../services/idle-storage';

type QueryResults = AsyncGenerator<Map<string, unknown>, void, undefined>;

/** The lines Polar prints for the queries started in the current capture. */
const capture = new IdleStorage<string[]>();
const PATCHED = Symbol.for('oso-nestjs-quickstart.polar-log');

/**
 * The lines of Polar's own log (`POLAR_LOG=info`: each rule query, the
 * rules that apply, each rule tried) for one query, run to its last result
 * (or `maxResults`) so that every rule that applies is tried, and how many
 * results it had, or the error that stopped it. oso reads `POLAR_LOG` when a
 * query starts and prints to the console; here it is on for this query
 * alone, and its lines are kept instead of printed (oso 0.27.3 is pinned).
 */
export async function polarLogOf(
  start: () => QueryResults,
  maxResults: number,
): Promise<{ lines: string[]; results: number; error?: unknown }> {
  captureMessagesOnce();
  const lines: string[] = [];
  let results = 0;
  let error: unknown;
  await capture.run(lines, async () => {
    const before = process.env.POLAR_LOG;
    process.env.POLAR_LOG = 'info';
    let query: QueryResults;
    try {
      query = start();
    } finally {
      if (before === undefined) delete process.env.POLAR_LOG;
      else process.env.POLAR_LOG = before;
    }
    try {
      for await (const result of query) {
        if (result && ++results >= maxResults) break;
      }
    } catch (failure) {
      error = failure;
    }
  });
  return { lines, results, error };
}

/** Routes oso's printed messages to the capture they belong to, if any. */
function captureMessagesOnce(): void {
  const module = messages as unknown as Record<string | symbol, unknown>;
  if (module[PATCHED]) return;
  const print = messages.processMessage;
  Object.defineProperty(module, 'processMessage', {
    configurable: true,
    enumerable: true,
    value: (message: { kind: string; msg: string }) => {
      const lines = capture.getStore();
      if (lines && message.kind === 'Print') lines.push(message.msg);
      else print(message as Parameters<typeof print>[0]);
    },
  });
  module[PATCHED] = true;
}
