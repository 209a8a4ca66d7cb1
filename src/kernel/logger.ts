/** Structured log fields: no personal data (ids, counts, durations, error messages). */
export type LogFields = Record<string, unknown>;

/** Where the service reports what happened; one line per event. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const errorFields = (fields: LogFields | undefined): LogFields | undefined => {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields))
    out[key] =
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  return out;
};

/**
 * A logger that writes one JSON object per line to the console (stdout for info, stderr for the rest),
 * which both Node and Workers logs collect.
 * @example const log = jsonLogger(); log.error('issuing failed', { routeId, error });
 */
export function jsonLogger(now: () => Date = () => new Date()): Logger {
  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: LogFields) => {
    const line = JSON.stringify({ at: now().toISOString(), level, message, ...errorFields(fields) });
    if (level === 'info') console.log(line);
    else console.error(line);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/**
 * A logger that keeps what it is told, for tests that assert a log line.
 * @example const log = memoryLogger(); …; expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error' }))
 */
export function memoryLogger(): Logger & { lines: Array<{ level: string; message: string } & LogFields> } {
  const lines: Array<{ level: string; message: string } & LogFields> = [];
  const keep = (level: string) => (message: string, fields?: LogFields) => {
    lines.push({ level, message, ...fields });
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}
