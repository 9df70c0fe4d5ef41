import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';

export interface TimedAnswer {
  status: number;
  /** The round trip, from sending the request to the answer's last byte. */
  nanoseconds: bigint;
}

/**
 * Sends requests one at a time over one kept-alive connection and times each
 * round trip with `process.hrtime.bigint()`. The body is read to its end
 * before the clock stops, so the next request finds the connection free.
 */
export class TimedClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly sockets = new WeakSet<Socket>();
  /** How many connections were opened: 1 unless the server dropped one. */
  connections = 0;

  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** `extraHeaders` are added to the client's own for this request only. */
  send(
    method: string,
    path: string,
    body?: object,
    extraHeaders?: Record<string, string>,
  ): Promise<TimedAnswer> {
    const payload = body ? JSON.stringify(body) : undefined;
    const headers = {
      ...this.headers,
      ...extraHeaders,
      ...(payload ? { 'Content-Type': 'application/json' } : {}),
    };
    return new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = httpRequest(
        `${this.base}${path}`,
        { method, agent: this.agent, headers },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              nanoseconds: process.hrtime.bigint() - start,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('socket', (socket) => {
        if (this.sockets.has(socket)) return;
        this.sockets.add(socket);
        this.connections++;
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
