import type { App } from 'supertest/types';
import {
  Controller,
  Get,
  Inject,
  INestApplication,
  Injectable,
  Module,
  Scope,
  type Type,
} from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { Oso } from 'oso';
import request from 'supertest';
import {
  Doc,
  FIXTURE_CLASSES,
  FIXTURE_POLICY_DIR,
  Grant,
  Person,
} from '../__fixtures__/docs';
import { Authorize, AuthorizeQuery } from '../decorators/authorize.decorator';
import { AuthorizedResource } from '../decorators/authorized-resource.decorator';
import { Public } from '../decorators/public.decorator';
import type { OsoModuleOptions } from '../interfaces/oso-module-options.interface';
import type { ResourceResolver } from '../interfaces/resource-resolver.interface';
import { OsoModule } from '../oso.module';
import { RouteReportService } from '../services/route-report.service';

const DOCS = [new Doc(1, 'plan'), new Doc(2, 'memo')];
const PEOPLE = [
  new Person(1, 'ada', [new Grant('editor', new Doc(1, 'plan'))]),
  new Person(2, 'bob', [new Grant('viewer', new Doc(1, 'plan'))]),
];

@Injectable()
class DocById implements ResourceResolver<Doc> {
  loads = 0;

  resolve(req: Request) {
    this.loads += 1;
    return Promise.resolve(DOCS.find((d) => String(d.id) === req.params.id));
  }

  placeholder(req: Request) {
    return new Doc(null, `doc ${String(req.params.id)}`);
  }

  notFoundMessage(req: Request) {
    return `No doc ${String(req.params.id)}`;
  }
}

/** The caller comes from a header here, to show getUser is pluggable. */
const OPTIONS: OsoModuleOptions = {
  policyDir: FIXTURE_POLICY_DIR,
  classes: FIXTURE_CLASSES,
  getUser: (context) => {
    const name = context.switchToHttp().getRequest<Request>().headers[
      'x-person'
    ];
    return PEOPLE.find((p) => p.name === name);
  },
};

/**
 * Starts OsoModule with these controllers and providers, and no exception
 * filter of an app's: the module's own answers are what is checked.
 */
async function startApp(
  controllers: Type[],
  providers: Type[] = [DocById],
  options: Partial<OsoModuleOptions> = {},
): Promise<INestApplication<App>> {
  @Module({ controllers, providers })
  class FeatureModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [OsoModule.forRoot({ ...OPTIONS, ...options }), FeatureModule],
  }).compile();
  const app = moduleRef.createNestApplication<INestApplication<App>>({
    logger: false,
  });
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

const getAs = (app: INestApplication<App>, path: string, person?: string) => {
  const req = request(app.getHttpServer())
    .get(path)
    .set('Accept', 'application/json');
  return person ? req.set('X-Person', person) : req;
};

describe('AuthorizationGuard', () => {
  @Controller('docs')
  @Authorize('read', DocById)
  class DocsController {
    @Get(':id')
    show(@AuthorizedResource() doc: Doc) {
      return { title: doc.title };
    }

    @Get(':id/edit')
    @Authorize('edit', DocById)
    edit(@AuthorizedResource() doc: Doc) {
      return { editing: doc.title };
    }
  }

  @Controller()
  class OtherController {
    @Get('health')
    @Public()
    health() {
      return { ok: true };
    }

    @Get('forgotten')
    forgotten() {
      return 'must never be served';
    }
  }

  let app: INestApplication<App>;
  beforeAll(async () => {
    app = await startApp([DocsController, OtherController]);
  });
  afterAll(() => app.close());

  const get = (path: string, person?: string) => getAs(app, path, person);

  it('hands the authorized resource to the handler, loading it once', async () => {
    const resolver = app.get(DocById);
    const before = resolver.loads;
    const res = await get('/docs/1', 'bob');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ title: 'plan' });
    expect(resolver.loads).toBe(before + 1);
  });

  it('applies the class rule, and a handler rule overrides it', async () => {
    expect((await get('/docs/1/edit', 'ada')).status).toBe(200);
    expect((await get('/docs/1/edit', 'bob')).status).toBe(403);
  });

  it("answers 404 with the resolver's message, as Nest's own exception, when the caller may not read", async () => {
    const res = await get('/docs/2', 'ada');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No doc 2',
    });
  });

  it('answers a missing resource exactly like a hidden one', async () => {
    const hidden = await get('/docs/2/edit', 'ada');
    const missing = await get('/docs/3/edit', 'ada');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ...hidden.body, message: 'No doc 3' });
    expect(hidden.body).toMatchObject({ message: 'No doc 2' });
  });

  it.each([
    ['read', '/docs/2', '/docs/3'],
    ['edit', '/docs/2/edit', '/docs/3/edit'],
  ])(
    'asks the policy the same queries (%s) for a missing resource as for a hidden one',
    async (_action, hiddenPath, missingPath) => {
      const queries = jest.spyOn(Oso.prototype, 'queryRuleOnce');
      const asked = async (path: string) => {
        queries.mockClear();
        expect((await get(path, 'ada')).status).toBe(404);
        return queries.mock.calls.map(([rule, actor, action, resource]) => [
          rule,
          actor,
          action,
          (resource as object).constructor.name,
        ]);
      };
      try {
        const hidden = await asked(hiddenPath);
        expect(hidden.length).toBeGreaterThan(0);
        expect(await asked(missingPath)).toEqual(hidden);
      } finally {
        queries.mockRestore();
      }
    },
  );

  it('answers 403 when the caller may read but not act', async () => {
    const res = await get('/docs/1/edit', 'bob');
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Forbidden',
    });
  });

  it('answers 401 with a WWW-Authenticate challenge when there is no caller', async () => {
    for (const person of [undefined, 'nobody']) {
      const res = await get('/docs/1', person);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('marks answers decided for a caller private, and leaves public ones alone', async () => {
    for (const [path, person] of [
      ['/docs/1', 'bob'],
      ['/docs/2', 'ada'],
      ['/docs/1', undefined],
    ] as const) {
      const res = await get(path, person);
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
    expect((await get('/health')).headers['cache-control']).toBeUndefined();
  });

  it('lets @Public() routes through without a caller', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('refuses a route that has neither @Authorize nor @Public', async () => {
    const res = await get('/forgotten', 'ada');
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('must never be served');
  });
});

describe('the rule nearest the handler wins', () => {
  @Controller('open')
  @Public()
  class OpenController {
    @Get()
    index() {
      return { open: true };
    }

    @Get(':id/edit')
    @Authorize('edit', DocById)
    edit(@AuthorizedResource() doc: Doc) {
      return { editing: doc.title };
    }
  }

  @Controller('closed')
  @Authorize('read', DocById)
  class ClosedController {
    @Get('about')
    @Public()
    about() {
      return { about: true };
    }

    @Get(':id')
    show(@AuthorizedResource() doc: Doc) {
      return { title: doc.title };
    }
  }

  /** Inherits the class rule of ClosedController. */
  @Controller('inherited')
  class InheritedController extends ClosedController {}

  /** Replaces the method it decorates, as logging or retry wrappers do. */
  const Wrap = (): MethodDecorator => (_target, _key, descriptor) => {
    const original = descriptor.value as unknown as (
      ...args: unknown[]
    ) => unknown;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return original.apply(this, args);
    };
    return { ...descriptor, value: wrapped as never };
  };

  @Controller('wrapped')
  @Public()
  class WrappedController {
    @Get(':id')
    @Wrap()
    @Authorize('edit', DocById)
    edit(@AuthorizedResource() doc: Doc) {
      return { editing: doc.title };
    }
  }

  /** Opens the class, and overrides an @Authorize method with none of its own. */
  @Controller('overriding')
  @Public()
  class OverridingController extends OpenController {
    @Get(':id/edit')
    override edit(@AuthorizedResource() doc: Doc) {
      return { editing: doc.title };
    }
  }

  let app: INestApplication<App>;
  beforeAll(async () => {
    app = await startApp([
      OpenController,
      ClosedController,
      InheritedController,
      WrappedController,
      OverridingController,
    ]);
  });
  afterAll(() => app.close());

  const get = (path: string, person?: string) => getAs(app, path, person);

  it("keeps a method's @Authorize under a class's @Public()", async () => {
    expect((await get('/open/1/edit')).status).toBe(401);
    expect((await get('/open/1/edit', 'bob')).status).toBe(403);
    expect((await get('/open/2/edit', 'bob')).status).toBe(404);
    const ada = await get('/open/1/edit', 'ada');
    expect(ada.status).toBe(200);
    expect(ada.body).toEqual({ editing: 'plan' });
  });

  it("opens a method marked @Public() under a class's @Authorize", async () => {
    expect((await get('/closed/about')).status).toBe(200);
    expect((await get('/closed/1')).status).toBe(401);
    expect((await get('/closed/1', 'bob')).status).toBe(200);
  });

  it('applies the class rule to methods without one, inherited classes too', async () => {
    expect((await get('/open')).status).toBe(200);
    expect((await get('/inherited/1')).status).toBe(401);
    expect((await get('/inherited/2', 'bob')).status).toBe(404);
    expect((await get('/inherited/1', 'bob')).status).toBe(200);
  });

  it.each(['/wrapped/1', '/overriding/1/edit'])(
    "keeps a method's @Authorize through a wrapping decorator or an override (%s)",
    async (path) => {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, 'bob')).status).toBe(403);
      expect((await get(path, 'ada')).status).toBe(200);
    },
  );

  it('reports the rule that applies to each route', () => {
    const routes = app
      .get(RouteReportService)
      .routes()
      .map(({ method, path, guard }) => `${method} ${path} ${guard}`);
    expect(routes.sort()).toEqual(
      [
        'GET /open @Public()',
        "GET /open/:id/edit @Authorize('edit', DocById)",
        'GET /closed/about @Public()',
        "GET /closed/:id @Authorize('read', DocById)",
        'GET /inherited/about @Public()',
        "GET /inherited/:id @Authorize('read', DocById)",
        "GET /wrapped/:id @Authorize('edit', DocById)",
        'GET /overriding @Public()',
        "GET /overriding/:id/edit @Authorize('edit', DocById)",
      ].sort(),
    );
  });
});

describe('a route with two rules on one level', () => {
  @Controller('method-level')
  class BothOnMethod {
    @Get()
    @Public()
    @Authorize('read', DocById)
    show() {
      return 'unreachable';
    }
  }

  @Controller('two-resolvers')
  class TwoOnMethod {
    @Get(':id')
    @Authorize('read', DocById)
    @Authorize('edit', DocById)
    show() {
      return 'unreachable';
    }
  }

  @Controller('class-level')
  @Public()
  @AuthorizeQuery('read', Doc)
  class BothOnClass {
    @Get()
    list() {
      return 'unreachable';
    }
  }

  /** Its class rules conflict, though every method has its own rule. */
  @Controller('class-unused')
  @Public()
  @Authorize('read', DocById)
  class BothOnClassUnused {
    @Get()
    @Public()
    index() {
      return 'reachable only once the class is fixed';
    }
  }

  it.each([
    [
      BothOnClassUnused,
      "BothOnClassUnused.index has 2 authorization rules on the class: @Public(), @Authorize('read', DocById). Keep one.",
    ],
    [
      BothOnMethod,
      "BothOnMethod.show has 2 authorization rules on the method: @Public(), @Authorize('read', DocById). Keep one.",
    ],
    [
      TwoOnMethod,
      "TwoOnMethod.show has 2 authorization rules on the method: @Authorize('read', DocById), @Authorize('edit', DocById). Keep one.",
    ],
    [
      BothOnClass,
      "BothOnClass.list has 2 authorization rules on the class: @Public(), @AuthorizeQuery('read', Doc). Keep one.",
    ],
  ])('refuses to start: %p', async (controller, message) => {
    await expect(startApp([controller])).rejects.toThrow(message);
  });
});

describe('request-scoped resolvers', () => {
  /** A request-scoped resolver: the request is injected, not passed. */
  @Injectable({ scope: Scope.REQUEST })
  class DocOfThisRequest implements ResourceResolver<Doc> {
    static created = 0;

    constructor(@Inject(REQUEST) private readonly req: Request) {
      DocOfThisRequest.created += 1;
    }

    resolve() {
      return Promise.resolve(
        DOCS.find((d) => String(d.id) === this.req.params.id),
      );
    }

    placeholder() {
      return new Doc(null, 'placeholder');
    }

    notFoundMessage() {
      return `No doc ${String(this.req.params.id)} in this request`;
    }
  }

  /** Request-scoped only through what it depends on. */
  @Injectable()
  class ScopedDependent implements ResourceResolver<Doc> {
    constructor(private readonly inner: DocOfThisRequest) {}

    resolve() {
      return this.inner.resolve();
    }

    placeholder() {
      return this.inner.placeholder();
    }

    notFoundMessage() {
      return this.inner.notFoundMessage();
    }
  }

  @Controller('scoped')
  class ScopedController {
    @Get(':id')
    @Authorize('read', DocOfThisRequest)
    show(@AuthorizedResource() doc: Doc) {
      return { title: doc.title };
    }

    @Get(':id/via')
    @Authorize('read', ScopedDependent)
    via(@AuthorizedResource() doc: Doc) {
      return { title: doc.title };
    }
  }

  let app: INestApplication<App>;
  beforeAll(async () => {
    app = await startApp(
      [ScopedController],
      [DocOfThisRequest, ScopedDependent],
    );
  });
  afterAll(() => app.close());

  it.each(['/scoped', '/scoped/:id/via'])(
    'start and decide each request with its own instance (%s)',
    async (route) => {
      const path = (id: number) =>
        route === '/scoped' ? `/scoped/${id}` : `/scoped/${id}/via`;
      const before = DocOfThisRequest.created;
      const [allowed, hidden] = await Promise.all([
        getAs(app, path(1), 'bob'),
        getAs(app, path(2), 'bob'),
      ]);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toEqual({ title: 'plan' });
      expect(hidden.status).toBe(404);
      expect(hidden.body).toMatchObject({
        message: 'No doc 2 in this request',
      });
      expect(DocOfThisRequest.created).toBe(before + 2);
    },
  );
});

describe('a route whose resolver is not a provider', () => {
  @Injectable()
  class Unregistered implements ResourceResolver<Doc> {
    resolve() {
      return Promise.resolve(DOCS[0]);
    }
    placeholder() {
      return new Doc(null, 'placeholder');
    }
    notFoundMessage() {
      return 'never';
    }
  }

  @Controller('broken')
  class BrokenController {
    @Get()
    @Authorize('read', Unregistered)
    show() {
      return 'unreachable';
    }
  }

  it('stops the app at startup, naming the resolver and the route', async () => {
    await expect(startApp([BrokenController], [])).rejects.toThrow(
      'Unregistered, used by BrokenController.show, is not a provider: list it in the providers of the module that declares the route',
    );
  });
});

describe('the WWW-Authenticate challenge', () => {
  @Controller('docs')
  class ChallengeController {
    @Get(':id')
    @Authorize('read', DocById)
    show() {
      return 'unreachable';
    }
  }

  it('is the one the module is configured with', async () => {
    const app = await startApp([ChallengeController], [DocById], {
      wwwAuthenticate: 'Session realm="docs"',
    });
    try {
      const res = await getAs(app, '/docs/1');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Session realm="docs"');
    } finally {
      await app.close();
    }
  });
});
