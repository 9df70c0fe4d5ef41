import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../test/helpers/server-process';

/** The project folder: children run here, as `npm start` would. */
export const ROOT = join(__dirname, '..');

/** How long a server may take to answer its first 200 before the bench gives up. */
const READY_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 20;
/** After SIGTERM, how long a server may drain before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

/** A server the bench started as a node process of its own. */
export interface ChildServer {
  name: string;
  /** The node process itself (spawned directly, never through npm). */
  pid: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** From spawn to the first 200 of the readiness route, in ms. */
  startupMs: number;
  /** What it printed, stdout and stderr. */
  output(): string;
  /** Resident memory (VmRSS) in MB, or undefined off Linux. */
  rssMb(): number | undefined;
  /** SIGTERM, then SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
}

export interface ChildServerSpec {
  name: string;
  /** Arguments to `node`. */
  args: string[];
  /** Added to this process's environment; PORT is set by the bench. */
  env: Record<string, string>;
  /** A request that answers 200 once the server serves: GET, with headers. */
  ready: { path: string; headers: Record<string, string> };
}

/** Every child still running: killed if the bench itself dies. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Spawns `node <args>` in the project folder on a free port and polls the
 * readiness route until it answers 200: the time that took is the server's
 * startup. Rejects with the server's output when it exits first or takes
 * longer than a minute.
 */
export async function startChildServer(
  spec: ChildServerSpec,
): Promise<ChildServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, spec.args, {
    cwd: ROOT,
    // NO_COLOR: logs the bench can read (Nest colours them otherwise).
    env: { ...process.env, ...spec.env, PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      running.delete(child);
      resolve();
    }),
  );

  const fail = (why: string) =>
    new Error(`${spec.name} ${why}; its output:\n${output}`);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw fail(
        `exited (${child.exitCode ?? child.signalCode}) before serving`,
      );
    }
    if (performance.now() - started > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw fail(`did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
    }
    if ((await probe(base, spec.ready)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const startupMs = performance.now() - started;

  return {
    name: spec.name,
    pid: child.pid!,
    base,
    startupMs,
    output: () => output,
    rssMb: () => rssMb(child.pid!),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The status of one GET on a fresh connection; 0 while nothing listens. */
function probe(
  base: string,
  { path, headers }: ChildServerSpec['ready'],
): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      `${base}${path}`,
      { headers, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** VmRSS of process `pid` from /proc, in MB; undefined where there is no /proc. */
function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
