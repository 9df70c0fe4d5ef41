import { Oso } from 'oso';
import { applicableRules } from './applicable-rules';
import { polarLogOf } from '../services/polar-messages';

class Account {
  constructor(
    readonly id: number,
    readonly level: number,
  ) {}
}

const POLICY = [
  'allow(a: Account, "read", _r) if a.level > 1;', // line 1
  'allow(_a: Account, "read", r) if r = "open";', // line 2
  'allow(a: Account, "write", _r) if a.missing;', // line 3
  'allow(a: Account, "write", _r) if a.level > 5;', // line 4
].join('\n');

describe('the rules that apply, from Polar’s log', () => {
  let oso: Oso;
  beforeAll(async () => {
    oso = new Oso();
    oso.registerClass(Account);
    await oso.loadStr(POLICY, 'policy.polar');
  });
  afterAll(() => oso.free());
  afterEach(() => jest.restoreAllMocks());

  const logOf = (account: Account, action: string, resource: string) =>
    polarLogOf(() => oso.queryRule('allow', account, action, resource), 100);

  it('lists every rule that applies, in the order Polar tried them, with its place', async () => {
    const { lines, results } = await logOf(new Account(1, 2), 'read', 'open');
    expect(results).toBe(2);
    expect(applicableRules(lines)).toEqual([
      {
        text: 'allow(a: Account{}, "read", _r) if a.level = _value_1 and _value_1 > 1;',
        file: 'policy.polar',
        line: 1,
        column: 1,
      },
      {
        text: 'allow(_a: Account{}, "read", r) if r = "open";',
        file: 'policy.polar',
        line: 2,
        column: 1,
      },
    ]);
  });

  it('keeps a rule an error kept Polar from, without its text, and the error', async () => {
    const { lines, error } = await logOf(new Account(1, 9), 'write', 'x');
    expect(String(error)).toContain('missing');
    const [reached, stopped] = applicableRules(lines);
    expect(reached.line).toBe(3);
    expect(reached.text).toContain('a.missing');
    expect(stopped).toEqual({ file: 'policy.polar', line: 4, column: 1 });
  });

  it('prints nothing, and leaves POLAR_LOG as it found it', async () => {
    const print = jest.spyOn(console, 'log');
    const before = process.env.POLAR_LOG;
    try {
      process.env.POLAR_LOG = 'off';
      await logOf(new Account(1, 2), 'read', 'open');
      expect(process.env.POLAR_LOG).toBe('off');
      delete process.env.POLAR_LOG;
      await logOf(new Account(1, 2), 'read', 'open');
      expect(process.env.POLAR_LOG).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.POLAR_LOG;
      else process.env.POLAR_LOG = before;
    }
    expect(print).not.toHaveBeenCalled();
  });

  it('keeps the lines of queries run at once apart', async () => {
    const logs = await Promise.all(
      [1, 2, 3, 4].map((level) =>
        logOf(new Account(level, level), 'read', 'closed'),
      ),
    );
    logs.forEach(({ lines, results }, index) => {
      expect(results).toBe(index === 0 ? 0 : 1);
      const queries = lines.filter((line) => line.includes('QUERY RULE:'));
      expect(queries).toHaveLength(1);
      expect(queries[0]).toContain(`Account { id: ${index + 1}`);
    });
  });

  it('still prints the log of a query started outside a capture', async () => {
    const print = jest.spyOn(console, 'log').mockImplementation(() => {});
    process.env.POLAR_LOG = 'info';
    let results;
    try {
      results = oso.queryRule('allow', new Account(1, 2), 'read', 'open');
    } finally {
      delete process.env.POLAR_LOG;
    }
    for await (const result of results) expect(result).toBeDefined();
    expect(print).toHaveBeenCalledWith(expect.stringContaining('QUERY RULE'));
  });
});
