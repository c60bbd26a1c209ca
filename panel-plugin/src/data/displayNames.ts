/**
 * Names as a wall screen can show them. Cloud host names share long prefixes and suffixes
 * (`ip-10-0-113-27.eu-west-1.compute.internal`): drawn whole, every row label reads
 * "…compute.internal" and the banner runs to many lines. So the parts every name shares are
 * dropped, at a separator (`.`, `-`, `_`, `:`) so that `n1`…`n5` stay `n1`…`n5`, and only
 * when the shortened names stay distinct. An operator's regex, when set, picks the part instead
 * (its first capture group, or the whole match). The full name stays in tooltips and links.
 */
const separators = new Set(['.', '-', '_', ':']);

export function displayNames(names: readonly string[], pattern = ''): string[] {
  const picked = names.map((name) => pick(name, pattern));
  // An operator's pattern says exactly what to show: nothing more is taken away.
  if (picked.length < 2 || pattern !== '') return picked;
  const prefix = commonPrefix(picked);
  const suffix = commonSuffix(picked.map((name) => name.slice(prefix)));
  const stripped = picked.map((name) => name.slice(prefix, name.length - suffix));
  const distinct = new Set(stripped).size === stripped.length && stripped.every((name) => name !== '');
  return distinct ? stripped : picked;
}

function pick(name: string, pattern: string): string {
  if (pattern === '') return name;
  let match: RegExpExecArray | null;
  try {
    match = new RegExp(pattern).exec(name);
  } catch {
    // A half-typed pattern in the editor must not blank the panel: show names unchanged.
    return name;
  }
  const part = match?.[1] ?? match?.[0];
  return part === undefined || part === '' ? name : part;
}

/** Length of the longest common prefix that ends right after a separator. */
function commonPrefix(names: readonly string[]): number {
  const first = names[0]!;
  let length = 0;
  while (length < first.length && names.every((name) => name[length] === first[length])) length++;
  while (length > 0 && !separators.has(first[length - 1]!)) length--;
  return length;
}

/** Length of the longest common suffix that starts right at a separator. */
function commonSuffix(names: readonly string[]): number {
  const first = names[0]!;
  let length = 0;
  while (length < first.length && names.every((name) => name.length > length && name[name.length - 1 - length] === first[first.length - 1 - length])) length++;
  while (length > 0 && !separators.has(first[first.length - length]!)) length--;
  return length;
}

/** `ip-10-0-113-27` in 9 characters → `ip-1…3-27`: both ends carry meaning (zone and host number). */
export function elideMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 1) return '…';
  const keep = maxChars - 1;
  const tail = Math.ceil(keep / 2);
  return `${text.slice(0, keep - tail)}…${text.slice(text.length - tail)}`;
}
