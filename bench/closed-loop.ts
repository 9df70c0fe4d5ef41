import type { LoadRequest } from './load';
import { TimedClient } from './timed-client';

export interface ClosedLoopResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Every answer's round trip, in ms. */
  latenciesMs: number[];
}

/**
 * `connections` clients, each on one kept-alive connection, send the next
 * request of the rotating list as soon as their last answer is in, until
 * `seconds` are over and at least `minRequests` were answered; requests in
 * flight at the deadline are waited for and counted, so a slow answer is
 * never dropped (autocannon abandons them at its deadline, which leaves a
 * list that takes seconds with no samples at all). Throws when any answer
 * has another status than its request expects.
 */
export async function runClosedLoop(
  base: string,
  requests: readonly LoadRequest[],
  {
    connections,
    seconds,
    minRequests,
  }: { connections: number; seconds: number; minRequests: number },
): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    const client = new TimedClient(base, {});
    try {
      while (performance.now() < deadline || next < minRequests) {
        const request = requests[next++ % requests.length];
        const { status, nanoseconds } = await client.send(
          'GET',
          request.path,
          undefined,
          request.headers,
        );
        if (status !== request.expect) {
          throw new Error(
            `${request.label} answered ${status}, expected ${request.expect}`,
          );
        }
        latenciesMs.push(Number(nanoseconds) / 1e6);
      }
    } finally {
      client.close();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latenciesMs.length,
    seconds: elapsed,
    rps: latenciesMs.length / elapsed,
    latenciesMs,
  };
}
