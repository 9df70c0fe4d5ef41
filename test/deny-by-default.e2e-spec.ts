import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { Public } from '../src/authorization';
import { CaptureLogger } from './helpers/capture-logger';
import { createTestApp, type TestApp } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';

/** Counts how often its handlers actually ran. */
const calls = { forgotten: 0, health: 0 };

@Controller('extra')
class ExtraController {
  @Get('forgotten')
  forgotten() {
    calls.forgotten += 1;
    return 'this must never be served';
  }

  @Get('health')
  @Public()
  health() {
    calls.health += 1;
    return { ok: true };
  }
}

@Module({ controllers: [ExtraController] })
class ExtraModule {}

describe('deny by default', () => {
  let testApp: TestApp;
  const logger = new CaptureLogger();

  beforeAll(async () => {
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      imports: [ExtraModule],
      logger,
    });
  });
  afterAll(() => testApp.close());

  it('refuses a route added without @Authorize or @Public, for every caller', async () => {
    for (const user of ['larry', 'anne', 'graham']) {
      const res = await request(testApp.app.getHttpServer())
        .get('/extra/forgotten')
        .set('X-User', user);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('never be served');
    }
    expect(calls.forgotten).toBe(0);
  });

  it('lets an explicitly @Public() route through', async () => {
    const res = await request(testApp.app.getHttpServer()).get('/extra/health');
    expect(res.status).toBe(200);
    expect(calls.health).toBe(1);
  });

  it('warns about the unguarded route at startup', () => {
    expect(
      logger.find('warn', 'GET /extra/forgotten is unguarded'),
    ).toHaveLength(1);
    expect(logger.find('warn', 'unguarded')).toHaveLength(1);
  });

  it.each([
    ['GET /repo/:name', "@Authorize('read', RepositoryByNameResolver)"],
    ['POST /repo/:name/push', "@Authorize('push', RepositoryByNameResolver)"],
    ['DELETE /repo/:name', "@Authorize('delete', RepositoryByNameResolver)"],
    ['GET /repo/:name/actions', "@Authorize('read', RepositoryByNameResolver)"],
    ['GET /repo/:name/roles', "@Authorize('read', RepositoryByNameResolver)"],
    [
      'PUT /repo/:name/roles/:user',
      "@Authorize('manage_roles', RepositoryByNameResolver)",
    ],
    [
      'DELETE /repo/:name/roles/:user',
      "@Authorize('manage_roles', RepositoryByNameResolver)",
    ],
    ['GET /repos', "@AuthorizeQuery('read', Repository)"],
    ['GET /extra/health', '@Public()'],
  ])('logs %s with the rule that guards it', (route, guard) => {
    expect(logger.find('log', `${route} ${guard}`)).toHaveLength(1);
  });
});
