import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicyLoadError } from '../errors/policy-load.error';

/** Every `.polar` file directly in `dir`, sorted so load order is stable. */
export async function findPolicyFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new PolicyLoadError(`Cannot read the policy folder ${dir}`, {
      cause: error,
    });
  }
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.polar'))
    .map((entry) => join(dir, entry.name))
    .sort();
  if (files.length === 0) {
    throw new PolicyLoadError(`No .polar files in the policy folder ${dir}`);
  }
  return files;
}
