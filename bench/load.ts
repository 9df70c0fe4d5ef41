import autocannon from 'autocannon';

/** One request of a rotating list, and the status it must answer. */
export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  expect: number;
  /** How a wrong answer is reported: `GET /repo/oso as larry`. */
  label: string;
}

export interface LoadResult {
  /** Answers received while measuring. */
  requests: number;
  seconds: number;
  /** requests / seconds. */
  rps: number;
  /** Every answer's round trip in ms, unrounded (autocannon's own are whole ms). */
  latenciesMs: number[];
}

/** Answers autocannon leaves hanging at its deadline finish in this time. */
const SETTLE_MS = 300;

/**
 * `connections` kept-alive connections send `requests` over and over for
 * `seconds`, each connection starting at its own place in the list, so that
 * at any moment the callers and paths in flight differ. Throws, after the
 * run, when any answer had another status than its request expects, or
 * when a connection failed or timed out.
 */
export async function runLoad(
  base: string,
  requests: readonly LoadRequest[],
  { connections, seconds }: { connections: number; seconds: number },
): Promise<LoadResult> {
  /** label -> [expected, got] -> count */
  const wrong = new Map<string, number>();
  const cycle: autocannon.Request[] = requests.map((request) => ({
    method: 'GET',
    path: request.path,
    headers: request.headers,
    onResponse: (status: number) => {
      if (status !== request.expect) {
        const key = `${request.label}: ${status}, expected ${request.expect}`;
        wrong.set(key, (wrong.get(key) ?? 0) + 1);
      }
    },
  }));
  let client = 0;
  const latenciesMs: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: cycle,
        setupClient: (c) => {
          const offset = Math.floor((client++ * cycle.length) / connections);
          c.setRequests([...cycle.slice(offset), ...cycle.slice(0, offset)]);
        },
      },
      (error: unknown, done) =>
        error
          ? reject(
              error instanceof Error
                ? error
                : new Error(`autocannon: ${JSON.stringify(error)}`),
            )
          : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      latenciesMs.push(responseTime),
    );
  });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const problems = [...wrong].map(([key, count]) => `${count}x ${key}`);
  if (result.errors) problems.push(`${result.errors} connection errors`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (problems.length) {
    throw new Error(
      `Unexpected answers from ${base}:\n  ${problems.join('\n  ')}`,
    );
  }
  return {
    requests: latenciesMs.length,
    seconds: result.duration,
    rps: latenciesMs.length / result.duration,
    latenciesMs,
  };
}
