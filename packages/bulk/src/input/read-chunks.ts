import type { FileHandle } from 'node:fs/promises';

const CHUNK = 1 << 16;

/**
 * The bytes of an open file from its start, chunk by chunk, by position: the descriptor stays open
 * and owned by the caller (a FileHandle stream closes its handle when destroyed early).
 */
export async function* readChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  let position = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead);
  }
}
