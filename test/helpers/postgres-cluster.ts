import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process';

const run = promisify(execFile);

/**
 * Where PostgreSQL's server programs are: PG_BIN, else Debian's
 * /usr/lib/postgresql/<version>/bin (the newest), else the PATH.
 */
function serverBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions
    .map((version) => join(root, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')));
  return found ?? '';
}

/**
 * A PostgreSQL server of a spec's own, on a free loopback port, in a
 * scratch folder: for specs that stop and start the server itself. As root
 * (CI), the server runs as the `postgres` user, since PostgreSQL refuses
 * root.
 */
export class PostgresCluster {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const bin = serverBin();
    const dir = mkdtempSync(join(tmpdir(), 'oso-quickstart-pg-'));
    const cluster = new PostgresCluster(bin, dir, await freePort());
    if (userInfo().uid === 0) chownSync(dir, ...(await postgresIds()));
    await cluster.as('initdb', [
      '-D',
      join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    await cluster.start();
    return cluster;
  }

  /** A URL of database `name` on this server. */
  url(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async start(): Promise<void> {
    await this.as('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  /** Stops the server as an operator would: sessions are ended at once. */
  async stop(): Promise<void> {
    await this.as('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-m',
      'fast',
      '-w',
      'stop',
    ]);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs one of the server's programs, as `postgres` when this is root. */
  private async as(program: string, args: string[]): Promise<void> {
    const path = this.bin ? join(this.bin, program) : program;
    const [command, ...rest] =
      userInfo().uid === 0
        ? ['runuser', '-u', 'postgres', '--', path, ...args]
        : [path, ...args];
    try {
      await run(command, rest);
    } catch (error) {
      throw new Error(
        `${program} failed; is PostgreSQL's server installed (apt-get install postgresql), or PG_BIN set to its bin folder? ${String(error)}`,
      );
    }
  }
}

/** The uid and gid of the `postgres` user. */
async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
