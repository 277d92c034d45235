// Touch input for the canvas. Emscripten 3.1.6's GLFW turns touches into button presses but never moves
// the pointer to the finger (its Browser.calculateMouseEvent reads a `touch` field only SDL sets), so a
// tap would press wherever the mouse last was. Here each touch of one finger becomes the mouse events a
// mouse would send — a move to the finger, then the press; moves while held (dragging a slider); the
// release — and the original touch event is kept from GLFW. Loaded before losslab.js, so these
// listeners run before GLFW's on the same element.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  if (!canvas) return;
  let finger = null;  // the identifier of the touch being followed
  const send = (type, touch) => {
    canvas.dispatchEvent(new MouseEvent(type, {
      bubbles: true, cancelable: true, view: window, button: 0, buttons: type === 'mouseup' ? 0 : 1,
      clientX: touch.clientX, clientY: touch.clientY, screenX: touch.screenX, screenY: touch.screenY,
    }));
  };
  const find = (list) => Array.from(list).find((t) => t.identifier === finger);
  canvas.addEventListener('touchstart', (e) => {
    e.stopImmediatePropagation();
    if (finger !== null || e.touches.length > 1) return;  // a second finger (a pinch) is not a click
    const t = e.changedTouches[0];
    finger = t.identifier;
    // The full page: no panning, no emulated mouse events. A figure: a swipe may still scroll the page.
    if (getComputedStyle(canvas).touchAction === 'none') e.preventDefault();
    send('mousemove', t);
    send('mousedown', t);
  }, { capture: true, passive: false });
  canvas.addEventListener('touchmove', (e) => {
    e.stopImmediatePropagation();
    const t = find(e.changedTouches);
    if (!t) return;
    // In a figure embedded in a page, a vertical swipe scrolls the page (touch-action: pan-y) unless it
    // started on a control; either way the pointer follows the finger.
    if (e.cancelable && getComputedStyle(canvas).touchAction === 'none') e.preventDefault();
    send('mousemove', t);
  }, { capture: true, passive: false });
  const end = (e) => {
    e.stopImmediatePropagation();
    const t = find(e.changedTouches);
    if (!t) return;
    finger = null;
    if (e.cancelable) e.preventDefault();
    send('mouseup', t);
  };
  canvas.addEventListener('touchend', end, { capture: true, passive: false });
  canvas.addEventListener('touchcancel', end, { capture: true, passive: false });
})();
