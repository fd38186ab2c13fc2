// One supervisor for every worker the page runs (the engine's web/worker.js, the OCR worker web/ocr-worker.js of
// the licence and product-image panels, the batch check's web/sheet-worker.js).
//
//   const w = new SupervisedWorker({ url, timeout, ... });
//   const m = await w.request({ type: 'check', text }, { timeout, onProgress });   // the worker's answer message
//   await w.retryOnce(msg, { onRetry(failure) { … } });                           // one more try after a failure
//   w.post(msg); w.terminate();
//
// A request gets an `id`; the worker answers with a message of the same id: `{type: 'progress', …}` re-arms the
// request's timer and goes to onProgress, `{type: 'error', message, code}` rejects with an Error (with .code), any
// other type resolves with the message. The worker has failed when it sends `{type: 'error', crashed: true}`
// (a wasm trap, an abort, out of memory), raises an error event, or leaves a request without any message for its
// timeout: it is terminated, every pending request is rejected with a WorkerFailure (kind 'crash' | 'hang'), and
// onFailure(kind, detail) is called. A fresh worker starts with the next request, or at once with `eager`.
//
// Messages without an id (the engine's `ready`, a fatal load error, the batch worker's stream) go to onMessage.
// With `needsReady`, a worker counts as started only after `{type: 'ready'}`: an error event before that is a load
// failure (onLoadError; pending requests are rejected with a plain Error), which a restart would only repeat.

export class WorkerFailure extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // 'crash' | 'hang'
  }
}

export class SupervisedWorker {
  /**
   * @param {object} o
   * @param {URL|string} o.url         the module worker's script
   * @param {number} [o.timeout]       ms a request may go without a message (0: no limit)
   * @param {number} [o.startGrace]    extra ms while a `needsReady` worker has not said ready
   * @param {boolean} [o.eager]        start the worker now and again right after a failure
   * @param {boolean} [o.needsReady]   see above
   * @param {{worker: Worker, early: object[]}} [o.adopt]  a worker already started (web/boot.js) and what it said
   * @param {(w: Worker, generation: number) => void} [o.onSpawn]  after each start (e.g. re-send state)
   * @param {(m: object) => void} [o.onMessage]
   * @param {(kind: string, detail: string) => void} [o.onFailure]
   * @param {(message: string) => void} [o.onLoadError]
   */
  constructor(o) {
    this.o = o;
    this.worker = null;
    this.generation = 0;
    this.ready = false;
    this.pending = new Map();
    this.nextId = 1;
    if (o.eager || o.adopt) this.spawn();
  }

  spawn() {
    const gen = ++this.generation;
    const adopt = gen === 1 ? this.o.adopt : null;
    const w = adopt ? adopt.worker : new Worker(this.o.url, { type: 'module' });
    w.onmessage = (ev) => this.onWorkerMessage(gen, ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      this.onWorkerError(gen, ev.message || 'worker error');
    };
    w.onmessageerror = () => this.onWorkerError(gen, 'message could not be decoded');
    this.worker = w;
    this.ready = false;
    if (adopt) {
      for (const e of adopt.early) {
        if (e.error) this.onWorkerError(gen, e.error);
        else this.onWorkerMessage(gen, e.data);
      }
    }
    this.o.onSpawn?.(w, gen);
    return w;
  }

  /** The live worker, started when there is none. */
  get live() {
    return this.worker || this.spawn();
  }

  post(msg, transfer) {
    this.live.postMessage(msg, transfer || []);
  }

  request(msg, { timeout = this.o.timeout, onProgress } = {}) {
    const w = this.live;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const limit = timeout ? timeout + (this.o.needsReady && !this.ready ? this.o.startGrace || 0 : 0) : 0;
      const entry = { resolve, reject, onProgress, gen: this.generation, limit, timer: 0 };
      entry.arm = () => {
        clearTimeout(entry.timer);
        if (limit) entry.timer = setTimeout(() => this.fail(entry.gen, 'hang', `no answer within ${Math.round(limit / 1000)} s`), limit);
      };
      entry.arm();
      this.pending.set(id, entry);
      w.postMessage({ ...msg, id });
    });
  }

  /** request(); after a WorkerFailure, onRetry(failure) (which may throw to give up) and one more request. */
  async retryOnce(msg, { onRetry, ...opts } = {}) {
    try {
      return await this.request(msg, opts);
    } catch (e) {
      if (!(e instanceof WorkerFailure)) throw e;
      onRetry?.(e);
      return this.request(msg, opts);
    }
  }

  onWorkerMessage(gen, m) {
    if (gen !== this.generation || !m) return; // a terminated worker's late message
    if (m.type === 'ready') this.ready = true;
    const p = m.id != null ? this.pending.get(m.id) : null;
    if (!p) {
      if (m.id == null) this.o.onMessage?.(m);
      return;
    }
    if (m.type === 'progress') {
      p.arm();
      p.onProgress?.(m);
      return;
    }
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.type === 'error' && m.crashed) {
      p.reject(new WorkerFailure('crash', m.message));
      this.fail(gen, 'crash', m.message);
    } else if (m.type === 'error') p.reject(Object.assign(new Error(m.message), { code: m.code }));
    else p.resolve(m);
  }

  onWorkerError(gen, message) {
    if (gen !== this.generation) return;
    if (this.o.needsReady && !this.ready) {
      this.o.onLoadError?.(message);
      this.rejectAll(new Error(message));
      return;
    }
    this.fail(gen, 'crash', message);
  }

  /** The worker of generation `gen` failed: terminate it, reject what it owed, start another if eager. */
  fail(gen, kind, detail) {
    if (gen !== this.generation || !this.worker) return;
    this.drop();
    this.o.onFailure?.(kind, detail);
    if (this.o.eager) this.spawn();
    this.rejectAll(new WorkerFailure(kind, detail));
  }

  rejectAll(err) {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  drop() {
    try {
      this.worker?.terminate();
    } catch {
      /* already gone */
    }
    this.worker = null;
    this.generation++;
  }

  /** Stop the worker (cancel); pending requests are rejected, the next request starts a fresh one. */
  terminate() {
    this.drop();
    this.rejectAll(new WorkerFailure('cancelled', 'terminated'));
  }
}
