import type { Response } from 'supertest';

/** Our own markup on error and repo pages; anything else that looks like a tag was echoed. */
const OUR_TAGS = /<\/?(h1|p)>/g;

/**
 * What every answer must satisfy, whatever was sent: no stack trace, and in
 * HTML nothing echoed unescaped (no stray tag characters, no control
 * characters).
 */
export function expectNothingLeaked(res: Response): void {
  expect(res.text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(res.text).not.toMatch(/node_modules|\/src\//);
  if (/^text\/html/.test(String(res.headers['content-type']))) {
    const text = res.text.replace(OUR_TAGS, '');
    expect(text).not.toMatch(/[<>]/);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  }
}

/** An answer to hostile input while all is well: {@link expectNothingLeaked}, and no 5xx. */
export function expectSafeAnswer(res: Response): void {
  expect(res.status).toBeLessThan(500);
  expectNothingLeaked(res);
}
