import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDirectory, writeFileAtomic } from '@zcrmkit/safe-fs';
import { fileIdentity } from './file-identity.js';

// The SDK keeps its field caches in `<resourcePath>/resources/*.json`, written with a plain
// writeFileSync (truncate, then write) and read back with readFileSync + JSON.parse, often twice in
// a row. Processes sharing one data directory then read each other's half-written files (`Unexpected
// end of JSON input`), or two writers interleave into a file that stays broken. So each process gives
// the SDK a folder of its own, seeded from the shared caches when it starts (a warm start still
// fetches nothing), and publishes what it learned back when it ends, each file by an atomic rename:
// a shared file is always whole, and only ever replaced whole.

const PROCESSES = 'processes';
const RESOURCES = 'resources';
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export interface ProcessResources {
  /** The resource path to give the SDK. */
  readonly path: string;
  /** Copies this process's caches to the shared folder, each file whole (a rename). */
  publish(): Promise<void>;
  /** Removes this process's folder. */
  remove(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A file's identity and last change; '' when it is gone. */
async function stampOf(file: string): Promise<string> {
  const s = await stat(file, { bigint: true }).catch(() => undefined);
  return s ? fileIdentity(s) : '';
}

/** JSON files of `dir` that parse (a half-written one, left by an older version, is skipped), of those `wanted`. */
async function wholeJsonFiles(dir: string, wanted: (name: string) => Promise<boolean> = () => Promise.resolve(true)): Promise<{ name: string; text: string }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const files: { name: string; text: string }[] = [];
  for (const name of names) {
    if (!(await wanted(name))) continue;
    try {
      const text = await readFile(path.join(dir, name), 'utf8');
      JSON.parse(text);
      files.push({ name, text });
    } catch {
      // Not whole, or gone meanwhile: not copied.
    }
  }
  return files;
}

/** Folders of processes that are gone (killed before they could remove theirs). */
async function sweep(processes: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(processes);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) await rm(path.join(processes, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A resource folder of this process's own under `shared` (which must exist, private), seeded with
 * the shared field caches.
 */
export async function openProcessResources(shared: string): Promise<ProcessResources> {
  const processes = path.join(shared, PROCESSES);
  await ensurePrivateDirectory(processes, { what: 'SDK resource directory', mode: DIR_MODE, maxMode: 0o777 });
  await sweep(processes);
  const own = path.join(processes, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(path.join(own, RESOURCES), { recursive: true, mode: DIR_MODE });
  // What each seeded copy looked like once written: a copy the SDK did not rewrite has nothing to
  // publish, so a warm process ends without re-reading, re-parsing and re-writing every cache.
  const seeded = new Map<string, string>();
  for (const file of await wholeJsonFiles(path.join(shared, RESOURCES))) {
    const copy = path.join(own, RESOURCES, file.name);
    await writeFile(copy, file.text, { mode: FILE_MODE, flag: 'wx' });
    seeded.set(file.name, await stampOf(copy));
  }
  return {
    path: own,
    async publish() {
      const files = await wholeJsonFiles(path.join(own, RESOURCES), async (name) => seeded.get(name) !== (await stampOf(path.join(own, RESOURCES, name))));
      if (files.length === 0) return;
      await ensurePrivateDirectory(path.join(shared, RESOURCES), { what: 'SDK resource directory', mode: DIR_MODE, maxMode: 0o777 });
      for (const file of files) await writeFileAtomic(path.join(shared, RESOURCES, file.name), file.text, FILE_MODE);
    },
    remove: () => rm(own, { recursive: true, force: true }),
  };
}
