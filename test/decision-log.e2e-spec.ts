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

  async function ask(env: Record<string, string>) {
    const logger = new CaptureLogger();
    const testApp: TestApp = await createTestApp({
      policies: SEED_POLICIES,
      env,
      logger,
    });
    try {
      for (const repo of ['gmail', 'oso']) {
        await request(testApp.app.getHttpServer())
          .get(`/repo/${repo}`)
          .set('X-User', 'larry');
      }
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
});
