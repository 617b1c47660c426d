/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function,
 * highest first, with the share of all samples.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/benchmarks/run.js --only detect
 *   node dist/benchmarks/profile-summary.js /tmp/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

/** Self time by function (name + location), from the sample stream (falls back to hit counts). */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const micros = new Map<number, number>();
  if (profile.samples !== undefined && profile.timeDeltas !== undefined) {
    // timeDeltas[i] is the time before sample i; attribute it to the sample's node.
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i] as number;
      micros.set(id, (micros.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0));
    }
  } else {
    const per = (profile.endTime - profile.startTime) / Math.max(1, profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0));
    for (const n of profile.nodes) micros.set(n.id, (n.hitCount ?? 0) * per);
  }
  const total = [...micros.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, SelfTime>();
  for (const [id, us] of micros) {
    const f = (byNode.get(id) as ProfileNode).callFrame;
    let where = f.url;
    if (where.startsWith('file://')) where = relative(process.cwd(), fileURLToPath(where));
    where = where === '' ? '' : `${where}:${f.lineNumber + 1}`;
    const name = f.functionName === '' ? '(anonymous)' : f.functionName;
    const key = `${name} ${where}`;
    const cur = byFunction.get(key) ?? { name, where, ms: 0, share: 0 };
    cur.ms += us / 1000;
    byFunction.set(key, cur);
  }
  const out = [...byFunction.values()].sort((a, b) => b.ms - a.ms);
  for (const s of out) s.share = total > 0 ? (s.ms * 1000) / total : 0;
  return out;
}

function main(args: string[]): void {
  const file = args.find((a) => !a.startsWith('--'));
  if (file === undefined) throw new Error('usage: node dist/benchmarks/profile-summary.js FILE.cpuprofile [--top N]');
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const rows = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).slice(0, top);
  for (const r of rows) process.stdout.write(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}  ${r.where}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`profile-summary: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
