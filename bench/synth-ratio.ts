/**
 * Quick side-by-side synth timing: the library against the equal-permissions baseline at one N
 * (default 100), interleaved, median of R rounds (default 10) after one warm-up: the medians of the times,
 * and the median of each round's own ratio (what bench/index.ts reports). Asserts nothing.
 *   npx ts-node --transpile-only --project test/tsconfig.json bench/synth-ratio.ts [N] [R]
 */
import { equalPermissionsStack, libraryStack, synthOnce } from './stacks';

const n = Number(process.argv[2] ?? 100);
const repeats = Number(process.argv[3] ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

synthOnce(libraryStack, 3);
synthOnce(equalPermissionsStack, 3);
const lib: number[] = [];
const equal: number[] = [];
for (let r = 0; r < repeats; r++) {
  if (r % 2 === 0) {
    lib.push(synthOnce(libraryStack, n).ms);
    equal.push(synthOnce(equalPermissionsStack, n).ms);
  } else {
    equal.push(synthOnce(equalPermissionsStack, n).ms);
    lib.push(synthOnce(libraryStack, n).ms);
  }
}
const l = median(lib);
const e = median(equal);
const paired = median(lib.map((x, i) => x / equal[i]));
console.log(`N=${n} runs=${repeats}: library ${l.toFixed(0)} ms, equal-perm ${e.toFixed(0)} ms, lib/equal ${(l / e).toFixed(2)}x (median of the rounds' ratios ${paired.toFixed(2)}x)`);
