import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The project folder, where npm scripts run. */
export const ROOT = join(__dirname, '../..');

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once the app logs that it listens; rejects if it exits first. */
  listening: Promise<void>;
  /** Resolves once the process has printed `text`; rejects if it exits without. */
  printed: (text: string) => Promise<void>;
  output: () => string;
  /** Kills the process and everything it started (npm, sh, node). */
  kill: () => void;
}

/**
 * Starts `command` in `cwd`, the project folder unless told, as a process
 * group of its own, with `env` added to this process's environment (a value
 * of undefined removes the variable), and keeps what it prints. POLICY_DIR
 * is required, so no spec runs on the live policies/ by accident.
 */
export function startServer(
  command: string[],
  env: { POLICY_DIR: string } & Record<string, string | undefined>,
  cwd = ROOT,
): ServerProcess {
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
  }
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', resolve),
  );
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (output.includes(text)) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
      void exited.then(() => {
        clearInterval(poll);
        if (output.includes(text)) resolve();
        else
          reject(new Error(`the server exited before "${text}":\n${output}`));
      });
    });
  const listening = printed('Listening on');
  const kill = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  return { child, exited, listening, printed, output: () => output, kill };
}
