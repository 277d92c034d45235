// Touch: a finger works the controls (web/touch.js) — a tap presses the button under it, and a finger
// dragged along a slider moves it (Emscripten's GLFW alone never moves the pointer to a finger).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitFor } from './browser.mjs';

test('a tap presses the button under the finger and a finger drags a slider', async () => {
  const app = await openPage({ hash: '#preset=moons', touch: true });
  try {
    const { page } = app;
    await page.mouse.move(1200, 700);  // the mouse is far from where the finger goes
    const before = await page.evaluate(() => window.losslab.status());
    assert.equal(before.state, 'running');
    await page.touchscreen.tap(44, 93);  // Pause (under the preset's description)
    await waitFor(page, () => window.losslab.status().state === 'paused', undefined, 5000);
    await page.touchscreen.tap(44, 93);  // now Play
    await waitFor(page, () => window.losslab.status().state === 'running', undefined, 5000);
    // The steps/s slider (logarithmic, 1 to 100,000; 500 at the start), dragged by a finger from its
    // right part to its left end. (A browser turns a tap into mouse clicks by itself, but not a drag.)
    assert.equal(before.speed, 500);
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, x) => cdp.send('Input.dispatchTouchEvent',
                                        { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: 185 }] });
    await touch('touchStart', 200);
    await page.waitForTimeout(100);
    await waitFor(page, () => window.losslab.status().speed > 5000, undefined, 5000);
    for (const x of [160, 120, 80, 40, 20]) {
      await touch('touchMove', x);
      await page.waitForTimeout(50);
    }
    await touch('touchEnd');
    await waitFor(page, () => window.losslab.status().speed < 10, undefined, 5000);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});
