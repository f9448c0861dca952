import { existsSync } from 'node:fs';
import { isZohoId, type Criteria, type ZohoClient } from '@zcrmkit/crm-core';
import { checkUpdateItems, suggestNames, type FieldValue } from '@zcrmkit/crm-leads';
import { BulkError, type BulkProblem } from '../bulk-error.js';
import { readResults } from '../sinks/results-format.js';
import { CheckedFile, type BulkSource } from './checked-input.js';
import { matchingRecords } from './matching-records.js';
import { RowLedger } from './row-ledger.js';
import { Spool } from './spool.js';

export interface CriteriaSourceOptions {
  /** Which records: crm-core's `where(…)` criteria, tested on each listed record. */
  criteria: Criteria;
  /** The change made to every matching record. */
  changes: Readonly<Record<string, FieldValue>>;
  /**
   * An earlier run's results file for the same criteria (usually the results file of this run): the
   * records it lists that no longer match — most often because that run updated them — are read
   * and compared, never sent: `unchanged` when they hold the changes, else `skipped`.
   */
  previousResults?: string;
}

/** A well-formed id for checking the changes once; never read or written. */
const PROBE_ID = '1000000000000000001';

/** Every criteria field the module has (or `id`), else CRITERIA_INVALID with suggestions. */
async function checkCriteriaFields(client: ZohoClient, module: string, criteria: Criteria, signal: AbortSignal | undefined): Promise<void> {
  const known = new Set((await client.getFields(module, signal ? { signal } : {})).map((f) => f.apiName));
  const problems: BulkProblem[] = [];
  for (const field of new Set(criteria.fields)) {
    if (field === 'id' || known.has(field)) continue;
    const hints = suggestNames(field, known);
    problems.push({ field, message: `${module} has no field ${field}${hints.length > 0 ? `; did you mean ${hints.join(' or ')}?` : ''}` });
  }
  if (problems.length > 0) throw new BulkError('CRITERIA_INVALID', `the criteria name ${problems.length === 1 ? 'a field' : 'fields'} ${module} does not have; nothing was sent`, { problems });
}

/** The changes against the field metadata, once: every matching record gets the same ones. */
async function checkChanges(client: ZohoClient, module: string, changes: Readonly<Record<string, FieldValue>>): Promise<void> {
  const [rejected] = await checkUpdateItems(client, module, [{ id: PROBE_ID, changes }]);
  if (!rejected) return;
  const problems = rejected.problems.map((p) => ({ field: p.field, message: p.message }));
  throw new BulkError('VALUES_INVALID', `the changes cannot be sent (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was sent`, { problems });
}

/**
 * Rows from every record of the module that matches `criteria`, each to get `changes`. The first
 * pass checks the criteria's fields and the changes against the field metadata (before listing
 * anything), then lists the module — page, then page_token, no 2,000-record cap; Zoho's search has
 * one and lags behind recent writes — testing each record with the criteria's own comparison rules,
 * and spools the matching ids to a private temporary file: memory does not grow with the matches.
 * A record the listing returns twice is taken once.
 */
export function criteriaSource(options: CriteriaSourceOptions): BulkSource {
  const { criteria, changes, previousResults } = options ?? ({} as CriteriaSourceOptions);
  if (!criteria || typeof criteria.matches !== 'function') throw new BulkError('INVALID_OPTIONS', 'criteriaSource needs criteria made with crm-core\'s where()');
  if (!changes || typeof changes !== 'object' || Object.keys(changes).length === 0) throw new BulkError('INVALID_OPTIONS', 'criteriaSource needs at least one change');
  return {
    description: `records matching ${criteria.toString()}`,
    path: undefined,
    async open(context) {
      const client = await context.client();
      const signal = context.signal;
      await checkCriteriaFields(client, context.module, criteria, signal);
      await checkChanges(client, context.module, changes);
      const ledger = new RowLedger(2);
      const spool = await Spool.create(ledger);
      try {
        for await (const record of matchingRecords(client, context.module, criteria, Object.keys(changes), signal)) {
          await spool.add(record.id, { ...changes });
        }
        let rechecks = 0;
        if (previousResults !== undefined && existsSync(previousResults)) {
          const matching = ledger.lookup();
          for await (const previous of readResults(previousResults)) {
            if (signal?.aborted) throw signal.reason;
            // A dry run's `planned` rows were never sent: nothing to account for.
            if (previous.state === 'planned' || !isZohoId(previous.id) || matching.has(previous.id)) continue;
            await spool.add(previous.id, { ...changes }, true);
            rechecks++;
          }
        }
        // A record listed twice (paging while records change) is updated once.
        const firstRecheck = ledger.rows - rechecks;
        for (const d of ledger.duplicates(Number.MAX_SAFE_INTEGER).listed) {
          ledger.skip(d.row);
          if (d.row >= firstRecheck) rechecks--;
        }
        const identity = await spool.finish();
        return new CheckedFile(spool.file, identity, ledger, Spool.reader(2), Object.keys(changes), true, () => spool.remove(), rechecks);
      } catch (err) {
        await spool.remove();
        throw err;
      }
    },
  };
}
