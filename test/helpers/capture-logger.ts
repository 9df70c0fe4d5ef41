import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps what the app logs, for specs to read. */
export class CaptureLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];

  private keep(level: string, message: unknown, rest: unknown[]) {
    this.lines.push({
      level,
      message: [message, ...rest].map(String).join(' '),
    });
  }

  log(message: unknown, ...rest: unknown[]) {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.keep('verbose', message, rest);
  }

  /** Forgets what was logged so far. */
  clear() {
    this.lines.length = 0;
  }

  /** Every line at `level` mentioning all of `parts`. */
  find(level: string, ...parts: string[]) {
    return this.lines.filter(
      (line) =>
        line.level === level &&
        parts.every((part) => line.message.includes(part)),
    );
  }
}
