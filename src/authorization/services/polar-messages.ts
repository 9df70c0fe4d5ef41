import * as messages from 'oso/dist/src/messages';
import { IdleStorage } from './idle-storage';

type QueryResults = AsyncGenerator<Map<string, unknown>, void, undefined>;

/**
 * Where Polar's messages in the current capture go: lists to keep them in,
 * or nowhere.
 */
interface Sink {
  lines?: string[];
  warnings?: string[];
  /** Drops what the queries print rather than let it reach the console. */
  quiet?: boolean;
}
const capture = new IdleStorage<Sink>();
const PATCHED = Symbol.for('oso-nestjs-quickstart.polar-messages');

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
  const lines: string[] = [];
  let results = 0;
  let error: unknown;
  await captured({ lines }, 'info', async (query) => {
    try {
      for await (const result of query(start)) {
        if (result && ++results >= maxResults) break;
      }
    } catch (failure) {
      error = failure;
    }
  });
  return { lines, results, error };
}

/**
 * The first result of a query, with Polar's log off for it and whatever it
 * prints dropped: an explanation's own steps are not the user's queries.
 */
export async function firstQuietly(
  start: () => QueryResults,
): Promise<Map<string, unknown> | undefined> {
  let first: Map<string, unknown> | undefined;
  await captured({ quiet: true }, 'off', async (query) => {
    for await (const result of query(start)) {
      first = result;
      break;
    }
  });
  return first;
}

/**
 * Runs `load` (a policy load) keeping Polar's warnings instead of printing
 * them to the console, and returns them with what `load` returned.
 */
export async function warningsOf<T>(
  load: () => Promise<T>,
): Promise<{ value: T; warnings: string[] }> {
  captureMessagesOnce();
  const warnings: string[] = [];
  const value = await capture.run({ warnings }, load);
  return { value, warnings };
}

/**
 * Runs `use` in a capture whose queries start with `POLAR_LOG` at `level`,
 * restored at once: oso reads it as a query starts, synchronously.
 */
async function captured(
  sink: Sink,
  level: string,
  use: (query: (start: () => QueryResults) => QueryResults) => Promise<void>,
): Promise<void> {
  captureMessagesOnce();
  await capture.run(sink, () =>
    use((start) => {
      const before = process.env.POLAR_LOG;
      process.env.POLAR_LOG = level;
      try {
        return start();
      } finally {
        if (before === undefined) delete process.env.POLAR_LOG;
        else process.env.POLAR_LOG = before;
      }
    }),
  );
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
      const sink = capture.getStore();
      const kept = message.kind === 'Print' ? sink?.lines : sink?.warnings;
      if (kept) kept.push(message.msg);
      else if (!(sink?.quiet && message.kind === 'Print')) {
        print(message as Parameters<typeof print>[0]);
      }
    },
  });
  module[PATCHED] = true;
}
