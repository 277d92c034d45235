// Figure mode's side of the embedding API (web/embed.js is the embedding page's side).
//
// index.html?embed=1 draws only the metric plots and a thin bar (src/app/embed_layout.cpp). Opened so in
// an iframe with &parent=ORIGIN (the embedding page's origin, which embed.js passes), this script answers
// that page's requests by window.postMessage:
//   request  {losslab: 1, id, method, args}    method: play | pause | reset | set | history | status |
//                                                       config | control | link
//   reply    {losslab: 1, id, result} or {losslab: 1, id, error: "…"}
//   events   {losslab: 1, event: 'ready', step, state, …}  once the app runs
//            {losslab: 1, event: 'step', step, state, steps_total, test_acc, steps_per_s}
//                                                 up to 4 times a second, while the step or state changes
// A message is taken only when it comes from the window that embeds this one (event.source is
// window.parent) and from the origin named by &parent= (event.origin); anything else — another frame,
// another origin, a popup — is ignored and never answered. Replies and events go to that origin only.
// Without ?embed=1 this script only defines window.losslabEmbed = {active: false, …}.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const flag = params.get('embed');
  const active = flag !== null && flag !== '0' && flag !== 'false';
  // The embedding page's origin, as embed.js passes it: exactly an http(s) origin, or nothing.
  const parentOrigin = (() => {
    const p = params.get('parent');
    if (!p) return null;
    try {
      const origin = new URL(p).origin;
      return origin === p && /^https?:/.test(origin) ? origin : null;
    } catch {
      return null;
    }
  })();

  // "Open in LossLab" (the figure's bar): the full page, without ?embed, on the figure's link, in a new
  // tab. Where the browser blocks the new tab, a box with the link to click instead.
  const fullPageUrl = (query) => location.href.split(/[?#]/)[0] + '#' + query;
  const openFullPage = (query) => {
    const url = fullPageUrl(query);
    const tab = window.open(url, '_blank');
    if (tab) {
      tab.opener = null;
      return url;
    }
    const box = window.losslab._linkBox('<a target="_blank" rel="noopener">Open this figure in LossLab</a>');
    box.querySelector('a').href = url;
    return url;
  };

  window.losslabEmbed = { active, parentOrigin, openFullPage };
  if (!active) return;
  document.documentElement.classList.add('embed');

  // The mouse wheel scrolls the embedding page, as over a picture: Emscripten's GLFW would take it (and
  // stop the page from scrolling) before it reaches the canvas.
  window.addEventListener('wheel', (e) => e.stopPropagation(), { capture: true, passive: true });

  const inFrame = window.parent !== window;
  if (!inFrame) return;  // opened on its own: a figure, without anyone to talk to
  if (!parentOrigin) {
    console.info('LossLab figure: no valid &parent=ORIGIN in the address, so the embedding API is off ' +
                 '(embed.js passes it; an embedding page opened from file:// has no origin to pass).');
    return;
  }
  const post = (message) => window.parent.postMessage(Object.assign({ losslab: 1 }, message), parentOrigin);

  // Each request's answer; a string from control() that is not empty is that command's error.
  const controlled = (command) => {
    const error = window.losslab.control(command);
    if (error) throw new Error(error);
    return summary();
  };
  const METHODS = {
    play: () => controlled('play'),
    pause: () => controlled('pause'),
    reset: () => controlled('reset'),
    set: (config) => window.losslab.set(config),  // [{field, message}] refused; [] when all applied
    history: () => window.losslab.history(),
    status: () => window.losslab.status(),
    config: () => window.losslab.config(),
    control: (command) => {
      if (typeof command !== 'string') throw new Error('control takes a command string, e.g. "speed=200"');
      return controlled(command);
    },
    link: () => fullPageUrl(window.losslab.link().split('#')[1] || ''),  // the full page on this figure's run
  };

  window.addEventListener('message', (e) => {
    if (e.source !== window.parent || e.origin !== parentOrigin) return;  // not our embedding page
    const m = e.data;
    if (!m || typeof m !== 'object' || m.losslab !== 1 || typeof m.method !== 'string' || m.id === undefined) return;
    window.losslab.ready.then(() => {
      const method = Object.prototype.hasOwnProperty.call(METHODS, m.method) ? METHODS[m.method] : null;
      if (!method) {
        post({ id: m.id, error: `unknown method '${String(m.method).slice(0, 40)}'; known: ${Object.keys(METHODS).join(', ')}` });
        return;
      }
      try {
        post({ id: m.id, result: method(m.args) });
      } catch (err) {
        post({ id: m.id, error: String(err && err.message ? err.message : err) });
      }
    });
  });

  // What a step event says: small, so it can go out a few times a second.
  const summary = () => {
    const s = window.losslab.status();
    return {
      step: s.step, steps_total: s.steps_total, state: s.state, preset: s.preset,
      test_acc: s.test_acc, steps_per_s: s.steps_per_s,
    };
  };
  const EVENT_MS = 250;
  let last = null;
  window.losslab.ready.then(() => {
    last = summary();
    post(Object.assign({ event: 'ready' }, last));
    setInterval(() => {
      const now = summary();
      if (now.step === last.step && now.state === last.state) return;
      last = now;
      post(Object.assign({ event: 'step' }, now));
    }, EVENT_MS);
  });
})();
