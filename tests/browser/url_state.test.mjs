// The page's state in its address: a link with settings loads them, a link with bad values says which
// were refused (in the control panel and through the JS hook) and loads the rest, the page's own hash
// reproduces its config when opened again, an edited hash is opened, and "Copy link" falls back to a
// box to copy from when the clipboard is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, openPage, waitFor } from './browser.mjs';
import { decodePng } from './png.mjs';

// Pixels of the control panel (the left 340 px) in the error colour (palette.hpp: kErrorColor).
async function errorPixels(page) {
  const { width, channels, pixels } = decodePng(await page.screenshot());
  let n = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    if ((i / channels) % width >= 340) continue;
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    if (r > 200 && g > 50 && g < 120 && b > 50 && b < 120) n++;
  }
  return n;
}

const SETTINGS = '#preset=moons&lr=0.003&hidden=32,16&loss=gce&loss.q=0.5&label_noise=symmetric' +
                 '&label_noise.rate=0.3&seed=7&steps=5000&plots=loss,weight_norm&v=0.1.0';

test('a link with settings loads them, and the page keeps its hash in step with changes', async () => {
  const app = await openPage({ hash: SETTINGS });
  try {
    const { page } = app;
    const config = await page.evaluate(() => window.losslab.config());
    assert.equal(config.dataset, 'moons');
    assert.equal(config.lr, 0.003);
    assert.deepEqual(config.hidden, [32, 16]);
    assert.equal(config.loss, 'gce');
    assert.equal(config['loss.q'], 0.5);
    assert.equal(config.label_noise, 'symmetric');
    assert.equal(config['label_noise.rate'], 0.3);
    assert.equal(config.seed, 7);
    assert.equal(config.steps, 5000);
    const status = await page.evaluate(() => window.losslab.status());
    assert.deepEqual(status.link_errors, []);
    assert.equal(status.state, 'running');
    assert.match(await page.evaluate(() => window.losslab.link()), /&plots=loss,weight_norm(&|$)/);

    // A change is written into the hash (once the state has been still for half a second), no reload.
    const runBefore = await page.evaluate(() => window.losslab.history().steps_done);
    const entries = await page.evaluate(() => history.length);
    assert.deepEqual(await page.evaluate(() => window.losslab.set({ lr: 0.02, 'loss.q': 0.8 })), []);
    assert.equal(await page.evaluate(() => window.losslab.control('show=calibration')), '');
    await waitFor(page, () => location.hash.includes('lr=0.02') && location.hash.includes('loss.q=0.8') &&
                              location.hash.includes('calibration'), undefined, 10000);
    const hash = await page.evaluate(() => location.hash);
    assert.equal(hash, '#' + (await page.evaluate(() => window.losslab.link())).split('#')[1]);
    assert.match(hash, /^#preset=moons&/);
    assert.ok((await page.evaluate(() => window.losslab.history().steps_done)) >= runBefore, 'the run went on');
    assert.equal(await page.evaluate(() => history.length), entries, 'replaceState: no history entry');
    const before = await page.evaluate(() => window.losslab.config());

    // That hash, opened again in a fresh page, is the same run.
    const again = await openPage({ hash });
    try {
      assert.deepEqual(await again.page.evaluate(() => window.losslab.config()), before);
      assert.equal(await again.page.evaluate(() => window.losslab.link()).then((l) => l.split('#')[1]), hash.slice(1));
      assert.deepEqual(again.problems, []);
    } finally {
      await again.close();
    }

    // A hash edited by hand is opened.
    await page.evaluate(() => { location.hash = '#preset=circles&seed=3'; });
    await waitFor(page, () => window.losslab.config().dataset === 'circles' && window.losslab.config().seed === 3);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('a link with bad values shows which were refused and loads the valid rest', async () => {
  const app = await openPage({ hash: '#preset=moons&lr=-1&hidden=64,0&learnrate=2&seed=nan&activation=tanh&steps=500&plots=loss,nope' });
  try {
    const { page } = app;
    const status = await page.evaluate(() => window.losslab.status());
    const fields = status.link_errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['hidden', 'learnrate', 'lr', 'plots', 'seed']);
    const message = (field) => status.link_errors.find((e) => e.field === field).message;
    assert.match(message('lr'), /lr: -1 is out of range; allowed \[/);
    assert.match(message('seed'), /seed: 'nan' is not a finite number; allowed \[0, /);
    assert.match(message('hidden'), /hidden: entry 0 is not an integer in \[1, 1024\]/);
    assert.match(message('plots'), /'nope' is not a plot/);
    const config = await page.evaluate(() => window.losslab.config());
    assert.equal(config.dataset, 'moons');
    assert.equal(config.activation, 'tanh');
    assert.equal(config.steps, 500);
    const moons = await page.evaluate(() => { window.losslab.control('pause'); return window.losslab.link(); });
    assert.doesNotMatch(moons, /[&#]lr=/, 'the refused lr left the preset\'s');
    // The control panel shows them in the error colour.
    assert.ok(await errorPixels(page) > 200, 'no error text drawn in the control panel');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('Copy link puts the link on the clipboard, or in a box to copy from when the clipboard is refused', async () => {
  const app = await openPage({ hash: '#preset=xor&seed=5' });
  try {
    const { page } = app;
    // Refused (as without a user gesture or permission): the box shows the link, selected.
    await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); });
    assert.equal(await page.evaluate(() => window.losslab.control('copy-link')), '');
    await waitFor(page, () => document.querySelector('#link-box input')?.value);
    const link = await page.evaluate(() => window.losslab.link());
    assert.equal(await page.evaluate(() => document.querySelector('#link-box input').value), link);
    assert.match(link, /#preset=xor&seed=5&v=/);
    // Accepted: the clipboard holds the link.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => { delete navigator.clipboard.writeText; });
    await page.evaluate(() => window.losslab.copyLink());
    let copied = '';
    for (let i = 0; i < 50 && copied !== link; i++) {
      await page.waitForTimeout(100);
      copied = await page.evaluate(() => navigator.clipboard.readText());
    }
    assert.equal(copied, link);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('a classroom link opens with only its settings to change, and an old link says what changed', async () => {
  const app = await openPage({ hash: '#preset=robust-losses-noise&classroom=loss,loss.q,label_noise.rate&theme=dark&v=0.1.0' });
  try {
    const { page } = app;
    const status = await page.evaluate(() => window.losslab.status());
    assert.deepEqual(status.classroom, { on: true, open: ['loss', 'loss.q', 'label_noise.rate'], others: 'hide' });
    assert.deepEqual(status.link_errors, []);
    assert.match(status.link_version_note, /made with LossLab 0\.1\.0; this is \d+\.\d+\.\d+\. It gives the same run/);
    assert.match(await page.evaluate(() => window.losslab.link()), /&classroom=loss,loss\.q,label_noise\.rate(&|$)/);
    assert.equal(status.theme, 'dark');
    await page.waitForTimeout(300);
    // Dark: the background (the bottom-left corner of the control panel) is near black.
    const { width, channels, pixels } = decodePng(await page.screenshot({ path: join(ROOT, 'docs/classroom.png') }));
    const corner = ((800 - 60) * width + 20) * channels;
    assert.ok(pixels[corner] < 60 && pixels[corner + 1] < 60 && pixels[corner + 2] < 60, 'a dark background');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});
