import { jsonDepth, refuseDeepJson } from './json-depth';

const depthOf = (text: string) => jsonDepth(Buffer.from(text));
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"role":"admin"}', 1],
    ['{"a":[1,{"b":[]}],"c":{}}', 4],
    [nested(3000), 3000],
  ])('of %s is %d', (text, depth) => {
    expect(depthOf(text)).toBe(depth);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(depthOf('{"a":"[[[{{{"}')).toBe(1);
    expect(depthOf('{"a":"\\"[[[","b":"\\\\"}')).toBe(1);
  });
});

describe('refuseDeepJson', () => {
  const verify = refuseDeepJson(32);
  const check = (text: string, encoding = 'utf-8') =>
    verify(undefined as never, undefined, Buffer.from(text), encoding);
  const refusal = (text: string, encoding?: string) => {
    try {
      check(text, encoding);
    } catch (error) {
      return error;
    }
  };

  it('lets 32 levels through and refuses 33 with a 400 the client may see', () => {
    expect(() => check(nested(32))).not.toThrow();
    expect(refusal(nested(33))).toMatchObject({
      status: 400,
      expose: true,
      message: 'JSON body nested deeper than 32 levels',
    });
  });

  it.each(['utf-16le', 'utf-16', 'utf-32be'])(
    'refuses a body in %s with 415, since it scans UTF-8',
    (encoding) => {
      expect(refusal('{}', encoding)).toMatchObject({
        status: 415,
        expose: true,
        message: `JSON bodies must be UTF-8, not ${encoding.toUpperCase()}`,
      });
    },
  );

  it.each(['utf-8', 'UTF-8', 'utf8'])('takes %s', (encoding) => {
    expect(() => check('{}', encoding)).not.toThrow();
  });
});
