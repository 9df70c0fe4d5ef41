import type { ChildServer } from './child-server';

/** Issue 9's target 4: the app's resident memory after the bench's load. */
export const MEMORY_TARGET_MB = 200;

/** One app process's VmRSS, read once its share of the load is over. */
export interface MemoryReading {
  /** Which app process, and after what load. */
  process: string;
  rssMb: number | undefined;
}

/** VmRSS of the app's node process (not npm's: the bench spawns node itself). */
export function readMemory(app: ChildServer, after: string): MemoryReading {
  return { process: `${app.name}, after ${after}`, rssMb: app.rssMb() };
}

/** The largest reading: the target holds for every app process or for none. */
export function peakMemory(
  readings: readonly MemoryReading[],
): number | undefined {
  const known = readings.flatMap(({ rssMb }) =>
    rssMb === undefined ? [] : [rssMb],
  );
  return known.length ? Math.max(...known) : undefined;
}
