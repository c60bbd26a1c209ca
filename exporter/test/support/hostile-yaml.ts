/** Hostile YAML for the config tests. */

/** Ten levels of nine aliases each: 9^10 nodes if expanded. */
export function aliasBomb(): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i <= 9; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return text;
}
