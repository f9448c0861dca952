import type { OrgProfile } from './org-profile.js';

/** The org profile as crm-core uses it: a cache, so a store that fails costs a fetch, never a call. */
export type KeptProfile = OrgProfile;

/**
 * Wraps `profile` so that reading or keeping fails soft: a warning (without the store's path or
 * any secret; the error's own message only) and the answer "nothing kept". `forget` is what a user
 * asks for explicitly, so its failure is thrown.
 */
export function guardProfile(profile: OrgProfile, warn: (message: string, meta: Record<string, unknown>) => void): KeptProfile {
  const soft =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>, fallback: R) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        warn(`org profile: could not ${what}; going on without it`, { code: (err as { code?: unknown }).code, error: err instanceof Error ? err.message : String(err) });
        return fallback;
      }
    };
  return {
    recall: soft('read a lesson', profile.recall.bind(profile), undefined),
    learn: soft('keep a lesson', profile.learn.bind(profile), undefined),
    recallMetadata: soft('read metadata', profile.recallMetadata.bind(profile), undefined) as OrgProfile['recallMetadata'],
    keepMetadata: soft('keep metadata', profile.keepMetadata.bind(profile), undefined) as OrgProfile['keepMetadata'],
    recallIdentity: soft('read the user and org', profile.recallIdentity.bind(profile), undefined),
    keepIdentity: soft('keep the user and org', profile.keepIdentity.bind(profile), undefined),
    forget: profile.forget.bind(profile),
  };
}
