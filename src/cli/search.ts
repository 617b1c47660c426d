/** `icd10cm search QUERY... [--limit N] [--billable]` */
import { loadEngine } from '../engine.js';
import { SEARCH_DEFAULTS, SEARCH_LIMITS } from '../search/types.js';
import { intOption, parse, UsageError } from './args.js';
import { artifactLoadOptions } from './artifact.js';
import { EXIT } from './exit-codes.js';

export const SEARCH_HELP = `icd10cm search QUERY [--limit N] [--billable] [--pretty]
  Finds codes by what you type: words or their beginnings ("diab typ 2 kid"), an
  abbreviation ("chf"), a typo ("anxeity"), a code prefix ("E11.2", "e112").
  Prints a JSON array of {code, description, billable, score, matched}; several
  words may be given as one quoted argument or as separate arguments.
  --limit N    most results (default ${SEARCH_DEFAULTS.limit}, at most ${SEARCH_LIMITS.maxLimit})
  --billable   billable codes only
  --pretty     indented JSON`;

export async function searchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    limit: { type: 'string' },
    billable: { type: 'boolean' },
    pretty: { type: 'boolean' },
  });
  const query = positionals.join(' ').trim();
  if (query === '') throw new UsageError('search needs a query');
  const limit = intOption(values['limit'], 'limit') ?? SEARCH_DEFAULTS.limit;
  if (limit > SEARCH_LIMITS.maxLimit) throw new UsageError(`--limit must be at most ${SEARCH_LIMITS.maxLimit}, got ${limit}`);
  const engine = await loadEngine(artifactLoadOptions());
  const results = engine.search(query, { limit, billableOnly: values['billable'] === true });
  process.stdout.write(`${JSON.stringify(results, null, values['pretty'] === true ? 2 : undefined)}\n`);
  return EXIT.OK;
}
