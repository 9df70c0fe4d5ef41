import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildServer, ROOT, startChildServer } from './child-server';

/** The app's own policy folder, as shipped (and as the other engineer changes it). */
export const LIVE_POLICIES = join(ROOT, 'policies');

/** Every server answers this once it serves: larry reads gmail in the quickstart's data. */
const READY = {
  path: '/repo/gmail',
  headers: { 'X-User': 'larry', Accept: 'application/json' },
};

/** `sqlite:<file>`, as DATABASE_URL takes it. */
export function databaseUrl(file: string): string {
  return `sqlite:${file}`;
}

export interface AppOptions {
  database: string;
  policyDir: string;
  /** AUTHZ_CACHE: `on` (the app's default) or `off`, every authorization cache disabled. */
  cache: 'on' | 'off';
}

/**
 * The built app (`node dist/main`, after `npm run build`), as in production:
 * with the node flags of `npm run start:prod`, and no default caller, so
 * every request names its caller in X-User.
 */
export function startApp(options: AppOptions): Promise<ChildServer> {
  return startChildServer({
    name: `app (AUTHZ_CACHE=${options.cache})`,
    args: [...productionNodeFlags(), join(ROOT, 'dist', 'main.js')],
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl(options.database),
      POLICY_DIR: options.policyDir,
      DEFAULT_USER: '',
      AUTHZ_CACHE: options.cache,
    },
    ready: READY,
  });
}

/** A server of bench/servers/, run as TypeScript the way `npm run bench` is. */
function startBenchServer(
  name: string,
  file: string,
  database: string,
): Promise<ChildServer> {
  return startChildServer({
    name,
    args: [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'servers', file),
    ],
    env: { NODE_ENV: 'production', DATABASE_URL: databaseUrl(database) },
    ready: READY,
  });
}

/** Express and TypeORM, no Nest, no policy: see bench/servers/bare-route.ts. */
export function startBareRoute(database: string): Promise<ChildServer> {
  return startBenchServer('bare route', 'bare-route.ts', database);
}

/** Express and oso on objects in memory: see bench/servers/quickstart-shape.ts. */
export function startQuickstartShape(database: string): Promise<ChildServer> {
  return startBenchServer(
    'Oso quickstart shape',
    'quickstart-shape.ts',
    database,
  );
}

/** The flags `npm run start:prod` gives node (its heap's bounds). */
export function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(
    readFileSync(join(ROOT, 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  const command = /\bnode((?:\s+--\S+)*)\s+dist\/main\b/.exec(
    scripts['start:prod'] ?? '',
  );
  if (!command) {
    throw new Error(
      `package.json's start:prod does not run "node [--flags] dist/main": ${scripts['start:prod']}`,
    );
  }
  return command[1].split(/\s+/).filter(Boolean);
}
