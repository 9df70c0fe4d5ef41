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
  const check = (text: string) =>
    verify(undefined as never, undefined, Buffer.from(text));

  it('lets 32 levels through and refuses 33 with a 400 the client may see', () => {
    expect(() => check(nested(32))).not.toThrow();
    let refusal: unknown;
    try {
      check(nested(33));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      status: 400,
      expose: true,
      message: 'JSON body nested deeper than 32 levels',
    });
  });
});
