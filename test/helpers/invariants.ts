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

/**
 * An answer with what may differ between two repository names taken out:
 * the Date, Content-Length and ETag headers, and the name itself (as sent
 * and as JSON escapes it). Two answers that compare equal this way cannot be
 * told apart but by the name the client already knows.
 */
export function comparableAnswer(res: Response, name: string) {
  const headers = { ...res.headers } as Record<string, unknown>;
  for (const header of ['date', 'content-length', 'etag']) {
    delete headers[header];
  }
  const body = res.text
    .split(name)
    .join('<name>')
    .split(JSON.stringify(name).slice(1, -1))
    .join('<name>');
  return { status: res.status, headers, body };
}
