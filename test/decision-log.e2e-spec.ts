import request from 'supertest';
import { CaptureLogger } from './helpers/capture-logger';
import { SEED_POLICIES } from './helpers/policies';
import { createTestApp, type TestApp } from './helpers/test-app';

// LOG_LEVEL=debug logs each decision as one JSON line; the default does not.
describe('the decision log', () => {
  const decisions = (logger: CaptureLogger) =>
    logger.lines
      .filter(
        ({ level, message }) => level === 'debug' && message.startsWith('{'),
      )
      // The logger adds the context (OsoService) after the line.
      .map(
        ({ message }) =>
          JSON.parse(message.slice(0, message.lastIndexOf('}') + 1)) as Record<
            string,
            unknown
          >,
      );

  /** What the last `ask` logged, as written. */
  let raw: string[] = [];

  async function ask(
    env: Record<string, string>,
    paths = ['/repo/gmail', '/repo/oso'],
  ) {
    const logger = new CaptureLogger();
    const testApp: TestApp = await createTestApp({
      policies: SEED_POLICIES,
      env,
      logger,
    });
    try {
      for (const path of paths) {
        await request(testApp.app.getHttpServer())
          .get(path)
          .set('X-User', 'larry');
      }
      raw = logger.lines.map(({ message }) => message);
      return decisions(logger);
    } finally {
      await testApp.close();
    }
  }

  it('logs each decision at debug level: question, actor, resource, answer, microseconds', async () => {
    const logged = await ask({ LOG_LEVEL: 'debug' });
    for (const line of logged) {
      expect(Number.isInteger(line.us)).toBe(true);
      delete line.us;
    }
    expect(logged).toEqual([
      {
        decision: 'authorize',
        actor: 'User:1',
        action: 'read',
        resource: 'Repository:1',
        answer: 'allow',
      },
      {
        decision: 'authorize',
        actor: 'User:1',
        action: 'read',
        resource: 'Repository:3',
        answer: 'not found',
      },
    ]);
  });

  it('logs none at the default level', async () => {
    expect(await ask({})).toEqual([]);
  });

  it('logs an explanation as the decision it explains, escaping invisible characters', async () => {
    const logged = await ask({ LOG_LEVEL: 'debug' }, [
      `/authz/why?user=anne&action=${encodeURIComponent('push\u202e')}&resource=react`,
    ]);
    expect(logged).toEqual([
      expect.objectContaining({
        decision: 'explain',
        actor: 'User:2',
        action: 'push\u202e',
        resource: 'Repository:2',
        answer: 'denied',
      }),
    ]);
    expect(raw.some((line) => line.includes('"push\\u202e"'))).toBe(true);
    expect(raw.some((line) => line.includes('\u202e'))).toBe(false);
  });
});
