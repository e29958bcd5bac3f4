#!/usr/bin/env node
// @grpc/grpc-js peer for the RelicSecurity interop tests and benchmark.
//
//   node peer.js server [--port 0] [--stdin-lifetime]   serves relic.interop.v1.InteropService, prints "LISTENING <port>"
//   node peer.js client --target 127.0.0.1:PORT [--features a,b]   runs the checklist, one JSON line per feature
//
// The service rules are written in Protos/interop/v1/interop.proto; the Python peer follows the same ones.
'use strict';

const path = require('node:path');
const http2 = require('node:http2');
const crypto = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const SERVICE = 'relic.interop.v1.InteropService';
const MAX_MESSAGE = 4 * 1024 * 1024;
const NON_ASCII_MESSAGE = '文物未找到: Qianlong vase ü — 100% ✓';
// The gateway refuses calls without a token: RELIC_TOKEN goes on every call as "authorization: Bearer ...".
const TOKEN = process.env.RELIC_TOKEN || '';
const TOKEN_INTERCEPTORS = TOKEN ? [(options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
  start(metadata, listener, next) {
    metadata.set('authorization', `Bearer ${TOKEN}`);
    next(metadata, listener);
  },
})] : [];

function parseArgs(argv) {
  const args = { mode: argv[0], port: 0, target: '', features: '', protoRoot: path.join(__dirname, '..', 'Protos'), stdinLifetime: false };
  for (let i = 1; i < argv.length; i++) {
    switch (argv[i]) {
      case '--port': args.port = Number(argv[++i]); break;
      case '--target': args.target = argv[++i]; break;
      case '--features': args.features = argv[++i]; break;
      case '--proto-root': args.protoRoot = argv[++i]; break;
      case '--stdin-lifetime': args.stdinLifetime = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!['server', 'client', 'list'].includes(args.mode)) {
    throw new Error('usage: peer.js server|client|list [--port N] [--target host:port] [--features a,b] [--stdin-lifetime]');
  }
  return args;
}

function load(protoRoot) {
  const definition = protoLoader.loadSync('interop/v1/interop.proto', {
    includeDirs: [protoRoot], keepCase: true, longs: Number, defaults: true,
  });
  const pkg = grpc.loadPackageDefinition(definition);
  return { definition, service: pkg.relic.interop.v1.InteropService, methods: definition[SERVICE] };
}

// ---------------------------------------------------------------------------------------------
// server
// ---------------------------------------------------------------------------------------------

function echoed(call) {
  const seen = [];
  const map = call.metadata.toJSON();
  for (const [key, values] of Object.entries(map)) {
    if (!key.startsWith('x-echo-')) continue;
    for (const value of values) seen.push([key, value]);
  }
  return seen;
}

function applyEcho(call, seen) {
  const trailers = new grpc.Metadata();
  if (seen.length > 0) {
    const headers = new grpc.Metadata();
    for (const [k, v] of seen) {
      headers.add(k, v);
      trailers.add('x-trailer-' + k.slice('x-echo-'.length), v);
    }
    call.sendMetadata(headers);
  }
  return trailers;
}

function entries(seen) {
  return seen.map(([k, v]) => (k.endsWith('-bin') ? { key: k, binary_value: v } : { key: k, text_value: v }));
}

function hasError(msg) {
  return msg.error != null && msg.error.code !== 0;
}

function statusError(spec, trailers) {
  return { code: spec.code, details: spec.message, metadata: trailers };
}

function runServer(args) {
  const { service } = load(args.protoRoot);
  const outcomes = new Map();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE });
  server.addService(service.service, {
    Echo(call, callback) {
      const seen = echoed(call);
      const trailers = applyEcho(call, seen);
      const req = call.request;
      if (hasError(req)) return callback(statusError(req.error, trailers));
      const payload = req.response_size > 0 ? Buffer.alloc(req.response_size, 'x') : req.payload;
      // grpc-js servers cannot compress responses, so compress_response is ignored here.
      const deadline = call.getDeadline();
      const left = deadline instanceof Date ? deadline.getTime() - Date.now() : (Number.isFinite(deadline) ? deadline - Date.now() : -1);
      return callback(null, { text: req.text, payload, metadata: entries(seen), deadline_remaining_ms: left }, trailers);
    },
    ServerStream(call) {
      const seen = echoed(call);
      const trailers = applyEcho(call, seen);
      const req = call.request;
      let i = 0;
      const step = () => {
        if (call.cancelled) return;
        if (hasError(req) && i === req.error.after_messages) {
          call.emit('error', statusError(req.error, trailers));
          return;
        }
        if (i >= req.count) {
          call.end(trailers);
          return;
        }
        call.write({ index: i, payload: Buffer.alloc(req.size, 'x') });
        i++;
        if (req.interval_ms > 0) setTimeout(step, req.interval_ms); else setImmediate(step);
      };
      step();
    },
    ClientStream(call, callback) {
      const seen = echoed(call);
      const trailers = applyEcho(call, seen);
      let count = 0; let total = 0; const texts = []; let failed = false;
      call.on('data', (req) => {
        if (failed) return;
        if (hasError(req)) { failed = true; callback(statusError(req.error, trailers)); return; }
        count++; total += req.payload.length; texts.push(req.text);
      });
      call.on('end', () => {
        if (!failed) callback(null, { text: texts.join(','), message_count: count, total_bytes: total, metadata: entries(seen) }, trailers);
      });
    },
    Bidi(call) {
      const seen = echoed(call);
      const trailers = applyEcho(call, seen);
      let i = 0; let failed = false;
      call.on('data', (req) => {
        if (failed) return;
        if (hasError(req)) { failed = true; call.emit('error', statusError(req.error, trailers)); return; }
        call.write({ index: i++, text: req.text, payload: req.payload });
      });
      call.on('end', () => { if (!failed) call.end(trailers); });
    },
    Slow(call, callback) {
      const started = Date.now();
      const id = call.request.id;
      let done = false;
      const finish = (cancelled) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const elapsed = Date.now() - started;
        outcomes.set(id, { cancelled, elapsed });
        if (!cancelled) callback(null, { id, elapsed_ms: elapsed });
      };
      const timer = setTimeout(() => finish(false), call.request.delay_ms);
      call.on('cancelled', () => finish(true));
    },
    SlowOutcome(call, callback) {
      const found = outcomes.get(call.request.id);
      if (!found) return callback(null, { known: false });
      return callback(null, { known: true, cancelled: found.cancelled, elapsed_ms: found.elapsed });
    },
  });
  server.bindAsync(`127.0.0.1:${args.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) { console.error(err); process.exit(2); }
    console.log(`LISTENING ${port}`);
  });
  const stop = () => server.tryShutdown(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (args.stdinLifetime) {
    process.stdin.resume();
    process.stdin.on('end', stop);
  }
}

// ---------------------------------------------------------------------------------------------
// client checklist
// ---------------------------------------------------------------------------------------------

class Check extends Error {}

function expect(cond, detail) {
  if (!cond) throw new Check(detail);
}

const codeName = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code) ?? String(code);

function unary(client, method, req, options = {}, metadata = new grpc.Metadata()) {
  return new Promise((resolve) => {
    let headers = null; let status = null; let response = null; let error = null;
    const call = client[method](req, metadata, { deadline: Date.now() + 30000, ...options }, (err, res) => {
      error = err; response = res;
      if (status) resolve({ error, response, headers, status });
    });
    call.on('metadata', (md) => { headers = md; });
    call.on('status', (s) => { status = s; if (error !== null || response !== null) resolve({ error, response, headers, status }); });
  });
}

function collect(call) {
  return new Promise((resolve) => {
    const messages = []; let error = null;
    call.on('data', (m) => messages.push(m));
    call.on('error', (e) => { error = e; });
    call.on('status', (s) => setImmediate(() => resolve({ messages, error, status: s })));
  });
}

function expectError(error, code, message) {
  expect(error != null, `expected ${codeName(code)}, call succeeded`);
  expect(error.code === code, `expected ${codeName(code)}, got ${codeName(error.code)}: ${JSON.stringify(error.details)}`);
  if (message !== undefined) expect(error.details === message, `expected message ${JSON.stringify(message)}, got ${JSON.stringify(error.details)}`);
}

const spec = (code, message, after = 0) => ({ code, message, after_messages: after });

function rawCall(target, method, body, timeoutHeader) {
  // Plain HTTP/2 (node:http2) with a hand-written grpc-timeout header and no timer of our own
  // below 30 s: only the server can end the call early.
  return new Promise((resolve) => {
    const started = Date.now();
    const session = http2.connect(`http://${target}`);
    let grpcStatus = null; let settled = false;
    const finish = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      session.close();
      resolve({ status: grpcStatus, took: (Date.now() - started) / 1000, why });
    };
    const guard = setTimeout(() => finish('client gave up after 30 s'), 30000);
    session.on('error', (e) => finish(`session error ${e.message}`));
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt8(0, 0); frame.writeUInt32BE(body.length, 1); body.copy(frame, 5);
    const req = session.request({
      ':method': 'POST', ':path': `/${SERVICE}/${method}`, 'content-type': 'application/grpc', te: 'trailers', 'grpc-timeout': timeoutHeader,
      ...(TOKEN ? { authorization: `Bearer ${TOKEN}` } : {}),
    });
    req.on('response', (h) => { if (h['grpc-status'] !== undefined) grpcStatus = h['grpc-status']; });
    req.on('trailers', (t) => { if (t['grpc-status'] !== undefined) grpcStatus = t['grpc-status']; });
    req.on('data', () => {});
    req.on('close', () => finish('closed'));
    req.on('error', (e) => finish(`stream error ${e.message}`));
    req.end(frame);
  });
}

function checklist(args) {
  const { service, methods } = load(args.protoRoot);
  const client = new service(args.target, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': MAX_MESSAGE, interceptors: TOKEN_INTERCEPTORS,
  });
  const gzipClient = new service(args.target, grpc.credentials.createInsecure(), {
    interceptors: TOKEN_INTERCEPTORS,
    'grpc.max_receive_message_length': MAX_MESSAGE, 'grpc.default_compression_algorithm': 2,
  });
  const s = grpc.status;
  const checks = {
    async unary() {
      const bytes = Buffer.from([...Array(256).keys()]);
      const r = await unary(client, 'Echo', { text: '文物 relic ✓', payload: bytes });
      expect(!r.error, `status ${r.error && codeName(r.error.code)}: ${r.error && r.error.details}`);
      expect(r.response.text === '文物 relic ✓', `text ${r.response.text}`);
      expect(Buffer.compare(r.response.payload, bytes) === 0, 'payload differs');
      return 'echoed text and 256-byte payload';
    },
    async server_streaming() {
      const r = await collect(client.ServerStream({ count: 5, size: 100 }, { deadline: Date.now() + 30000 }));
      expect(!r.error, `status ${r.error && r.error.details}`);
      expect(r.messages.map((m) => m.index).join() === '0,1,2,3,4', `indexes ${r.messages.map((m) => m.index)}`);
      expect(r.messages.every((m) => m.payload.length === 100), 'payload sizes');
      return '5 messages in order';
    },
    async client_streaming() {
      const r = await new Promise((resolve) => {
        const call = client.ClientStream({ deadline: Date.now() + 30000 }, (error, response) => resolve({ error, response }));
        for (let i = 0; i < 4; i++) call.write({ text: `m${i}`, payload: Buffer.alloc(i * 10, 'y') });
        call.end();
      });
      expect(!r.error, `status ${r.error && r.error.details}`);
      expect(r.response.message_count === 4 && Number(r.response.total_bytes) === 60 && r.response.text === 'm0,m1,m2,m3',
        `count=${r.response.message_count} bytes=${r.response.total_bytes} text=${r.response.text}`);
      return '4 messages counted';
    },
    async bidi() {
      // Ping-pong: each request is sent only after the previous answer arrived.
      const texts = await new Promise((resolve, reject) => {
        const got = [];
        const call = client.Bidi({ deadline: Date.now() + 30000 });
        call.on('data', (m) => {
          got.push(m.text);
          if (got.length < 4) call.write({ text: `ping${got.length}` }); else call.end();
        });
        call.on('error', reject);
        call.on('status', () => setImmediate(() => resolve(got)));
        call.write({ text: 'ping0' });
      });
      expect(texts.join() === 'ping0,ping1,ping2,ping3', `got ${texts}`);
      return '4 ping-pong rounds';
    },
    async error_before_messages() {
      const r = await unary(client, 'Echo', { error: spec(s.NOT_FOUND, 'no such site') });
      expectError(r.error, s.NOT_FOUND, 'no such site');
      const st = await collect(client.ServerStream({ count: 3, error: spec(s.FAILED_PRECONDITION, 'stage', 0) }, { deadline: Date.now() + 30000 }));
      expectError(st.error, s.FAILED_PRECONDITION, 'stage');
      expect(st.messages.length === 0, `${st.messages.length} messages before the error`);
      return 'unary and streaming fail before any message';
    },
    async error_after_messages() {
      const st = await collect(client.ServerStream({ count: 5, size: 10, error: spec(s.ABORTED, 'stopped after two', 2) }, { deadline: Date.now() + 30000 }));
      expectError(st.error, s.ABORTED, 'stopped after two');
      expect(st.messages.length === 2, `${st.messages.length} messages before the error, expected 2`);
      const call = client.Bidi({ deadline: Date.now() + 30000 });
      const pending = collect(call);
      call.write({ text: 'a' }); call.write({ text: 'b' }); call.write({ error: spec(s.OUT_OF_RANGE, 'bidi stop') }); call.end();
      const bd = await pending;
      expectError(bd.error, s.OUT_OF_RANGE, 'bidi stop');
      expect(bd.messages.length === 2, `bidi: ${bd.messages.length} messages before the error, expected 2`);
      return 'server stream and bidi fail after 2 messages';
    },
    async non_ascii_status() {
      const r = await unary(client, 'Echo', { error: spec(s.INVALID_ARGUMENT, NON_ASCII_MESSAGE) });
      expectError(r.error, s.INVALID_ARGUMENT, NON_ASCII_MESSAGE);
      const st = await collect(client.ServerStream({ count: 3, error: spec(s.INTERNAL, NON_ASCII_MESSAGE, 1) }, { deadline: Date.now() + 30000 }));
      expectError(st.error, s.INTERNAL, NON_ASCII_MESSAGE);
      return 'UTF-8 message intact in trailers-only and in trailers';
    },
    async deadline_client() {
      const started = Date.now();
      const r = await unary(client, 'Slow', { id: crypto.randomUUID(), delay_ms: 10000 }, { deadline: Date.now() + 300 });
      expectError(r.error, s.DEADLINE_EXCEEDED);
      const took = Date.now() - started;
      expect(took < 5000, `took ${took} ms`);
      return `DEADLINE_EXCEEDED after ${took} ms`;
    },
    async deadline_server() {
      const id = crypto.randomUUID();
      const body = methods.Slow.requestSerialize({ id, delay_ms: 15000 });
      const raw = await rawCall(args.target, 'Slow', body, '300m');
      expect(raw.status === '4', `grpc-status ${raw.status} after ${raw.took}s (${raw.why}), expected 4`);
      expect(raw.took < 5, `server answered after ${raw.took}s`);
      let outcome;
      const until = Date.now() + 5000;
      do {
        outcome = (await unary(client, 'SlowOutcome', { id })).response;
        if (outcome && outcome.known) break;
        await new Promise((res) => setTimeout(res, 50));
      } while (Date.now() < until);
      expect(outcome && outcome.known && outcome.cancelled, `handler outcome ${JSON.stringify(outcome)}`);
      expect(Number(outcome.elapsed_ms) < 5000, `handler ran ${outcome.elapsed_ms} ms`);
      return `grpc-status 4 after ${Math.round(raw.took * 1000)} ms; handler cancelled after ${outcome.elapsed_ms} ms`;
    },
    async deadline_propagated() {
      const r = await unary(client, 'Echo', { text: 'dl' }, { deadline: Date.now() + 10000 });
      expect(!r.error, `status ${r.error && r.error.details}`);
      const left = Number(r.response.deadline_remaining_ms);
      expect(left > 5000 && left <= 11000, `server saw ${left} ms left of 10000`); // a client may round grpc-timeout up
      const none = await unary(client, 'Echo', { text: 'no deadline' }, { deadline: Infinity });
      const leftNone = Number(none.response.deadline_remaining_ms);
      expect(!none.error && leftNone === -1, `server saw ${leftNone} ms left without a deadline`);
      return 'server saw the 10 s deadline (and none when unset)';
    },
    async gzip_request() {
      const payload = Buffer.from('relic '.repeat(50000));
      const r = await unary(gzipClient, 'Echo', { text: 'gz', payload });
      expect(!r.error, `status ${r.error && codeName(r.error.code)}: ${r.error && r.error.details}`);
      expect(Buffer.compare(r.response.payload, payload) === 0, 'payload differs');
      return `${payload.length} bytes sent gzip-compressed`;
    },
    async gzip_response() {
      const r = await unary(client, 'Echo', { text: 'gz', response_size: 300000, compress_response: true });
      expect(!r.error, `status ${r.error && codeName(r.error.code)}: ${r.error && r.error.details}`);
      expect(Buffer.compare(r.response.payload, Buffer.alloc(300000, 'x')) === 0, 'payload differs');
      return '300000-byte response (server asked to gzip)';
    },
    async metadata() {
      const blob = Buffer.from([...Array(256).keys()]);
      const md = new grpc.Metadata();
      md.add('x-echo-text', 'relic-42 ok');
      md.add('x-echo-blob-bin', blob);
      const r = await unary(client, 'Echo', { text: 'md' }, {}, md);
      expect(!r.error, `status ${r.error && r.error.details}`);
      const h = r.headers; const t = r.status.metadata;
      expect(h && h.get('x-echo-text')[0] === 'relic-42 ok', `initial text ${h && h.get('x-echo-text')}`);
      expect(h && Buffer.compare(h.get('x-echo-blob-bin')[0] ?? Buffer.alloc(0), blob) === 0, 'initial binary differs');
      expect(t.get('x-trailer-text')[0] === 'relic-42 ok', `trailer text ${t.get('x-trailer-text')}`);
      expect(Buffer.compare(t.get('x-trailer-blob-bin')[0] ?? Buffer.alloc(0), blob) === 0, 'trailer binary differs');
      const seen = Object.fromEntries(r.response.metadata.map((e) => [e.key, e]));
      expect(seen['x-echo-text'] && seen['x-echo-text'].text_value === 'relic-42 ok', 'server saw text metadata wrong');
      expect(seen['x-echo-blob-bin'] && Buffer.compare(seen['x-echo-blob-bin'].binary_value, blob) === 0, 'server saw binary metadata wrong');
      return 'text and -bin metadata seen by server, echoed in headers and trailers';
    },
    async large_message() {
      const payload = crypto.randomBytes(3 * 1024 * 1024);
      const r = await unary(client, 'Echo', { payload });
      expect(!r.error, `status ${r.error && codeName(r.error.code)}: ${r.error && r.error.details}`);
      expect(Buffer.compare(r.response.payload, payload) === 0, '3 MiB payload differs');
      return '3 MiB echoed';
    },
    async request_too_large() {
      const r = await unary(client, 'Echo', { payload: Buffer.alloc(5 * 1024 * 1024, 'z') });
      expectError(r.error, s.RESOURCE_EXHAUSTED);
      const after = await unary(client, 'Echo', { text: 'after' });
      expect(!after.error && after.response.text === 'after', 'server did not answer afterwards');
      return '5 MiB request -> RESOURCE_EXHAUSTED, server still answers';
    },
    async response_too_large() {
      const r = await unary(client, 'Echo', { response_size: 5 * 1024 * 1024 });
      expectError(r.error, s.RESOURCE_EXHAUSTED);
      return '5 MiB response -> RESOURCE_EXHAUSTED';
    },
    async unimplemented() {
      const call = (p) => new Promise((resolve) => {
        client.makeUnaryRequest(p, (x) => methods.Echo.requestSerialize(x), (b) => methods.Echo.responseDeserialize(b), {},
          new grpc.Metadata(), { deadline: Date.now() + 30000 }, (error) => resolve(error));
      });
      expectError(await call(`/${SERVICE}/NoSuchMethod`), s.UNIMPLEMENTED);
      expectError(await call('/relic.interop.v1.NoSuchService/Echo'), s.UNIMPLEMENTED);
      return 'unknown method and unknown service -> UNIMPLEMENTED';
    },
  };
  return { checks, close: () => { client.close(); gzipClient.close(); } };
}

async function runClient(args) {
  const { checks, close } = checklist(args);
  const wanted = args.features ? args.features.split(',') : Object.keys(checks);
  let failures = 0;
  for (const name of wanted) {
    let ok = false; let detail;
    if (!checks[name]) {
      detail = 'unknown feature';
    } else {
      try {
        detail = await checks[name]();
        ok = true;
      } catch (e) {
        detail = e instanceof Check ? e.message : `${e.name}: ${e.message}`;
      }
    }
    if (!ok) failures++;
    console.log(JSON.stringify({ peer: 'node', feature: name, pass: ok, detail }));
  }
  close();
  return failures ? 1 : 0;
}

const args = parseArgs(process.argv.slice(2));
if (args.mode === 'server') {
  runServer(args);
} else if (args.mode === 'list') {
  console.log(Object.keys(checklist({ ...args, target: '127.0.0.1:1' }).checks).join('\n'));
  process.exit(0);
} else {
  runClient(args).then((code) => process.exit(code));
}
