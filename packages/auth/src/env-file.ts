import { invalidOption } from './auth-error.js';

/**
 * Sets `name=value` in a `.env` text: every line assigning `name` is replaced in place (keeping an
 * `export ` prefix and indentation), every other byte is kept; without such a line one is appended.
 */
export function setEnvVariable(text: string, name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalidOption(`invalid variable name ${JSON.stringify(name)}`);
  // Tokens are letters, digits and dots; anything else could break out of the line.
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw invalidOption(`refusing to write a ${name} value with characters a token never has`);
  const assignment = new RegExp(`^(\\s*(?:export\\s+)?)${name}\\s*=`);
  // Splitting on the separators (kept at odd indexes) leaves every line ending as it was.
  const parts = text.split(/(\r?\n)/);
  let found = false;
  for (let i = 0; i < parts.length; i += 2) {
    const match = assignment.exec(parts[i] ?? '');
    if (match) {
      parts[i] = `${match[1] ?? ''}${name}=${value}`;
      found = true;
    }
  }
  if (found) return parts.join('');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}${name}=${value}${eol}`;
}
