import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { type components, createApiClient } from '../client';
import { CLIENT_SCHEMA, CLIENT_SCHEMA_ENV } from '../src/cli/client-schema';
import { HttpClient } from './helpers/http-client';
import { SEED_POLICIES } from './helpers/policies';
import { ROOT } from './helpers/server-process';
import { createTestApp, type TestApp } from './helpers/test-app';

// The check starts the npm script's process, and the compile cases
// type-check a program against client/: seconds each.
jest.setTimeout(60_000);

/**
 * The client in client/ against the real app on a real port (openapi-fetch
 * calls the global fetch), run under the environment its schema is
 * generated under. Each case has an app of its own, on a fresh seed.
 */
describe('the typed client', () => {
  let testApp: TestApp;
  let baseUrl: string;
  /** The client of a user, as a frontend would make it. */
  const as = (user: string) => createApiClient({ baseUrl, user });

  beforeEach(async () => {
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      env: CLIENT_SCHEMA_ENV,
    });
    ({ base: baseUrl } = await HttpClient.listen(testApp.app));
  });
  afterEach(() => testApp.close());

  // openapi-typescript needs require(esm), which Jest's module loader lacks:
  // the check runs in the npm script's own process, on the served description.
  it(`is typed by ${CLIENT_SCHEMA}, what openapi-typescript makes of the description /docs-json serves`, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        'src/cli/openapi-client.ts',
        '--check',
        '--from',
        `${baseUrl}/docs-json`,
      ],
      { cwd: ROOT },
    );
    expect(stdout).toBe(`${CLIENT_SCHEMA} is up to date\n`);
  });

  it("runs the README's flow: read, push, grant, list, revoke, delete", async () => {
    const [larry, graham] = [as('larry'), as('graham')];
    const gmail = { params: { path: { name: 'gmail' } } };
    const grahamOnGmail = {
      params: { path: { name: 'gmail', user: 'graham' } },
    };

    const read = await larry.GET('/repo/{name}', gmail);
    expect(read.response.status).toBe(200);
    expect(read.data?.name).toBe('gmail');
    expect(read.data?.pushCount).toBe(0);

    const pushed = await larry.POST('/repo/{name}/push', gmail);
    expect(pushed.response.status).toBe(200);
    expect(pushed.data?.pushCount).toBe(1);
    expect(pushed.data?.lastPushedBy).toBe('larry');

    const granted = await larry.PUT('/repo/{name}/roles/{user}', {
      ...grahamOnGmail,
      body: { role: 'maintainer' },
    });
    expect(granted.response.status).toBe(201);
    expect(granted.data).toEqual({ user: 'graham', role: 'maintainer' });
    expect(
      (await graham.POST('/repo/{name}/push', gmail)).data?.pushCount,
    ).toBe(2);

    const changed = await larry.PUT('/repo/{name}/roles/{user}', {
      ...grahamOnGmail,
      body: { role: 'admin' },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data?.role).toBe('admin');
    const listed = await larry.GET('/repo/{name}/roles', gmail);
    expect(listed.data?.roles).toEqual([
      { user: 'graham', role: 'admin' },
      { user: 'larry', role: 'admin' },
    ]);

    const revoked = await larry.DELETE(
      '/repo/{name}/roles/{user}',
      grahamOnGmail,
    );
    expect(revoked.response.status).toBe(204);
    // No role left on gmail, which is private: hidden from graham, not refused.
    const refused = await graham.POST('/repo/{name}/push', gmail);
    expect(refused.response.status).toBe(404);
    expect(refused.error?.message).toBe('Repo named gmail was not found');

    const deleted = await larry.DELETE('/repo/{name}', gmail);
    expect(deleted.response.status).toBe(204);
    const gone = await larry.GET('/repo/{name}', gmail);
    expect(gone.response.status).toBe(404);
    expect(gone.data).toBeUndefined();
    expect(gone.error).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Repo named gmail was not found',
    });
  });

  it('types the errors a caller can act on: 403, 400 and 409', async () => {
    const larry = as('larry');

    // graham contributes to oso: he reads it, but may not push it.
    const forbidden = await as('graham').POST('/repo/{name}/push', {
      params: { path: { name: 'oso' } },
    });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error?.statusCode).toBe(403);
    expect(forbidden.error?.error).toBe('Forbidden');

    // The types accept no such role (see the compile case below), so the
    // body is cast: what a client built without them could still send.
    const unknownRole = await larry.PUT('/repo/{name}/roles/{user}', {
      params: { path: { name: 'gmail', user: 'anne' } },
      body: {
        role: 'owner',
      } as unknown as components['schemas']['GrantRole'],
    });
    expect(unknownRole.response.status).toBe(400);
    expect(unknownRole.error?.message).toMatch(
      'role must be one of the following values: contributor, maintainer, admin',
    );

    const lastAdmin = await larry.DELETE('/repo/{name}/roles/{user}', {
      params: { path: { name: 'gmail', user: 'larry' } },
    });
    expect(lastAdmin.response.status).toBe(409);
    expect(lastAdmin.error?.error).toBe('Conflict');
    expect(lastAdmin.error?.message).toBe(
      'User larry is the last admin of repo gmail: make another user admin first',
    );
  });
});

/** A snippet of a user's code calling the client: `body` is the grant's body. */
const grantWith = (body: string) => `
import { createApiClient } from ${JSON.stringify(join(ROOT, 'client'))};

export async function grant() {
  const client = createApiClient({ baseUrl: 'http://localhost:5000' });
  const { data, error } = await client.PUT('/repo/{name}/roles/{user}', {
    params: { path: { name: 'gmail', user: 'anne' } },
    body: ${body},
  });
  const role: string | undefined = data?.role;
  const message: string | undefined = error?.message;
  return { role, message };
}
`;

/** A snippet that misreads an error: its statusCode is a number. */
const MISREAD_ERROR = `
import { createApiClient } from ${JSON.stringify(join(ROOT, 'client'))};

export async function read() {
  const client = createApiClient({ baseUrl: 'http://localhost:5000' });
  const { error } = await client.GET('/repo/{name}', { params: { path: { name: 'gmail' } } });
  const status: string | undefined = error?.statusCode;
  return status;
}
`;

/** Each snippet's diagnostics, under the project's compiler options. */
function compile(snippets: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'api-client-'));
  try {
    const files = Object.entries(snippets).map(([name, text]) => {
      const file = join(dir, `${name}.ts`);
      writeFileSync(file, text);
      return [name, file] as const;
    });
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      { noEmit: true, incremental: false },
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: ({ messageText }) => {
          throw new Error(ts.flattenDiagnosticMessageText(messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('tsconfig.json: cannot be read');
    const program = ts.createProgram(
      files.map(([, file]) => file),
      config.options,
    );
    return Object.fromEntries(
      files.map(([name, file]) => [
        name,
        ts
          .getPreEmitDiagnostics(program, program.getSourceFile(file))
          .map(({ code, messageText }) => ({
            code,
            message: ts.flattenDiagnosticMessageText(messageText, '\n'),
          })),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('code using the typed client', () => {
  let diagnostics: Record<string, { code: number; message: string }[]>;
  /** The codes of the diagnostics of `snippet`. */
  const codes = (snippet: string) => diagnostics[snippet].map((d) => d.code);
  /** The message of its first diagnostic. */
  const message = (snippet: string) => diagnostics[snippet][0]?.message;

  beforeAll(() => {
    diagnostics = compile({
      right: grantWith("{ role: 'maintainer' }"),
      unknownRole: grantWith("{ role: 'owner' }"),
      noRole: grantWith('{}'),
      misnamed: grantWith("{ rol: 'maintainer' }"),
      misreadError: MISREAD_ERROR,
    });
  });

  it('compiles with a right body', () => {
    expect(diagnostics.right).toEqual([]);
  });

  it('does not compile with a role the API does not take, and names the roles it does', () => {
    expect(codes('unknownRole')).toEqual([2322]);
    const [, roles] =
      /^Type '"owner"' is not assignable to type '(.*)'/.exec(
        message('unknownRole'),
      ) ?? [];
    // The compiler lists a union's members in the order it met them.
    expect(roles?.split(' | ').sort()).toEqual([
      '"admin"',
      '"contributor"',
      '"maintainer"',
    ]);
  });

  it('does not compile without the required role', () => {
    expect(codes('noRole')).toEqual([2322]);
    expect(message('noRole')).toContain(
      "Property 'role' is missing in type '{}'",
    );
  });

  it('does not compile with a misspelt field, and names the right one', () => {
    expect(codes('misnamed')).toEqual([2561]);
    expect(message('misnamed')).toMatch(
      /'rol' does not exist in type .* Did you mean to write 'role'\?$/,
    );
  });

  it('types an error as the Error schema: its statusCode is a number', () => {
    expect(codes('misreadError')).toEqual([2322]);
    expect(message('misreadError')).toContain(
      "Type 'number' is not assignable to type 'string'",
    );
  });
});
