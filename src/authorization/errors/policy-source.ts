import { isAbsolute, relative } from 'node:path';

/**
 * Where Polar says a parse error is: "at line 3, column 34 of file
 * /x/policies/main.polar:", before the lines it quotes from the file.
 */
const POSITION = /\s*at line (\d+), column (\d+) of file (.+?):?[ \t]*$/m;

/**
 * Polar's message about a policy file as compilers put it, the place first:
 * `policies/main.polar:3:34: <message>`, then the line Polar quotes with a
 * caret under the column. Undefined when the message names no place.
 */
export function describeAtSource(message: string): string | undefined {
  const position = POSITION.exec(message);
  if (!position) return undefined;
  const [matched, line, column, file] = position;
  const nearby = relative(process.cwd(), file);
  const shown = nearby.startsWith('..') || isAbsolute(nearby) ? file : nearby;
  return `${shown}:${line}:${column}: ${message.replace(matched, '')}`;
}
