/**
 * A 64-bit fingerprint of a row as read (two 32-bit FNV-1a hashes with different offsets), to tell
 * on a later pass whether the row is still the one that was checked. It guards against a file
 * changed by accident or by another program, not against a forger: 8 bytes a row, no crypto cost.
 */
export function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}
