import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Oso } from 'oso';
import { PolicyLoadError } from '../errors/policy-load.error';
import { shownPath } from '../errors/policy-source';

/**
 * Every `.polar` file directly in `dir` (a link to one included), sorted so
 * load order is stable.
 */
export async function findPolicyFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new PolicyLoadError(
      `Cannot read the policy folder ${dir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const named = entries.filter(
    (entry) =>
      entry.name.endsWith('.polar') &&
      (entry.isFile() || entry.isSymbolicLink()),
  );
  const files: string[] = [];
  for (const entry of named) {
    const file = join(dir, entry.name);
    if (entry.isFile() || (await isFile(file))) files.push(file);
  }
  if (files.length === 0) {
    throw new PolicyLoadError(`No .polar files in the policy folder ${dir}`);
  }
  return files.sort();
}

/** Whether `path` leads to a file; a dangling link leads nowhere. */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The text of every policy file in `dir`, by path. An empty file is refused:
 * it is what an editor leaves for a moment while it saves.
 */
export async function readPolicy(dir: string): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const file of await findPolicyFiles(dir)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new PolicyLoadError(
        `Cannot read ${shownPath(file)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (text.trim() === '') {
      throw new PolicyLoadError(
        `Cannot load the policy: ${shownPath(file)} is empty`,
      );
    }
    sources.set(file, text);
  }
  return sources;
}

/**
 * Loads `sources` into `oso` as `loadFiles` would, without reading the files
 * again, so that what is loaded is what was read (oso 0.27.3 is pinned: its
 * `loadSources` is private).
 */
export function loadSources(
  oso: Oso<object, string, object>,
  sources: ReadonlyMap<string, string>,
): Promise<void> {
  const polar = oso as unknown as {
    loadSources(list: { src: string; filename: string }[]): Promise<void>;
  };
  return polar.loadSources(
    [...sources].map(([filename, src]) => ({ src, filename })),
  );
}
