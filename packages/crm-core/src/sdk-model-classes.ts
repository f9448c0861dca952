import { pathToFileURL } from 'node:url';

type Ctor = new (...args: unknown[]) => unknown;

const kept = new Map<string, Map<string, Ctor>>();

/** Loads a model class (`classOf(pack)`), or says whether it is loaded (`classOf.known(pack)`). */
export interface ModelClasses {
  (pack: string): Promise<Ctor>;
  known(pack: string): Ctor | undefined;
}

/**
 * The SDK's model class for a package path (`core/com/zoho/crm/api/record/record`), imported from
 * the file the SDK's own `import("../../" + pack + ".js")` names, once per process. `sdkEntry` is the
 * SDK's lib/index.js; the class is the module's `MasterModel` export, as the SDK reads it.
 */
export function sdkModelClasses(sdkEntry: string): ModelClasses {
  const lib = pathToFileURL(sdkEntry);
  let classes = kept.get(lib.href);
  if (!classes) kept.set(lib.href, (classes = new Map()));
  const known = classes;
  const classOf = async (pack: string): Promise<Ctor> => {
    const found = known.get(pack);
    if (found) return found;
    const model = ((await import(new URL(`./${pack}.js`, lib).href)) as { MasterModel: Ctor }).MasterModel;
    known.set(pack, model);
    return model;
  };
  return Object.assign(classOf, { known: (pack: string) => known.get(pack) });
}
