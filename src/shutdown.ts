import { type INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';

/** How long requests in flight may take to finish once a stop is asked for. */
export const DRAIN_TIMEOUT_MS = 10_000;

const logger = new Logger('Shutdown');

/**
 * Stops accepting connections, lets the requests in flight finish (for up to
 * {@link DRAIN_TIMEOUT_MS}), then closes the app: the policy engine, the
 * database. Nest's own `app.close()` would close those first, under the
 * requests still running.
 */
export async function drainAndClose(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  const deadline = setTimeout(() => {
    logger.warn(
      `Requests still open after ${DRAIN_TIMEOUT_MS} ms: closing them`,
    );
    server.closeAllConnections();
  }, DRAIN_TIMEOUT_MS);
  await drained;
  clearTimeout(deadline);
  await app.close();
}

/** On SIGTERM or SIGINT: {@link drainAndClose}, then exit. */
export function stopGracefullyOnSignals(app: INestApplication): void {
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(
      `${signal}: refusing new connections, finishing requests in flight`,
    );
    await drainAndClose(app);
    logger.log('Stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void stop(received));
  }
}
