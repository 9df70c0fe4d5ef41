import { type INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';

/** How long requests in flight may take to finish once a stop is asked for. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests in
 * flight finish, then close the app (the policy engine, the database) and
 * exit. Nest's own shutdown hooks would close the database first, under the
 * requests still running; this drains HTTP before any of that.
 */
export function stopGracefullyOnSignals(app: INestApplication): void {
  const logger = new Logger('Shutdown');
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(
      `${signal}: refusing new connections, finishing requests in flight`,
    );
    const server = app.getHttpServer() as Server;
    const drained = new Promise<void>((resolve) =>
      server.close(() => resolve()),
    );
    const deadline = setTimeout(() => {
      logger.warn(
        `Requests still open after ${DRAIN_TIMEOUT_MS} ms: closing them`,
      );
      server.closeAllConnections();
    }, DRAIN_TIMEOUT_MS);
    await drained;
    clearTimeout(deadline);
    await app.close();
    logger.log('Stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void stop(received));
  }
}
