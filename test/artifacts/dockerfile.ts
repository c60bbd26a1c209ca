/**
 * Reads the repository's Dockerfile into stages of instructions, so that a test can run the
 * runtime stage's steps as they stand (no image can be built where the tests run) and the two
 * never drift apart. Only what the Dockerfile uses is understood: line continuations, comments,
 * `FROM image AS name`, exec-form (JSON) ENTRYPOINT and CMD.
 */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined. */
  args: string;
}

export interface Stage {
  name: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') {
      const name = /\sAS\s+(\S+)$/i.exec(args)?.[1];
      if (name === undefined) throw new Error(`Dockerfile: FROM ${args} has no stage name (write FROM image AS name)`);
      stages.push({ name, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return stages;
}

export interface Copy {
  /** The stage copied from (`--from=`), or undefined for the build context. */
  from?: string;
  sources: string[];
  destination: string;
}

export function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  const from = words[0]?.startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
  if (words.some((word) => word.startsWith('--'))) throw new Error(`Dockerfile: COPY ${args}: only --from= is understood here`);
  const destination = words.pop();
  if (destination === undefined || words.length === 0) throw new Error(`Dockerfile: COPY ${args}: expected sources and a destination`);
  return { ...(from === undefined ? {} : { from }), sources: words, destination };
}

/** `["node", "cli.js"]` → its words; shell form is refused (the image runs no shell for it). */
export function parseExecForm(keyword: string, args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string')) throw new Error(`Dockerfile: ${keyword} ${args}: use the exec form ["…", "…"]`);
  return parsed;
}

/** `ENV A=1 B=2` (or the old `ENV A 1`) → the variables. */
export function parseEnv(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [name = '', ...value] = args.split(/\s+/);
    return { [name]: value.join(' ') };
  }
  return Object.fromEntries(args.split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).replace(/^"(.*)"$/, '$1')]));
}

/**
 * A .dockerignore as a predicate on paths relative to the build context: a plain path matches
 * itself and everything under it; one that starts with two stars and a slash matches the rest at
 * any depth. Negations and other wildcards are refused rather than misread.
 */
export function dockerignore(text: string): (relativePath: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const pattern of patterns) {
    if (pattern.startsWith('!') || /[*?[]/.test(pattern.replace(/^\*\*\//, ''))) throw new Error(`.dockerignore: ${pattern}: only plain paths and **/name are understood here`);
  }
  return (relativePath) => {
    const path = relativePath.split('\\').join('/');
    return patterns.some((pattern) => {
      if (pattern.startsWith('**/')) {
        const name = pattern.slice(3);
        return path === name || path.startsWith(`${name}/`) || path.endsWith(`/${name}`) || path.includes(`/${name}/`);
      }
      const plain = pattern.replace(/\/$/, '');
      return path === plain || path.startsWith(`${plain}/`);
    });
  };
}
