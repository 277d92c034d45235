// Embedding (web/embed.js, web/embed_bridge.js, figure mode ?embed=1): the demo page shows two live
// figures sized to their boxes; the JS API pauses, plays and sets a figure; messages from another
// origin, or from a frame that is not the embedding page, are ignored and never answered; ?embed=1
// draws only the chosen plots and its bar, whose "Open in LossLab" opens the full page on the same
// link; the single-file build (scripts/single_file.mjs) opens from file:// and trains, and embeds from a
// static host, beside a figure from another origin. Saves docs/embed_demo.png (the demo page) and
// docs/embed_figure.png (one figure).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPage, ROOT, waitFor } from './browser.mjs';
import { decodePng } from './png.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { singleFileHtml } from '../../scripts/single_file.mjs';

const WEB_DIR = join(ROOT, process.env.LOSSLAB_WEB_DIR ?? 'build/web');

// Pixels of the plots' train (sky blue) and test (orange) lines (palette.hpp) in a rectangle.
function plotLinePixels({ width, channels, pixels }, { x0 = 0, y0 = 0, x1 = width, y1 = pixels.length / channels / width }) {
  let n = 0;
  for (let y = Math.round(y0); y < y1; y++)
    for (let x = Math.round(x0); x < x1; x++) {
      const i = (y * width + x) * channels;
      const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      const blue = Math.abs(r - 86) < 30 && Math.abs(g - 180) < 30 && Math.abs(b - 233) < 30;
      const orange = Math.abs(r - 230) < 30 && Math.abs(g - 159) < 30 && b < 60;
      if (blue || orange) n++;
    }
  return n;
}

let demo;
before(async () => {
  demo = await openPage({ path: 'embed_demo.html', ready: () => window.demo.ready });
  // The last step each figure reported, and every step event, for the checks below.
  await demo.page.evaluate(() => {
    window.lastStep = [0, 0];
    window.stepEvents = [[], []];
    window.demo.figures.forEach((f, i) => f.on('step', (e) => { window.lastStep[i] = e.step; window.stepEvents[i].push(e.step); }));
  });
});
after(async () => { await demo?.close(); });

const steps = (page) => page.evaluate(() => Promise.all(window.demo.figures.map((f) => f.status().then((s) => s.step))));

test('the demo page shows two live figures, each sized to its box', async () => {
  const { page } = demo;
  console.log(`demo page: both figures running ${demo.readyMs} ms after navigation`);
  const before = await steps(page);
  await waitFor(page, (b) => window.lastStep[0] > b[0] + 20 && window.lastStep[1] > b[1] + 20, before, 20000);
  const after = await steps(page);
  console.log(`steps after ~1-2 s: grokking ${before[0]} -> ${after[0]}, label noise ${before[1]} -> ${after[1]}`);
  assert.equal((await page.$$('iframe')).length, 2);

  // Each figure's canvas fills its box (the app draws at the iframe's size).
  for (const id of ['fig-grokking', 'fig-noise']) {
    const box = await page.$eval('#' + id, (e) => ({ w: e.clientWidth, h: e.clientHeight }));
    const frame = await (await page.$(`#${id} iframe`)).contentFrame();
    const canvas = await frame.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height };
    });
    assert.ok(Math.abs(canvas.w - box.w) <= 1 && Math.abs(canvas.h - box.h) <= 1,
              `${id}: canvas ${canvas.w}x${canvas.h} in a ${box.w}x${box.h} box`);
    assert.equal(await page.$eval(`#${id} iframe`, (f) => f.title.startsWith('LossLab live figure')), true);
  }

  // The picture: both figures draw their plot lines. For the screenshot, the grokking figure well into
  // its run (test accuracy on its way up from step ~300): at full speed for that, up to 15 s (a loaded
  // machine may get less far; the picture is then taken where it is).
  await page.evaluate(() => window.demo.figures[0].control('speed=0'));
  await waitFor(page, () => window.lastStep[0] >= 900, undefined, 15000).catch(() => {});
  await page.evaluate(() => window.demo.figures[0].control('speed=150'));
  const shot = decodePng(await page.screenshot({ path: join(ROOT, 'docs/embed_demo.png') }));
  for (const id of ['fig-grokking', 'fig-noise']) {
    const r = await page.$eval('#' + id, (e) => e.getBoundingClientRect().toJSON());
    const n = plotLinePixels(shot, { x0: r.x, y0: r.y, x1: r.x + r.width, y1: r.y + r.height });
    console.log(`${id}: ${n} plot-line pixels`);
    assert.ok(n > 300, `${id}: only ${n} pixels of plot lines: are its plots drawn?`);
  }
  assert.deepEqual(demo.problems, []);
});

test('the JS API: pause() stops the steps, play() resumes them, set() applies and refuses', async () => {
  const { page } = demo;
  // Long runs, so neither finishes during the tests (steps is a live field: no restart).
  assert.deepEqual(await page.evaluate(() => Promise.all(window.demo.figures.map((f) => f.set({ steps: 1000000 })))), [[], []]);
  const refused = await page.evaluate(() => window.demo.figures[1].set({ lr: -1 }));
  assert.deepEqual(refused.map((e) => e.field), ['lr']);

  const paused = await page.evaluate(() => window.demo.figures[1].pause());
  assert.equal(paused.state, 'paused');
  const at = (await page.evaluate(() => window.demo.figures[1].status())).step;
  await page.waitForTimeout(1500);
  const still = await page.evaluate(() => window.demo.figures[1].status());
  assert.equal(still.step, at, 'the paused figure went on');
  assert.equal(still.state, 'paused');
  const other = await steps(page);  // the other figure is not affected
  await waitFor(page, (b) => window.lastStep[0] > b, other[0], 10000);

  const played = await page.evaluate(() => window.demo.figures[1].play());
  assert.equal(played.state, 'running');
  await waitFor(page, (b) => window.lastStep[1] > b + 10, at, 10000);

  // A bad command is refused with its message; history() carries the run's curves.
  await assert.rejects(page.evaluate(() => window.demo.figures[1].control('warp=9')), /unknown command 'warp=9'/);
  const history = await page.evaluate(() => window.demo.figures[0].history().then((h) => ({
    steps: h.steps_done, series: Object.keys(h.history.series), preset: h.config.dataset })));
  assert.ok(history.steps > 0);
  assert.ok(history.series.includes('test_acc') && history.series.includes('weight_norm'), history.series.join(', '));
  assert.deepEqual(demo.problems, []);
});

test('messages from another origin, or from another frame, are ignored and not answered', async () => {
  const { page } = demo;
  // Another origin: a page on a second server (another port). It posts commands to every frame of the
  // demo page and forged replies and events to the demo page, and tells what came back to it.
  const dir = mkdtempSync(join(tmpdir(), 'losslab-other-origin-'));
  const attack = `
    const forge = () => {
      for (let i = 0; i < parent.frames.length; i++) {
        if (parent.frames[i] === window) continue;
        for (const method of ['pause', 'status', 'history'])
          parent.frames[i].postMessage({ losslab: 1, id: 'x-' + i + method, method }, '*');
      }
      parent.postMessage({ losslab: 1, event: 'step', step: 987654321, state: 'forged' }, '*');
      for (let id = 1; id < 100; id++) parent.postMessage({ losslab: 1, id, result: 'forged' }, '*');
    };
    // Anything a figure might send back (a reply or an event; not the other attacker's commands).
    window.addEventListener('message', (e) => {
      if (e.data && e.data.losslab === 1 && !('method' in e.data))
        parent.postMessage({ attacker: 'got', from: String(e.origin), data: JSON.stringify(e.data).slice(0, 200) }, '*');
    });
    forge();
    parent.postMessage({ attacker: 'sent', origin: self.origin }, '*');`;
  writeFileSync(join(dir, 'other.html'), `<!doctype html><title>other origin</title><script>${attack}</script>`);
  const other = await startServer(dir, 0);
  try {
    await page.evaluate(() => {
      window.attackerReports = [];
      window.addEventListener('message', (e) => { if (e.data && e.data.attacker) window.attackerReports.push(e.data); });
    });
    const before = await steps(page);
    await page.evaluate(({ port, attack }) => {
      const foreign = document.createElement('iframe');  // another origin: http://127.0.0.1:<other port>
      foreign.src = `http://127.0.0.1:${port}/other.html`;
      // The same origin as the demo page but not the embedding window: a sibling frame (srcdoc).
      const sibling = document.createElement('iframe');
      sibling.srcdoc = `<script>${attack}<\/script>`;
      for (const f of [foreign, sibling]) { f.style.cssText = 'width:10px;height:10px;border:0'; document.body.append(f); }
    }, { port: other.address().port, attack });
    await waitFor(page, () => window.attackerReports.filter((r) => r.attacker === 'sent').length === 2, undefined, 10000);
    const origins = await page.evaluate(() => window.attackerReports.map((r) => r.origin));
    assert.ok(origins.includes(`http://127.0.0.1:${other.address().port}`), origins.join(', '));
    assert.ok(origins.includes(new URL(demo.url).origin), origins.join(', '));
    await page.waitForTimeout(1500);

    // Not paused: both figures still run and their steps grew.
    const status = await page.evaluate(() => Promise.all(window.demo.figures.map((f) => f.status())));
    assert.deepEqual(status.map((s) => s.state), ['running', 'running']);
    const now = status.map((s) => s.step);
    assert.ok(now[0] > before[0] && now[1] > before[1], `steps ${before} -> ${now}`);
    // No answer reached either sender, and the forged event and replies reached no figure's listeners.
    const got = await page.evaluate(() => window.attackerReports.filter((r) => r.attacker === 'got'));
    assert.deepEqual(got, []);
    const forged = await page.evaluate(() => window.stepEvents.flat().filter((s) => s === 987654321).length);
    assert.equal(forged, 0);
    // And the API still works after the attempt.
    assert.equal((await page.evaluate(() => window.demo.figures[0].status())).state, 'running');
    assert.deepEqual(demo.problems, []);
  } finally {
    other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('?embed=1 draws only the chosen plots and its bar, and links out to the full page', async () => {
  // The figure in a 720x360 iframe of the demo page, without embed.js: figure mode is the page's own.
  // (The demo's two figures are paused meanwhile: less for the two cores to do.)
  const { page } = demo;
  await page.evaluate(() => Promise.all(window.demo.figures.map((f) => f.pause())));
  try {
    await page.evaluate(() => new Promise((loaded) => {
      const iframe = document.createElement('iframe');
      iframe.id = 'plain-figure';
      iframe.src = 'index.html?embed=1#preset=grokking-modadd&plots=acc,weightnorm';
      iframe.style.cssText = 'position:fixed;left:0;top:0;width:720px;height:360px;border:0;z-index:5';
      iframe.addEventListener('load', loaded, { once: true });
      document.body.append(iframe);
    }));
    const iframe = await page.$('#plain-figure');
    const frame = await iframe.contentFrame();
    await frame.evaluate(() => window.losslab.ready);
    assert.match(await frame.evaluate(() => window.losslab.link()), /#preset=grokking-modadd&(.*&)?plots=accuracy,weight_norm(&|$)/);
    await waitFor(frame, () => window.losslab.status().step > 200, undefined, 20000);
    // A figure keeps no runs: it opened no IndexedDB (which would restore a visitor's old runs into it).
    await frame.evaluate(() => Module._losslab_checkpoint());  // a forced write: refused, not stored
    const databases = await frame.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    assert.ok(!databases.includes('losslab'), `a figure opened IndexedDB: ${databases}`);
    const shot = decodePng(await iframe.screenshot({ path: join(ROOT, 'docs/embed_figure.png') }));
    assert.equal(shot.width, 720);
    // The plots start at the left edge, where the full page has its Controls panel; both plots are
    // drawn (one in the upper half, one in the lower).
    const left = plotLinePixels(shot, { x0: 0, x1: 200 });
    const upper = plotLinePixels(shot, { y0: 30, y1: 190 }), lower = plotLinePixels(shot, { y0: 195, y1: 360 });
    console.log(`figure 720x360: ${left} plot-line pixels in the left 200 px; upper plot ${upper}, lower ${lower}`);
    assert.ok(left > 100, `only ${left} plot-line pixels at the left: is the full layout drawn?`);
    assert.ok(upper > 100, `upper plot (accuracy): ${upper} plot-line pixels`);
    assert.ok(lower > 30, `lower plot (weight norm): ${lower} plot-line pixels`);

    // "Open in LossLab": the link colour on the bar; a click opens the full page, on the same link, in a
    // new tab.
    let linkX = -1;
    for (let x = 0; x < shot.width && linkX < 0; x++)
      for (let y = 2; y < 22; y++) {
        const i = (y * shot.width + x) * shot.channels;
        if (shot.pixels[i] < 40 && Math.abs(shot.pixels[i + 1] - 102) < 30 && shot.pixels[i + 2] > 170) { linkX = x; break; }
      }
    assert.ok(linkX > 0, 'no "Open in LossLab" link on the bar');
    const opened = page.context().waitForEvent('page', { timeout: 10000 });
    await page.mouse.move(linkX + 10, 12);
    await page.waitForTimeout(100);
    await page.mouse.down();
    await page.waitForTimeout(100);
    await page.mouse.up();
    const full = await opened;
    const url = new URL(full.url());
    assert.equal(url.search, '', 'the full page, not figure mode');
    assert.match(url.hash, /^#preset=grokking-modadd&(.*&)?plots=accuracy,weight_norm(&|$)/);
    await full.close();
    assert.deepEqual(demo.problems, []);
  } finally {
    await page.evaluate(() => document.getElementById('plain-figure')?.remove());
  }
});

test('the single-file build opens from file:// and trains, and embeds from a static host, as does another origin', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-single-'));
  const started = Date.now();
  writeFileSync(join(dir, 'losslab.html'), singleFileHtml(WEB_DIR));
  console.log(`single file written in ${Date.now() - started} ms`);
  let host;
  try {
    const { page } = demo;  // the last test: the demo page goes
    await page.goto(pathToFileURL(join(dir, 'losslab.html')).href + '#preset=moons&steps=100000');
    await page.evaluate(() => window.losslab.ready);
    const first = await page.evaluate(() => window.losslab.status().step);
    await waitFor(page, (b) => window.losslab.status().step > b + 50, first, 20000);
    assert.equal(await page.evaluate(() => window.losslab.config().dataset), 'moons');

    // On a static host beside embed.js (and nothing else): a figure with src=losslab.html; and one
    // from another origin (the test server's index.html), as a page embedding a hosted LossLab would.
    copyFileSync(join(WEB_DIR, 'embed.js'), join(dir, 'embed.js'));
    const remote = new URL('index.html', demo.url).href;
    writeFileSync(join(dir, 'host.html'), `<!doctype html><title>host</title><link rel="icon" href="data:,"><script src="embed.js"></script>
      <div id="f" style="height:300px"></div><div id="g" style="height:300px"></div>
      <script>
        window.fig = LossLab.mount(document.getElementById('f'), {src: 'losslab.html', preset: 'moons', plots: 'loss'});
        window.remote = LossLab.mount(document.getElementById('g'), {src: '${remote}', preset: 'circles', plots: ['acc']});
      </script>`);
    host = await startServer(dir, 0);
    await page.goto(`http://127.0.0.1:${host.address().port}/host.html`);
    const ready = await page.evaluate(() => Promise.all([window.fig.ready, window.remote.ready]));
    assert.deepEqual(ready.map((r) => r.preset), ['moons', 'circles']);
    assert.notEqual(new URL(remote).origin, await page.evaluate(() => location.origin));
    for (const name of ['fig', 'remote']) {
      await page.evaluate((n) => window[n].pause(), name);
      assert.equal((await page.evaluate((n) => window[n].status(), name)).state, 'paused', name);
    }
    assert.deepEqual(demo.problems, []);
  } finally {
    host?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
