// Token requests when many callers meet an expired access token: 50 concurrent callers in one
// process, and 4 processes sharing one store file. Zoho allows 10 new access tokens per refresh
// token per 10 minutes, so anything above 1 here burns that budget.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZohoTokenStore } from '@zcrmkit/auth';

// The SDK FileStore's header, which the store reads and writes.
const STORE_HEADER = 'id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain';

const here = path.dirname(fileURLToPath(import.meta.url));

function writeExpiredStore(file, clientId, refreshToken) {
  // The SDK FileStore's CSV with an access token that expired long ago.
  writeFileSync(file, `${STORE_HEADER}\n1,,${clientId},,${refreshToken},1000.0000dead.0000beef,,1000,,`, { mode: 0o600 });
}

function runChild(settings) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'fixtures', 'token-child.mjs'), JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`token child exited ${code}`))));
  });
}

export async function runTokenRefresh(emulator) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-tokens-'));
  try {
    const { clientId, clientSecret } = emulator.state.defaultClient;
    const results = [];

    const refreshToken = emulator.state.issueRefreshToken();
    const file = path.join(dir, 'one-process.txt');
    writeExpiredStore(file, clientId, refreshToken);
    const store = new ZohoTokenStore({ path: file, clientId, clientSecret, refreshToken, tokenUrl: emulator.tokenUrl });
    emulator.state.resetCounters();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => store.getAccessToken()));
    results.push({
      case: '50 concurrent callers, one process',
      tokenRequests: emulator.state.counters().tokenRequests.total,
      distinctTokens: new Set(tokens.map((t) => t.accessToken)).size,
    });

    const shared = emulator.state.issueRefreshToken();
    const sharedFile = path.join(dir, 'shared.txt');
    writeExpiredStore(sharedFile, clientId, shared);
    emulator.state.resetCounters();
    const hashes = await Promise.all(
      Array.from({ length: 4 }, () => runChild({ path: sharedFile, clientId, clientSecret, refreshToken: shared, tokenUrl: emulator.tokenUrl })),
    );
    results.push({
      case: '4 processes sharing one store file',
      tokenRequests: emulator.state.counters().tokenRequests.total,
      distinctTokens: new Set(hashes).size,
    });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
