import path from 'node:path';

/** `leads.csv` → `leads.results.csv` (a dry run: `leads.plan.csv`), beside the input. */
export function defaultResultsPath(input: string, dryRun: boolean): string {
  const { dir, name } = path.parse(input);
  return path.join(dir, `${name}.${dryRun ? 'plan' : 'results'}.csv`);
}

/** Results of `--where` runs, in the working directory; a re-run reads the results file to resume. */
export function defaultWhereResultsPath(dryRun: boolean): string {
  return dryRun ? 'update-leads-where.plan.csv' : 'update-leads-where.results.csv';
}
