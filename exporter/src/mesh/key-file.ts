/** `--gen-key FILE`: a new node key pair, the private half written readable by its owner only. */
import { writeFileSync } from 'node:fs';
import { generateNodeKey } from './node-keys';

export type Written = { ok: true; publicKey: string } | { ok: false; problem: string };

export function writeNodeKey(path: string): Written {
  const { privatePem, publicKey } = generateNodeKey();
  try {
    // 'wx': never overwrite a key that peers may already trust; mode 0600: it is a secret.
    writeFileSync(path, privatePem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, problem: `cannot write ${path} (${code})${code === 'EEXIST' ? ': it exists; remove it first or choose another file' : ''}` };
  }
  return { ok: true, publicKey };
}
