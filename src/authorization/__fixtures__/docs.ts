import { join } from 'node:path';

/** The classes the fixture policy names; shaped like entities, keyed by `id`. */
export class Doc {
  constructor(
    public id: number | null | undefined,
    public title: string,
    public tags: string[] = [],
  ) {}
}

export class Grant {
  constructor(
    public role: string,
    public doc: Doc,
  ) {}
}

export class Person {
  constructor(
    public id: number,
    public name: string,
    public grants: Grant[] = [],
  ) {}
}

export const FIXTURE_POLICY_DIR = join(__dirname, 'policy');

export const FIXTURE_CLASSES = [
  { type: Person, name: 'Person' },
  { type: Doc, name: 'Doc' },
  { type: Grant, name: 'Grant' },
];
