import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForbiddenError, NotFoundError } from 'oso';
import {
  Doc,
  FIXTURE_CLASSES,
  FIXTURE_POLICY_DIR,
  Grant,
  Person,
} from '../__fixtures__/docs';
import { PolicyLoadError } from '../errors/policy-load.error';
import type { OsoModuleOptions } from '../interfaces/oso-module-options.interface';
import { OsoModule } from '../oso.module';
import { OsoService } from './oso.service';

async function startService(options: OsoModuleOptions) {
  const moduleRef = await Test.createTestingModule({
    imports: [OsoModule.forRoot(options)],
  }).compile();
  await moduleRef.init();
  return { oso: moduleRef.get(OsoService), close: () => moduleRef.close() };
}

describe('OsoService', () => {
  // The doc each person's grant points at is a separately built copy, as if
  // loaded by another query: same id, different shape.
  const plan = new Doc(1, 'plan', ['q3']);
  const memo = new Doc(2, 'memo');
  const ada = new Person(1, 'ada', [new Grant('editor', new Doc(1, 'plan'))]);
  const bob = new Person(2, 'bob', [new Grant('viewer', new Doc(1, 'plan'))]);

  let oso: OsoService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ oso, close } = await startService({
      policyDir: FIXTURE_POLICY_DIR,
      classes: FIXTURE_CLASSES,
    }));
  });
  afterAll(() => close());

  it('allows by role, comparing entities by class and key', async () => {
    await expect(oso.isAllowed(ada, 'edit', plan)).resolves.toBe(true);
    await expect(oso.isAllowed(bob, 'read', plan)).resolves.toBe(true);
    await expect(oso.isAllowed(bob, 'edit', plan)).resolves.toBe(false);
    await expect(oso.isAllowed(ada, 'read', memo)).resolves.toBe(false);
  });

  it('authorize resolves when allowed', async () => {
    await expect(oso.authorize(ada, 'edit', plan)).resolves.toBeUndefined();
  });

  it('authorize throws NotFoundError when the actor may not read the resource', async () => {
    await expect(oso.authorize(ada, 'read', memo)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(oso.authorize(ada, 'edit', memo)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('authorize throws ForbiddenError when the actor may read but not act', async () => {
    await expect(oso.authorize(bob, 'edit', plan)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('lists the permitted actions, sorted', async () => {
    await expect(oso.authorizedActions(ada, plan)).resolves.toEqual([
      'edit',
      'read',
    ]);
    await expect(oso.authorizedActions(bob, plan)).resolves.toEqual(['read']);
    await expect(oso.authorizedActions(bob, memo)).resolves.toEqual([]);
  });
});

describe('OsoService lifecycle', () => {
  it('can be closed twice, and then refuses every check', async () => {
    const { oso, close } = await startService({
      policyDir: FIXTURE_POLICY_DIR,
      classes: FIXTURE_CLASSES,
    });
    await close();
    await expect(close()).resolves.toBeUndefined();
    const ada = new Person(1, 'ada', [new Grant('editor', new Doc(1, 'x'))]);
    await expect(oso.isAllowed(ada, 'read', new Doc(1, 'x'))).rejects.toThrow(
      'The policy is not loaded',
    );
  });

  it('refuses authorizedQuery without a data-filtering adapter', async () => {
    const { oso, close } = await startService({
      policyDir: FIXTURE_POLICY_DIR,
      classes: FIXTURE_CLASSES,
    });
    try {
      await expect(
        oso.authorizedQuery(new Person(1, 'ada'), 'read', Doc),
      ).rejects.toThrow(
        'authorizedQuery needs a dataFilteringAdapter in the OsoModule options',
      );
    } finally {
      await close();
    }
  });
});

describe('OsoService policy loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oso-service-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const start = () =>
    startService({ policyDir: dir, classes: FIXTURE_CLASSES });

  it('loads every .polar file in the folder and ignores other files', async () => {
    writeFileSync(
      join(dir, 'a.polar'),
      'allow(_: Person, "read", doc: Doc) if doc.title = "open";',
    );
    writeFileSync(
      join(dir, 'b.polar'),
      'allow(_: Person, "edit", doc: Doc) if doc.title = "open";',
    );
    writeFileSync(join(dir, 'notes.txt'), 'this is not polar (');
    const { oso, close } = await start();
    try {
      await expect(
        oso.authorizedActions(new Person(9, 'x'), new Doc(9, 'open')),
      ).resolves.toEqual(['edit', 'read']);
    } finally {
      await close();
    }
  });

  it('refuses a policy with a syntax error, naming the position and file', async () => {
    writeFileSync(join(dir, 'bad.polar'), 'allow(a, b, c) if a = ;\n');
    const failure = start();
    await expect(failure).rejects.toBeInstanceOf(PolicyLoadError);
    await expect(failure).rejects.toThrow(/\S*bad\.polar:1:23: /);
  });

  it('refuses a folder without policies', async () => {
    await expect(start()).rejects.toThrow(
      `No .polar files in the policy folder ${dir}`,
    );
  });
});
