// Time to signature in the page: each phenomenon preset (one with a signature of its own) loaded as a
// link would (#preset=NAME → losslab.control('preset=NAME')), trained at full speed in headless Chromium,
// and timed until losslab.status().signature says the History shows it. Prints a table (and JSON with
// --json) for docs/BENCHMARKS.md; the native column is `build/native/losslab bench phenomena`.
//   scripts/build.sh native && scripts/build.sh web && node scripts/bench_phenomena.mjs [NAME …] [--json]
import { execFileSync } from 'node:child_process';
import { openPage, ROOT } from '../tests/browser/browser.mjs';

const json = process.argv.includes('--json');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const list = JSON.parse(execFileSync(`${ROOT}build/native/losslab`, ['list', '--json'], { encoding: 'utf8' }));
const names = list.presets.filter((p) => p.signature && (only.length === 0 || only.includes(p.name))).map((p) => p.name);

const app = await openPage();
const rows = [];
try {
  for (const name of names) {
    const error = await app.page.evaluate((n) => window.losslab.control('preset=' + n), name);
    if (error) throw new Error(error);
    await app.page.evaluate(() => { window.losslab.control('speed=0'); window.losslab.control('play'); });
    const started = Date.now();
    let status;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      status = await app.page.evaluate(() => window.losslab.status());
      // A sweep is between runs (its last run ended, the next starts on the next frame) until all are in.
      const sweeping = status.sweep && !status.sweep.stopped && status.sweep.finished < status.sweep.runs;
      if (status.signature?.reached || (status.state !== 'running' && !sweeping) || Date.now() - started > 600000) break;
    }
    const seconds = (Date.now() - started) / 1000;
    rows.push({ preset: name, reached: !!status.signature?.reached, step: status.signature?.step ?? null,
                runs: status.sweep ? status.sweep.finished : null,
                seconds, steps_per_s: status.steps_per_s, what: status.signature?.text ?? '' });
    if (!json) console.log(`${name.padEnd(34)} ${status.signature?.reached ? `signature at ${status.sweep ? status.sweep.x + ' ' : 'step '}${status.signature.step}${status.sweep ? ` (${status.sweep.finished} runs)` : ''}` : 'no signature'} after ${seconds.toFixed(1)} s (${Math.round(status.steps_per_s)} steps/s)`);
  }
} finally {
  await app.close();
}
if (json) console.log(JSON.stringify(rows, null, 2));
