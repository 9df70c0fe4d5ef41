import { spawn } from 'node:child_process';
import { ROOT } from './child-server';
import { databaseUrl } from './servers';

/**
 * `npm run db:seed -- <args>` on a new sqlite file: the app's schema and the
 * quickstart's data (larry, anne, graham; gmail, react, oso), then the
 * synthetic data set `args` describes. The project's own script, so the data
 * is what anyone reproducing a figure gets.
 */
export async function seedDatabase(
  file: string,
  args: string[],
): Promise<void> {
  const child = spawn('npm', ['run', '--silent', 'db:seed', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(file) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', resolve),
  );
  if (code !== 0) {
    throw new Error(
      `npm run db:seed -- ${args.join(' ')} exited ${code}:\n${output}`,
    );
  }
}
