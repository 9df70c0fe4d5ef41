/** A rule of the loaded policy, where it is written and as Polar runs it. */
export interface PolicyRule {
  /**
   * The rule as Polar holds it, a resource block's shorthand rules
   * expanded; undefined for a rule Polar did not reach (an error stopped it).
   */
  text?: string;
  file: string;
  line: number;
  column: number;
}

/** A line of Polar's own log: what `print()` in a rule prints has no prefix. */
const PREFIX = /^\[oso\]\[info\]/;
const PLACE = /^(.*) at line (\d+), column (\d+) of file (.+)$/;

/**
 * The rules that apply to the outermost query of a Polar info log, in the
 * order Polar tried them, each with its place: the log lists the rules
 * that apply (with their heads and places) and then prints each rule it
 * tries in full. A rule that applies but was never tried comes last,
 * without its text. Query with the arguments bound to variables: Polar
 * prints the strings a query names as they are, new lines included.
 */
export function applicableRules(lines: string[]): PolicyRule[] {
  // Polar prints each line of its log apart: a message of several lines
  // is not its own, nor a line without its prefix.
  const own = lines.filter((line) => PREFIX.test(line) && !line.includes('\n'));
  const entries = own.map((line) => {
    const text = line.replace(PREFIX, '');
    const content = text.trimStart();
    return { indent: text.length - content.length, content };
  });
  const query = entries.findIndex(({ content }) =>
    content.startsWith('QUERY RULE:'),
  );
  if (query < 0) return [];
  const inner = entries[query].indent + 2;
  const applicable: Omit<PolicyRule, 'text'>[] = [];
  const heads: string[] = [];
  const tried: string[] = [];
  let listing = false;
  for (const { indent, content } of entries.slice(query + 1)) {
    if (indent < inner) continue;
    if (indent === inner) {
      listing = content === 'APPLICABLE_RULES:';
      if (content.startsWith('RULE: ')) tried.push(content.slice(6));
      continue;
    }
    const place = listing && indent === inner + 2 && PLACE.exec(content);
    if (place) {
      heads.push(place[1]);
      applicable.push({
        file: place[4],
        line: Number(place[2]),
        column: Number(place[3]),
      });
    }
  }
  const unclaimed = applicable.map((_, index) => index);
  const rules: PolicyRule[] = [];
  for (const text of tried) {
    const at = unclaimed.findIndex((index) =>
      [`${heads[index]} if `, `${heads[index]};`].some((start) =>
        text.startsWith(start),
      ),
    );
    if (at < 0) continue;
    const [index] = unclaimed.splice(at, 1);
    rules.push({ text, ...applicable[index] });
  }
  for (const index of unclaimed) {
    rules.push({ ...applicable[index] });
  }
  return rules;
}
