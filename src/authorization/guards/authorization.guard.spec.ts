import type { App } from 'supertest/types';
import {
  Controller,
  Get,
  INestApplication,
  Injectable,
  Module,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import request from 'supertest';
import { HttpExceptionFilter } from '../../http/http-exception.filter';
import {
  Doc,
  FIXTURE_CLASSES,
  FIXTURE_POLICY_DIR,
  Grant,
  Person,
} from '../__fixtures__/docs';
import { Authorize } from '../decorators/authorize.decorator';
import { AuthorizedResource } from '../decorators/authorized-resource.decorator';
import { Public } from '../decorators/public.decorator';
import type { ResourceResolver } from '../interfaces/resource-resolver.interface';
import { OsoModule } from '../oso.module';

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

  notFoundMessage(req: Request) {
    return `No doc ${String(req.params.id)}`;
  }
}

@Injectable()
class Unregistered implements ResourceResolver<Doc> {
  resolve() {
    return Promise.resolve(DOCS[0]);
  }
  notFoundMessage() {
    return 'never';
  }
}

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

@Module({
  controllers: [DocsController, OtherController],
  providers: [DocById],
})
class DocsModule {}

describe('AuthorizationGuard', () => {
  let app: INestApplication<App>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        OsoModule.forRoot({
          policyDir: FIXTURE_POLICY_DIR,
          classes: FIXTURE_CLASSES,
          // The caller comes from a header here, to show getUser is pluggable.
          getUser: (context) => {
            const name = context.switchToHttp().getRequest<Request>().headers[
              'x-person'
            ];
            return PEOPLE.find((p) => p.name === name);
          },
        }),
        DocsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    }).compile();
    app = moduleRef.createNestApplication<INestApplication<App>>({
      logger: false,
    });
    await app.init();
  });
  afterAll(() => app.close());

  const get = (path: string, person?: string) => {
    const req = request(app.getHttpServer())
      .get(path)
      .set('Accept', 'application/json');
    return person ? req.set('X-Person', person) : req;
  };

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

  it('answers 404 with the resolver message when the caller may not read', async () => {
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

  it('answers 403 when the caller may read but not act', async () => {
    const res = await get('/docs/1/edit', 'bob');
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Forbidden',
    });
  });

  it('answers 401 when there is no caller', async () => {
    expect((await get('/docs/1')).status).toBe(401);
    expect((await get('/docs/1', 'nobody')).status).toBe(401);
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

describe('a route whose resolver is not a provider', () => {
  @Controller('broken')
  class BrokenController {
    @Get()
    @Authorize('read', Unregistered)
    show() {
      return 'unreachable';
    }
  }

  it('stops the app at startup, naming the resolver and the route', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        OsoModule.forRoot({
          policyDir: FIXTURE_POLICY_DIR,
          classes: FIXTURE_CLASSES,
        }),
      ],
      controllers: [BrokenController],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      'Unregistered, used by BrokenController.show, is not a provider: list it in the providers of the module that declares the route',
    );
    await app.close();
  });
});
