import { spawn } from 'node:child_process';
import { ROOT } from './child-server';

/**
 * `npm run build`, every run: the bench measures dist/, and a stale build
 * would measure yesterday's app. Its output goes to stderr, with progress.
 */
export async function buildApp(): Promise<void> {
  const child = spawn('npm', ['run', '--silent', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', resolve),
  );
  if (code !== 0) throw new Error(`npm run build exited ${code}`);
}
