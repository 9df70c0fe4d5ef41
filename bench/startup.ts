import type { ChildServer } from './child-server';
import { median } from './median';

/** Issue 9's target 4: from spawning `node dist/main` to its first 200. */
export const STARTUP_TARGET_MS = 3000;

export interface StartupResult {
  /** Spawn to first 200 of `GET /repo/gmail` as larry, each start, in ms. */
  samplesMs: number[];
  medianMs: number;
  maxMs: number;
}

/**
 * Starts the app `count` times, one after the other, and stops it each time
 * once it answered: its startup is the time from spawn to that first 200
 * (polled every 20 ms), so it includes node's own start, Nest's, the policy's
 * load and the migrations' check, as a deployment waits for all of them.
 */
export async function runStartup(
  start: () => Promise<ChildServer>,
  count: number,
): Promise<StartupResult> {
  const samplesMs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const app = await start();
    samplesMs.push(app.startupMs);
    await app.stop();
  }
  return {
    samplesMs,
    medianMs: median(samplesMs),
    maxMs: Math.max(...samplesMs),
  };
}
