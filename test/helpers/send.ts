import request from 'supertest';
import type { App } from 'supertest/types';
import type { Operation } from './access-model';

/** Sends `op` as `user`, asking for JSON. */
export function send(server: App, user: string, op: Operation): request.Test {
  const agent = request(server);
  const repo = `/repo/${encodeURIComponent(op.repo)}`;
  const req = (() => {
    switch (op.kind) {
      case 'read':
        return agent.get(repo);
      case 'actions':
        return agent.get(`${repo}/actions`);
      case 'roles':
        return agent.get(`${repo}/roles`);
      case 'push':
        return agent.post(`${repo}/push`);
      case 'delete':
        return agent.delete(repo);
      case 'grant':
        return agent
          .put(`${repo}/roles/${encodeURIComponent(op.target)}`)
          .send({ role: op.role });
      case 'revoke':
        return agent.delete(`${repo}/roles/${encodeURIComponent(op.target)}`);
    }
  })();
  return req.set('X-User', user).set('Accept', 'application/json');
}

/** Sends `method path`, with the body the route expects (a role, for PUT). */
export function sendRoute(
  server: App,
  method: string,
  path: string,
): request.Test {
  const agent = request(server);
  switch (method) {
    case 'GET':
      return agent.get(path);
    case 'POST':
      return agent.post(path);
    case 'PUT':
      return agent.put(path).send({ role: 'contributor' });
    case 'DELETE':
      return agent.delete(path);
    default:
      throw new Error(`no route method ${method} in the API`);
  }
}

export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'grant':
      return `grant ${op.target} ${op.role} on ${op.repo}`;
    case 'revoke':
      return `revoke ${op.target} on ${op.repo}`;
    default:
      return `${op.kind} ${op.repo}`;
  }
}
