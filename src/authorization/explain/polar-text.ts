/**
 * Just enough of Polar's syntax to take a rule apart: strings, `#`
 * comments, brackets, and the words `if`, `and`, `or`. The explanation runs
 * the pieces as queries; Polar itself parses them.
 */

/**
 * The text of the rule starting at `line`:`byteColumn` (1-based, the column
 * in UTF-8 bytes as Polar counts it), comments dropped.
 */
export function ruleAt(
  source: string,
  line: number,
  byteColumn: number,
): string | undefined {
  const lines = source.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  const start =
    lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) +
    Buffer.from(lines[line - 1], 'utf8')
      .subarray(0, byteColumn - 1)
      .toString('utf8').length;
  const text = normalize(source.slice(start), { stopAtSemicolon: true });
  return text.endsWith(';') ? text : undefined;
}

/**
 * `text` with comments removed and each run of blanks made one space,
 * strings kept as they are; up to the first `;` outside brackets when asked.
 */
export function normalize(
  text: string,
  { stopAtSemicolon = false } = {},
): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
      if (!out.endsWith(' ')) out += ' ';
    } else if (/\s/.test(char)) {
      if (out !== '' && !out.endsWith(' ')) out += ' ';
    } else {
      if ('([{'.includes(char)) depth += 1;
      if (')]}'.includes(char)) depth -= 1;
      out += char;
      if (char === ';' && depth === 0 && stopAtSemicolon) break;
    }
  }
  return out.trim().replace(/ ;$/, ';');
}

/** The index just past the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/**
 * `text` cut where `separator` (a word such as `and`, or `,`) stands
 * outside strings and brackets; each piece trimmed.
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const word = /^\w+$/.test(separator);
  const pieces: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') {
      i = stringEnd(text, i) - 1;
    } else if ('([{'.includes(char)) {
      depth += 1;
    } else if (')]}'.includes(char)) {
      depth -= 1;
    } else if (
      depth === 0 &&
      text.startsWith(separator, i) &&
      (!word ||
        (!/\w/.test(text[i - 1] ?? '') &&
          !/\w/.test(text[i + separator.length] ?? '')))
    ) {
      pieces.push(text.slice(from, i).trim());
      from = i + separator.length;
      i = from - 1;
    }
  }
  pieces.push(text.slice(from).trim());
  return pieces;
}

/** A rule as text: `name(params) if body;` taken apart. */
export interface RuleParts {
  name: string;
  params: string[];
  /** The conditions the body joins with `and`; one piece for an `or`. */
  conditions: string[];
}

/** `rule` taken apart, or undefined when it is not a rule's text. */
export function ruleParts(rule: string): RuleParts | undefined {
  const text = rule.replace(/;$/, '').trim();
  const [head, ...body] = splitTopLevel(text, 'if');
  const call = callParts(head);
  if (!call || body.length > 1) return undefined;
  const conditions = body.length ? splitTopLevel(body[0], 'and') : [];
  return {
    name: call.name,
    params: call.args,
    conditions: conditions.some(
      (condition) => splitTopLevel(condition, 'or').length > 1,
    )
      ? [body[0]]
      : conditions,
  };
}

/** `name(a, b)` as its name and arguments; undefined for anything else. */
export function callParts(
  text: string,
): { name: string; args: string[] } | undefined {
  const opening = /^([A-Za-z_][\w:]*)\(/.exec(text);
  if (!opening || !text.endsWith(')')) return undefined;
  const inside = text.slice(opening[0].length, -1);
  // "f(a) and g(b)" opens and closes with brackets too: not one call.
  if (!balanced(inside)) return undefined;
  const args = inside.trim() === '' ? [] : splitTopLevel(inside, ',');
  return { name: opening[1], args };
}

/** Whether every bracket in `text` closes, outside strings, in order. */
function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') i = stringEnd(text, i) - 1;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char) && --depth < 0) return false;
  }
  return depth === 0;
}

/** The variables `condition` names (not fields after a dot, nor keywords). */
export function variablesIn(condition: string): string[] {
  const names = new Set<string>();
  const pattern = /"(?:[^"\\]|\\.)*"|(\.)?\b([A-Za-z_]\w*)\b(\s*[({])?/g;
  for (const [whole, dot, name, call] of condition.matchAll(pattern)) {
    if (whole.startsWith('"') || dot || call || KEYWORDS.has(name)) continue;
    if (/^[A-Z]/.test(name) || name === '_') continue;
    names.add(name);
  }
  return [...names];
}

/** The attribute paths `condition` reads, such as `repository.isPublic`. */
export function pathsIn(condition: string): string[] {
  const paths = new Set<string>();
  const pattern =
    /"(?:[^"\\]|\\.)*"|(?<![\w.])[a-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w(])/g;
  for (const [whole] of condition.matchAll(pattern)) {
    if (!whole.startsWith('"')) paths.add(whole);
  }
  return [...paths];
}

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'if',
  'in',
  'matches',
  'true',
  'false',
  'nil',
  'cut',
  'forall',
  'print',
  'new',
  'debug',
]);
