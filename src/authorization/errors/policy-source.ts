import { isAbsolute, relative } from 'node:path';

/**
 * Where Polar says a parse error is: "at line 3, column 34 of file
 * /x/policies/main.polar:", before the lines it quotes from the file.
 */
const POSITION = /\s*at line (\d+), column (\d+) of file (.+?):?[ \t]*$/m;

/** A policy file's path as a developer types it: relative when nearby. */
export function shownPath(file: string): string {
  const nearby = relative(process.cwd(), file);
  return nearby.startsWith('..') || isAbsolute(nearby) ? file : nearby;
}

/**
 * The 1-based column, in characters, of the 1-based `byteColumn` Polar
 * gives on `line` of `text`: Polar counts UTF-8 bytes, editors characters.
 */
export function characterColumn(
  text: string,
  line: number,
  byteColumn: number,
): number {
  const lineText = text.split('\n')[line - 1] ?? '';
  const before = Buffer.from(lineText, 'utf8').subarray(0, byteColumn - 1);
  return [...before.toString('utf8')].length + 1;
}

/**
 * Polar's message about a policy file as compilers put it, the place first:
 * `policies/main.polar:3:34: <message>`, then the line with a caret under
 * the column. Undefined when the message names no place. With `sources`
 * (the files' text, by path) the place is in characters, as editors count:
 * Polar counts UTF-8 bytes, and a parse error's place (`parse`) even as if
 * the bytes before it in the file were characters.
 */
export function describeAtSource(
  message: string,
  sources?: ReadonlyMap<string, string>,
  { parse = false } = {},
): string | undefined {
  const position = POSITION.exec(message);
  if (!position) return undefined;
  const [matched, line, column, file] = position;
  const text = sources?.get(file);
  const [, said] = /^([\s\S]*?)(\n\t|$)/.exec(message.replace(matched, ''))!;
  if (text === undefined) {
    return `${shownPath(file)}:${line}:${column}: ${message.replace(matched, '')}`;
  }
  const place = parse
    ? placeOfByte(text, codePointIndex(text, Number(line), Number(column)))
    : {
        line: Number(line),
        column: characterColumn(text, Number(line), Number(column)),
      };
  const quoted = [...(text.split('\n')[place.line - 1] ?? '')];
  const number = String(place.line).padStart(3, '0');
  return [
    `${shownPath(file)}:${place.line}:${place.column}: ${said.trimEnd()}`,
    `\t${number}: ${quoted.join('')}`,
    `\t${' '.repeat(number.length + 2 + place.column - 1)}^`,
  ].join('\n');
}

/** The index, in code points, of 1-based `line`:`column` counted in code points. */
function codePointIndex(text: string, line: number, column: number): number {
  const lines = text.split('\n').slice(0, line - 1);
  return (
    lines.reduce((sum, each) => sum + [...each].length + 1, 0) + column - 1
  );
}

/** The line and column, in code points, of the character at byte `offset`. */
function placeOfByte(
  text: string,
  offset: number,
): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, offset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines.at(-1)!].length + 1 };
}
