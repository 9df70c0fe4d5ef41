import {
  isStorableInteger,
  isStorableText,
  MAX_STORABLE_INTEGER,
} from './storable';

describe('isStorableText', () => {
  it.each(['gmail', '', 'é🎉', '\u0001\u001b[2J', '\uFFFF'])(
    'takes %j',
    (text) => {
      expect(isStorableText(text)).toBe(true);
    },
  );

  it.each(['\u0000', 'gmail\u0000', '\u0000gmail', 'a\u0000b'])(
    'refuses %j, which holds U+0000',
    (text) => {
      expect(isStorableText(text)).toBe(false);
    },
  );
});

describe('isStorableInteger', () => {
  it.each([0, 1, -1, 2_147_483_647, -2_147_483_648])('takes %d', (value) => {
    expect(isStorableInteger(value)).toBe(true);
  });

  it.each([
    2_147_483_648,
    -2_147_483_649,
    Number.MAX_SAFE_INTEGER,
    1e20,
    1.5,
    NaN,
    Infinity,
  ])('refuses %d, which no integer column holds', (value) => {
    expect(isStorableInteger(value)).toBe(false);
  });

  it('is 32 bits wide, as PostgreSQL’s integer', () => {
    expect(MAX_STORABLE_INTEGER).toBe(2_147_483_647);
  });
});
