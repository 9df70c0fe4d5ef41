import type { INestApplication } from '@nestjs/common';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Operation } from './access-model';

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * A plain HTTP client on a real port, for specs that need many requests in
 * flight at once (supertest would start a server per request).
 */
export class HttpClient {
  constructor(readonly base: string) {}

  /** Starts `app` listening on a free loopback port. */
  static async listen(app: INestApplication): Promise<HttpClient> {
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    return new HttpClient(`http://127.0.0.1:${port}`);
  }

  /**
   * Up to this many connections at once; further requests wait in the
   * agent's queue, as they would behind any client's connection pool,
   * rather than overflowing the server's listen backlog.
   */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 128 });

  call(
    user: string,
    method: string,
    path: string,
    body?: object,
  ): Promise<Answer> {
    const payload = body ? JSON.stringify(body) : undefined;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            'X-User': user,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json' } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: text ? (JSON.parse(text) as unknown) : undefined,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** Sends `op` as `user`, as the API names it. */
  send(user: string, op: Operation): Promise<Answer> {
    const repo = `/repo/${encodeURIComponent(op.repo)}`;
    switch (op.kind) {
      case 'read':
        return this.call(user, 'GET', repo);
      case 'actions':
        return this.call(user, 'GET', `${repo}/actions`);
      case 'roles':
        return this.call(user, 'GET', `${repo}/roles`);
      case 'push':
        return this.call(user, 'POST', `${repo}/push`);
      case 'delete':
        return this.call(user, 'DELETE', repo);
      case 'grant':
        return this.call(
          user,
          'PUT',
          `${repo}/roles/${encodeURIComponent(op.target)}`,
          {
            role: op.role,
          },
        );
      case 'revoke':
        return this.call(
          user,
          'DELETE',
          `${repo}/roles/${encodeURIComponent(op.target)}`,
        );
    }
  }
}
