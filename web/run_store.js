// The page's kept runs (src/app/runs_state.hpp) in IndexedDB, so a reload, a crash or a closed tab
// loses at most the last few seconds of a run. The app writes and deletes records through
// window.losslabRuns (src/app/web_runs.cpp calls it); at start every stored record is handed back to
// the app. Failures (quota exceeded, storage blocked in a private window or a sandboxed frame) are told
// to the app, which shows them in the Runs tab, and writing goes on being tried.
//
// It also adds to window.losslab:
//   losslab.runs(withHistory)      [{id, name, preset, steps, pinned, shown, live, color}] (+ history)
//   losslab.importRun(text)        reads a run or config JSON, or a CSV of points, as the Import button;
//                                  returns the refused fields (a CSV's: line N)
//   losslab.storedRuns()           Promise of the records stored now (for tests and curious users)
// and the browser's side of the Runs tab: downloads (Export), the file picker (Import), dropping a
// JSON or CSV file on the page (Import), and saving the plots as PNG.
'use strict';
(function () {
  const DB_NAME = 'losslab', STORE = 'runs';
  // A figure embedded in another page keeps nothing: it would draw a visitor's old runs in the figure.
  // embed_bridge.js decides what counts as figure mode; asked when needed, whichever script loaded first.
  const embedded = () => Boolean(window.losslabEmbed && window.losslabEmbed.active);
  let opened = null;  // Promise of the database, or of null when IndexedDB cannot be used

  const tellApp = (error) => {
    if (!window.Module || !Module._losslab_store_status) return;
    const text = error ? String(error.name ? `${error.name}: ${error.message}` : error) : '';
    window.losslab._callText('losslab_store_status', text.slice(0, 500));
  };
  const open = () => {
    if (opened) return opened;
    opened = new Promise((resolve) => {
      if (embedded() || !window.indexedDB) {
        resolve(null);
        if (!embedded()) tellApp('this browser offers no IndexedDB');
        return;
      }
      let request;
      try {
        request = indexedDB.open(DB_NAME, 1);
      } catch (e) {  // SecurityError: storage blocked (file://, sandboxed frames)
        tellApp(e);
        resolve(null);
        return;
      }
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => { tellApp(request.error); resolve(null); };
      request.onblocked = () => { tellApp('another LossLab tab is upgrading the store; close it'); };
    });
    return opened;
  };
  // One write: put (value given) or delete. A failed transaction (QuotaExceededError) is reported, not
  // swallowed; the next success clears the message.
  const write = (id, value) => open().then((db) => {
    if (!db) return;
    return new Promise((resolve) => {
      let tx;
      try {
        tx = db.transaction(STORE, 'readwrite');
        if (value === undefined) tx.objectStore(STORE).delete(id);
        else tx.objectStore(STORE).put(value, id);
      } catch (e) {
        tellApp(e);
        resolve();
        return;
      }
      tx.oncomplete = () => { tellApp(''); resolve(); };
      tx.onabort = tx.onerror = () => { tellApp(tx.error || 'the write was aborted'); resolve(); };
    });
  });
  const readAll = () => open().then((db) => {
    if (!db) return [];
    return new Promise((resolve) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => { tellApp(request.error); resolve([]); };
    });
  });

  const download = (name, blob) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  };
  const importText = (text) => JSON.parse(window.losslab._callText('losslab_import', text));
  const importFile = (file) => file.text().then(importText);  // the app refuses what is too large

  // Called by the app (web_runs.cpp).
  window.losslabRuns = {
    put: (id, json) => { write(id, json); },
    remove: (id) => { write(id, undefined); },
    saveFile: (name, mime, text) => download(name, new Blob([text], { type: mime })),
    // The frame was just drawn (same task): its pixels are still in the WebGL canvas.
    savePng: (name, x, y, width, height) => {
      const source = document.getElementById('canvas');
      const crop = document.createElement('canvas');
      crop.width = width;
      crop.height = height;
      crop.getContext('2d').drawImage(source, x, y, width, height, 0, 0, width, height);
      crop.toBlob((blob) => blob && download(name, blob), 'image/png');
    },
    pickFile: () => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.json,application/json,.csv,.tsv,.txt,text/csv';
      input.addEventListener('change', () => input.files[0] && importFile(input.files[0]));
      input.click();
    },
  };

  Object.assign(window.losslab, {
    runs: (withHistory = false) => JSON.parse(window.losslab._callText('losslab_runs_json', withHistory ? '1' : '0')),
    importRun: (text) => importText(typeof text === 'string' ? text : JSON.stringify(text)),
    storedRuns: () => readAll(),
  });

  // Dropping a run or config file, or a CSV of points, anywhere on the page imports it.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) importFile(file);
  });

  // At start: the stored runs back into the app, oldest first; then writing may begin.
  window.losslab.ready.then(() => {
    if (embedded()) return;
    readAll().then((records) => {
      for (const json of records) window.losslab._callText('losslab_restore_run', json);
    });
    // Leaving the page: the live run's last steps are written now, not at the next checkpoint.
    const flush = () => Module._losslab_checkpoint();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
  });
})();
