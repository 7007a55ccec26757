/**
 * Reads secrets (PINs, passwords) for the desk CLI: never from argv, where
 * they would land in the shell history and the process list. At a terminal
 * the prompt goes to stderr and what is typed is not echoed; otherwise one
 * secret is read per line of stdin (`printf '246810\n' | npm run cli -- …`).
 */
import { createInterface } from 'node:readline';

export interface SecretReader {
  /** The next secret; rejects when stdin has ended. */
  read(prompt: string): Promise<string>;
  readonly interactive: boolean;
  close(): void;
}

export class NoSecretError extends Error {
  override name = 'NoSecretError';
}

export function secretReader(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): SecretReader {
  return input.isTTY ? ttyReader(input, output) : lineReader(input);
}

/** One secret per line of a pipe or file. */
function lineReader(input: NodeJS.ReadableStream): SecretReader {
  const lines: string[] = [];
  const waiting: { resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  let ended = false;
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w.reject(new NoSecretError('stdin ended'));
  });
  return {
    interactive: false,
    read() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.reject(new NoSecretError('stdin ended'));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: () => rl.close(),
  };
}

/** A terminal: raw mode, nothing echoed; Backspace erases, Enter ends, Ctrl+C quits. */
function ttyReader(input: NodeJS.ReadStream, output: NodeJS.WriteStream): SecretReader {
  return {
    interactive: true,
    read(prompt) {
      output.write(prompt);
      return new Promise((resolve, reject) => {
        let typed = '';
        const done = (fn: () => void) => {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          output.write('\n');
          fn();
        };
        const onData = (chunk: Buffer | string) => {
          for (const ch of chunk.toString('utf8')) {
            if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
            if (ch === '\u0003') return done(() => process.exit(130));
            if (ch === '\u0004') return done(() => reject(new NoSecretError('input ended')));
            if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
            else if (ch >= ' ') typed += ch;
          }
        };
        input.setRawMode(true);
        input.resume();
        input.on('data', onData);
      });
    },
    close: () => undefined,
  };
}
