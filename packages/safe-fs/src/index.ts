export { SafeFsError, isSafeFsError, type SafeFsErrorCode } from './safe-fs-error.js';
export { writeFileAtomic, writeFileAtomicSync, openAtomicFileSync, removeLeftoverTempFiles, type AtomicFileSync } from './atomic-write.js';
export { withFileLock, lockFileNow, lockFailedHint, type FileLockOptions, type FileLockLogger, type HeldLock, type ReleaseLock } from './file-lock.js';
export {
  ensurePrivateDirectory,
  openOwnFile,
  openOwnFileForAppendSync,
  assertOwned,
  ownUid,
  lstatIfExists,
  lstatIfExistsSync,
  readHeadSync,
  isSameFile,
  UnsafePathError,
  type UnsafePathKind,
  type DirectoryRules,
} from './safe-fs.js';
