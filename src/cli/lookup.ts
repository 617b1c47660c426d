/** `icd10cm lookup CODE...` */
import { loadEngine } from '../engine.js';
import type { CodeInfo } from '../types.js';
import { parse, UsageError } from './args.js';
import { artifactLoadOptions } from './artifact.js';
import { EXIT } from './exit-codes.js';

export const LOOKUP_HELP = `icd10cm lookup CODE... [--json] [--artifact FILE]
  Prints each code's description, billable flag, chapter, block, category,
  inclusion terms and excludes notes. Codes may be written with or without the dot.`;

export async function lookupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, artifact: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('lookup needs at least one code');
  const engine = await loadEngine(artifactLoadOptions(values['artifact'] as string | undefined));
  let missing = 0;
  for (const code of positionals) {
    const info = engine.lookup(code);
    if (info === null) {
      missing++;
      if (values['json'] === true) process.stdout.write(`${JSON.stringify({ code, found: false })}\n`);
      else process.stderr.write(`icd10cm: ${code} is not an ICD-10-CM code in the FY${engine.info.codesFiscalYear} code set\n`);
      continue;
    }
    process.stdout.write(values['json'] === true ? `${JSON.stringify({ found: true, ...info })}\n` : formatInfo(info));
  }
  return missing > 0 ? EXIT.SOME_FAILED : EXIT.OK;
}

function formatInfo(i: CodeInfo): string {
  const lines = [`${i.code}  ${i.description}`, `  billable: ${i.billable ? 'yes' : 'no (header: code a more specific child)'}`];
  if (i.chapter) lines.push(`  chapter:  ${i.chapter.id} ${i.chapter.description}`);
  if (i.block) lines.push(`  block:    ${i.block.id} ${i.block.description}`);
  if (i.category) lines.push(`  category: ${i.category.code} ${i.category.description}`);
  if (i.parent) lines.push(`  parent:   ${i.parent}`);
  const list = (label: string, items: string[]) => {
    if (items.length > 0) lines.push(`  ${label}:`, ...items.map((x) => `    - ${x}`));
  };
  list('inclusion terms', i.inclusionTerms);
  list('includes', i.includes);
  list('excludes1', i.excludes1);
  list('excludes2', i.excludes2);
  list('code first', i.codeFirst);
  list('use additional code', i.useAdditionalCode);
  list('code also', i.codeAlso);
  list('notes', i.notes);
  return `${lines.join('\n')}\n`;
}
