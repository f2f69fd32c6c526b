#!/usr/bin/env node
// Load generator for the Chorus benchmark.
//
// Opens R rooms x C stock Yjs clients (y-websocket 1.5.4 `WebsocketProvider`, one `Y.Doc`
// each), lets a share of them type one character per keystroke at K keystrokes a second into
// the `Y.Text` named `body`, and measures how long each keystroke takes to show up in every
// other client of its room. Prints one JSON object on stdout; everything else goes to stderr.
//
// Keystrokes go to a random position in the text (worst case for the CRDT: most inserts split
// an existing item). Every typer runs its own timer with a random phase, so the load is spread
// evenly over each second.
//
// Two modes:
//   load    (default) the latency / throughput / convergence run described above.
//   memory  opens the rooms in stages of idle clients (e.g. `--stages 1,4`: one client per
//           room, then four more) and, after each stage, prints `@@phase stage-<i> ...` on
//           stderr and waits for a line on stdin (or `--hold` seconds) so that the caller can
//           sample the server's memory.
//
// Progress markers for the orchestrator are stderr lines of the form `@@phase <name> <json>`.

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'

import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const HELP = `usage: node loadgen.mjs [--config FILE.json] [flags]

  --url WS_URL             base websocket URL; a room is WS_URL/<room>  (ws://127.0.0.1:1234)
  --rooms a,b,c            room names (default: generated names)
  --room-count R           number of rooms (default: all names given, else 20)
  --clients C              clients per room (5)
  --typing-share S         share of all clients that type, 0..1 (1.0)
  --rate K                 keystrokes a second per typer (5)
  --duration SECONDS       measured window (20)
  --warmup SECONDS         typing before the measured window (3)
  --cookie VALUE           Cookie header sent with every websocket handshake; several, one a
                           line: the k-th client of each room sends the (k mod n)-th
  --origin VALUE           Origin header (default: http://<host:port of the URL>)
  --connect-concurrency N  handshakes in flight while opening clients (50)
  --sync-timeout SECONDS   how long one client may take to sync (15)
  --ramp-timeout SECONDS   bound on opening all clients (120)
  --deflate                offer permessage-deflate, as browsers do (default: off, see README)
  --storm                  reconnect storm: every handshake at once (no connect concurrency
                           bound), each client waiting for its sync up to the ramp timeout
  --mode load|memory       (load)
  --stages 1,4             memory mode: clients added to each room per stage
  --hold SECONDS           memory mode: wait this long per stage instead of a stdin line
  --hold-timeout SECONDS   memory mode: bound on the wait for a stdin line (120)

Config file keys are the flag names in camelCase (url, rooms, roomCount, clients, typingShare,
rate, duration, warmup, cookie, origin, connectConcurrency, syncTimeout, rampTimeout, deflate,
storm, mode, stages, hold, holdTimeout). Flags override the file.`

const DELIVERY_GRACE_MS = 5000 // keystrokes not seen by a receiver this long after the end fail
const QUIET_MS = 500 // "quiet": no document update anywhere for this long
const QUIET_TIMEOUT_MS = 10000 // bound on waiting for quiet + equal texts
const FRESH_TIMEOUT_MS = 10000 // bound on a fresh client receiving the room's text
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

const log = (...args) => console.error('[loadgen]', ...args)
const phase = (name, data = {}) => process.stderr.write(`@@phase ${name} ${JSON.stringify(data)}\n`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------
// configuration

function parseArgs (argv) {
  const flags = {}
  const numeric = new Set([
    'roomCount', 'clients', 'typingShare', 'rate', 'duration', 'warmup', 'connectConcurrency',
    'syncTimeout', 'rampTimeout', 'hold', 'holdTimeout'
  ])
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') {
      console.error(HELP)
      process.exit(0)
    }
    if (arg === '--deflate' || arg === '--no-deflate') {
      flags.deflate = arg === '--deflate'
      continue
    }
    if (arg === '--storm') {
      flags.storm = true
      continue
    }
    if (!arg.startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument: ${arg}`)
    const key = arg.slice(2).replace(/-([a-z])/g, (_, ch) => ch.toUpperCase())
    const value = argv[++i]
    if (key === 'rooms') flags.rooms = value.split(',').map((s) => s.trim()).filter(Boolean)
    else if (key === 'stages') flags.stages = value.split(',').map(Number)
    else if (numeric.has(key)) flags[key] = Number(value)
    else if (['url', 'cookie', 'origin', 'mode', 'config'].includes(key)) flags[key] = value
    else throw new Error(`unknown flag: ${arg}`)
  }
  return flags
}

function loadConfig () {
  const flags = parseArgs(process.argv.slice(2))
  const file = flags.config ? JSON.parse(readFileSync(flags.config, 'utf8')) : {}
  const cfg = {
    url: 'ws://127.0.0.1:1234',
    rooms: null,
    roomCount: null,
    clients: 5,
    typingShare: 1.0,
    rate: 5,
    duration: 20,
    warmup: 3,
    cookie: '',
    origin: null,
    connectConcurrency: 50,
    syncTimeout: 15,
    rampTimeout: 120,
    deflate: false,
    storm: false,
    mode: 'load',
    stages: [1, 4],
    hold: null,
    holdTimeout: 120,
    ...file,
    ...flags
  }
  delete cfg.config
  cfg.url = cfg.url.replace(/\/+$/, '')
  if (!cfg.origin) {
    const u = new URL(cfg.url)
    cfg.origin = `${u.protocol === 'wss:' ? 'https' : 'http'}://${u.host}`
  }
  if (cfg.rooms && cfg.rooms.length) {
    const n = cfg.roomCount ?? cfg.rooms.length
    if (cfg.rooms.length < n) throw new Error(`${n} rooms wanted, ${cfg.rooms.length} names given`)
    cfg.rooms = cfg.rooms.slice(0, n)
  } else {
    const n = cfg.roomCount ?? 20
    const tag = `${process.pid}-${Date.now().toString(36)}`
    cfg.rooms = Array.from({ length: n }, (_, i) => `bench-${tag}-${i}`)
  }
  cfg.roomCount = cfg.rooms.length
  if (cfg.storm) {
    // After a deploy or a crash every editor reconnects at once: nobody waits for a free slot,
    // and nobody gives up on a slow sync before the ramp does.
    cfg.connectConcurrency = cfg.roomCount * cfg.clients
    cfg.syncTimeout = cfg.rampTimeout
  }
  for (const key of ['clients', 'rate', 'duration', 'connectConcurrency', 'syncTimeout']) {
    if (!(cfg[key] > 0)) throw new Error(`${key} must be positive`)
  }
  if (!(cfg.typingShare >= 0 && cfg.typingShare <= 1)) throw new Error('typingShare not in 0..1')
  if (!['load', 'memory'].includes(cfg.mode)) throw new Error(`unknown mode ${cfg.mode}`)
  return cfg
}

// ---------------------------------------------------------------------------------------------
// clients

const stats = {
  connectionErrors: 0,
  unexpectedCloses: 0,
  closeCodes: {},
  errorSamples: []
}
let lastUpdateAt = performance.now()

// One WebSocket class per session cookie (y-websocket takes a class, not headers).
function socketClasses (cfg) {
  return (cfg.cookie ? cfg.cookie.split('\n') : ['']).map((cookie) => socketClass(cfg, cookie))
}

function socketClass (cfg, cookie) {
  const headers = { Origin: cfg.origin }
  if (cookie) headers.Cookie = cookie
  // y-websocket constructs `new WebSocketPolyfill(url)`; this subclass adds our headers.
  return class HeaderWebSocket extends WebSocket {
    constructor (address, protocols) {
      super(address, protocols ?? [], {
        headers,
        perMessageDeflate: cfg.deflate,
        handshakeTimeout: cfg.syncTimeout * 1000
      })
    }
  }
}

function noteError (message) {
  if (stats.errorSamples.length < 5 && !stats.errorSamples.includes(message)) {
    stats.errorSamples.push(message)
  }
}

class Client {
  constructor (cfg, WS, room, { onRemoteUpdate = null } = {}) {
    this.room = room
    this.doc = new Y.Doc()
    this.text = this.doc.getText('body')
    this.closing = false
    this.synced = false
    this.ptr = null // per typer of the room: index of the first keystroke not yet seen
    this._waiters = []
    this.provider = new WebsocketProvider(cfg.url, room.name, this.doc, {
      WebSocketPolyfill: WS,
      disableBc: true, // same-process clients must not talk to each other behind the server
      maxBackoffTime: 2500
    })
    this.provider.on('synced', (isSynced) => {
      if (isSynced && !this.synced) {
        this.synced = true
        for (const resolve of this._waiters.splice(0)) resolve(true)
      }
    })
    this.provider.on('connection-error', (event) => {
      if (this.closing) return
      stats.connectionErrors++
      noteError(event?.message ?? String(event?.type ?? 'error'))
    })
    this.provider.on('connection-close', (event) => {
      if (this.closing) return
      const code = event?.code ?? 0
      stats.closeCodes[code] = (stats.closeCodes[code] ?? 0) + 1
      if (this.provider.wsconnected) {
        stats.unexpectedCloses++
        noteError(`closed ${code} ${event?.reason ?? ''}`.trim())
      }
    })
    this.doc.on('update', (_update, origin) => {
      lastUpdateAt = performance.now()
      if (origin !== null && onRemoteUpdate) onRemoteUpdate(this)
    })
  }

  waitSynced (timeoutMs) {
    if (this.synced) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this._waiters = this._waiters.filter((w) => w !== done)
        resolve(false)
      }, Math.max(0, timeoutMs))
      const done = (value) => {
        clearTimeout(timer)
        resolve(value)
      }
      this._waiters.push(done)
    })
  }

  destroy () {
    this.closing = true
    try {
      this.provider.destroy()
    } catch (err) {
      log('destroy failed:', err?.message ?? err)
    }
    this.doc.destroy()
  }
}

// Opens `count` clients per room (all rooms), at most `concurrency` handshakes in flight.
// Resolves to the number of clients that synced before the deadline.
async function openClients (cfg, WSs, rooms, count, options, deadline) {
  const jobs = []
  for (let k = 0; k < count; k++) {
    for (const room of rooms) jobs.push([room, WSs[(room.clients.length + k) % WSs.length]])
  }
  let next = 0
  let synced = 0
  let skipped = 0
  const start = performance.now()
  const worker = async () => {
    while (next < jobs.length) {
      const [room, WS] = jobs[next++]
      const left = deadline - performance.now()
      // Give up when the deadline has passed, or when nobody synced within a sync timeout
      // (the server refuses us: no point in queueing hundreds more handshakes).
      const hopeless = synced === 0 && performance.now() - start > cfg.syncTimeout * 1000
      if (left <= 0 || hopeless) {
        skipped++
        continue
      }
      const client = new Client(cfg, WS, room, options)
      room.clients.push(client)
      if (await client.waitSynced(Math.min(cfg.syncTimeout * 1000, left))) synced++
    }
  }
  await Promise.all(Array.from({ length: cfg.connectConcurrency }, worker))
  return { synced, skipped }
}

// ---------------------------------------------------------------------------------------------
// helpers

function percentile (sorted, p) {
  if (sorted.length === 0) return null
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return round(sorted[idx])
}

function round (x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return null
  const f = 10 ** digits
  return Math.round(x * f) / f
}

async function waitUntil (predicate, timeoutMs, stepMs = 50) {
  const end = performance.now() + timeoutMs
  for (;;) {
    if (predicate()) return true
    if (performance.now() >= end) return false
    await sleep(stepMs)
  }
}

// How late a 20 ms timer fires: a busy load generator would inflate the latencies it reports.
function lagSampler (periodMs = 20) {
  const lags = []
  let timer = null
  let last = 0
  return {
    start () {
      last = performance.now()
      timer = setInterval(() => {
        const now = performance.now()
        lags.push(Math.max(0, now - last - periodMs))
        last = now
      }, periodMs)
    },
    stop () {
      clearInterval(timer)
    },
    summary () {
      const sorted = Float64Array.from(lags).sort()
      return {
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.length ? round(sorted[sorted.length - 1]) : null
      }
    }
  }
}

function stdinLines () {
  const queue = []
  const waiters = []
  let ended = false
  const rl = createInterface({ input: process.stdin })
  rl.on('line', (line) => (waiters.length ? waiters.shift()(line) : queue.push(line)))
  rl.on('close', () => {
    ended = true
    for (const w of waiters.splice(0)) w(null)
  })
  return (timeoutMs) => {
    if (queue.length) return Promise.resolve(queue.shift())
    if (ended) return Promise.resolve(null)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(done), 1)
        resolve(null)
      }, timeoutMs)
      const done = (line) => {
        clearTimeout(timer)
        resolve(line)
      }
      waiters.push(done)
    })
  }
}

function emit (result) {
  return new Promise((resolve) => process.stdout.write(JSON.stringify(result) + '\n', resolve))
}

function roomTexts (room) {
  return room.clients.map((c) => c.text.toString())
}

// ---------------------------------------------------------------------------------------------
// load mode

async function runLoad (cfg) {
  const WSs = socketClasses(cfg)
  const rooms = cfg.rooms.map((name) => ({ name, clients: [], typers: [] }))
  const totalClients = rooms.length * cfg.clients
  const totalTypers = Math.round(totalClients * cfg.typingShare)

  const latencies = []
  let deliveries = 0 // (receiver, measured keystroke) pairs seen
  let measuring = false
  let typing = false

  // Called for every remote update a client applies: which keystrokes does it now cover?
  const onRemoteUpdate = (client) => {
    const room = client.room
    const typers = room.typers
    if (typers.length === 0 || client.ptr === null) return
    const store = client.doc.store
    let now = 0
    for (let i = 0; i < typers.length; i++) {
      const t = typers[i]
      if (t.client === client) continue
      let p = client.ptr[i]
      const n = t.clocks.length
      if (p >= n) continue
      const state = Y.getState(store, t.id)
      if (t.clocks[p] > state) continue
      if (now === 0) now = performance.now()
      while (p < n && t.clocks[p] <= state) {
        if (t.measured[p]) {
          latencies.push(now - t.times[p])
          deliveries++
        }
        p++
      }
      client.ptr[i] = p
    }
  }

  // 1. open the clients
  phase('ramp_start', { clients: totalClients })
  const rampStart = performance.now()
  const { synced, skipped } = await openClients(
    cfg, WSs, rooms, cfg.clients, { onRemoteUpdate }, rampStart + cfg.rampTimeout * 1000
  )
  const rampMs = performance.now() - rampStart
  log(`opened ${totalClients - skipped} clients, ${synced} synced in ${Math.round(rampMs)} ms`)
  phase('connected', { clients: totalClients - skipped, synced })

  // 2. choose the typers: spread over rooms so room counts differ by at most one
  for (let k = 0; k < totalTypers; k++) {
    const room = rooms[k % rooms.length]
    const client = room.clients[Math.floor(k / rooms.length)]
    if (!client) continue
    room.typers.push({
      client,
      id: client.doc.clientID,
      clocks: [], // clock of the typer after each keystroke
      times: [], // performance.now() just before each keystroke
      measured: [], // 1 if the keystroke was sent inside the measured window
      timer: null
    })
  }
  for (const room of rooms) {
    for (const c of room.clients) c.ptr = new Int32Array(room.typers.length)
  }
  const typers = rooms.flatMap((r) => r.typers)

  let keystrokes = 0
  let measuredKeystrokes = 0
  const keystroke = (t) => {
    if (!typing) return
    const text = t.client.text
    const pos = Math.floor(Math.random() * (text.length + 1))
    const ch = LETTERS[Math.floor(Math.random() * LETTERS.length)]
    const t0 = performance.now()
    text.insert(pos, ch)
    t.clocks.push(Y.getState(t.client.doc.store, t.id))
    t.times.push(t0)
    t.measured.push(measuring ? 1 : 0)
    keystrokes++
    if (measuring) measuredKeystrokes++
  }

  const loopLag = lagSampler()
  let cpuAtStart = null
  let cpuUsed = null
  let measureStart = 0
  let measureMs = 0

  if (synced > 0) {
    await sleep(1000) // let the join traffic (sync, awareness) settle
    // 3. type: warm-up, then the measured window
    typing = true
    const period = 1000 / cfg.rate
    // Each typer keeps its own schedule (random phase, then every `period` ms). Keystrokes are
    // due at fixed times rather than `period` after the previous one, so a late timer does
    // not lower the offered rate: the next keystroke simply comes sooner.
    const t0 = performance.now()
    for (const t of typers) {
      let due = t0 + Math.random() * period
      const tick = () => {
        if (!typing) return
        keystroke(t)
        due += period
        t.timer = setTimeout(tick, Math.max(0, due - performance.now()))
      }
      t.timer = setTimeout(tick, due - t0)
    }
    phase('warmup', { typers: typers.length })
    await sleep(cfg.warmup * 1000)
    measuring = true
    measureStart = performance.now()
    cpuAtStart = process.cpuUsage()
    loopLag.start()
    phase('measure_start', {})
    await sleep(cfg.duration * 1000)
    measuring = false
    typing = false
    measureMs = performance.now() - measureStart
    phase('measure_end', {})
    loopLag.stop()
    cpuUsed = process.cpuUsage(cpuAtStart)
    for (const t of typers) clearTimeout(t.timer)
  } else {
    log('no client synced: skipping the typing phase')
  }

  // 4. every keystroke should reach every other client of its room
  const pending = () => {
    let n = 0
    for (const room of rooms) {
      for (const c of room.clients) {
        for (let i = 0; i < room.typers.length; i++) {
          if (room.typers[i].client !== c) n += room.typers[i].clocks.length - c.ptr[i]
        }
      }
    }
    return n
  }
  if (synced > 0) await waitUntil(() => pending() === 0, DELIVERY_GRACE_MS, 20)
  const undelivered = pending()

  // 5. convergence: wait until quiet and equal, then compare; then a fresh client per room
  const convStart = performance.now()
  const allEqual = () => rooms.every((r) => new Set(roomTexts(r)).size <= 1)
  await waitUntil(
    () => performance.now() - lastUpdateAt >= QUIET_MS && allEqual(), QUIET_TIMEOUT_MS, 50
  )
  const convergenceWaitMs = performance.now() - convStart
  const equalRooms = rooms.filter((r) => new Set(roomTexts(r)).size <= 1).length
  const neverSynced = totalClients - rooms.reduce(
    (n, r) => n + r.clients.filter((c) => c.synced).length, 0
  )

  let freshOk = 0
  let freshNotSynced = 0
  const freshDeadline = performance.now() + FRESH_TIMEOUT_MS
  const fresh = []
  await Promise.all(rooms.map(async (room) => {
    const expected = room.clients[0]?.text.toString() ?? ''
    const client = new Client(cfg, WSs[0], { name: room.name, clients: [], typers: [] })
    fresh.push(client)
    const ok = await client.waitSynced(freshDeadline - performance.now())
    if (!ok) {
      freshNotSynced++
      return
    }
    if (await waitUntil(() => client.text.toString() === expected,
      Math.max(0, freshDeadline - performance.now()), 20)) {
      freshOk++
    } else {
      log(`room ${room.name}: fresh client text differs (${client.text.length} vs ${expected.length} chars)`)
    }
  }))
  const textLengths = rooms.map((r) => r.clients[0]?.text.length ?? 0)

  for (const c of fresh) c.destroy()
  for (const room of rooms) for (const c of room.clients) c.destroy()

  const sorted = Float64Array.from(latencies).sort()
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null
  const durationS = measureMs / 1000
  const failures = {
    connection_errors: stats.connectionErrors,
    unexpected_closes: stats.unexpectedCloses,
    never_synced: neverSynced,
    undelivered
  }
  failures.total = Object.values(failures).reduce((a, b) => a + b, 0)
  return {
    mode: 'load',
    url: cfg.url,
    rooms: rooms.length,
    clients_per_room: cfg.clients,
    clients: totalClients,
    typers: typers.length,
    typing_share: cfg.typingShare,
    rate: cfg.rate,
    warmup_s: cfg.warmup,
    duration_s: round(durationS, 3),
    insert_position: 'random',
    deflate: cfg.deflate,
    storm: cfg.storm,
    ramp_ms: Math.round(rampMs),
    keystrokes,
    keystrokes_measured: measuredKeystrokes,
    deliveries,
    deliveries_per_s: durationS > 0 ? round(deliveries / durationS, 1) : 0,
    latency_ms: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? round(sorted[sorted.length - 1]) : null,
      mean: round(mean)
    },
    failures,
    close_codes: stats.closeCodes,
    error_samples: stats.errorSamples,
    converged_rooms: equalRooms,
    fresh_ok_rooms: freshOk,
    fresh_not_synced: freshNotSynced,
    converged: synced > 0 && equalRooms === rooms.length && freshOk === rooms.length,
    convergence_wait_ms: Math.round(convergenceWaitMs),
    text_chars: { min: Math.min(...textLengths), max: Math.max(...textLengths) },
    loadgen: {
      cpu_s: cpuUsed ? round((cpuUsed.user + cpuUsed.system) / 1e6, 3) : null,
      event_loop_lag_ms: loopLag.summary()
    }
  }
}

// ---------------------------------------------------------------------------------------------
// memory mode

async function runMemory (cfg) {
  const WSs = socketClasses(cfg)
  const rooms = cfg.rooms.map((name) => ({ name, clients: [], typers: [] }))
  const nextLine = cfg.hold === null ? stdinLines() : null
  const stages = []
  let total = 0
  for (let i = 0; i < cfg.stages.length; i++) {
    const count = cfg.stages[i]
    const start = performance.now()
    const { synced, skipped } = await openClients(
      cfg, WSs, rooms, count, {}, start + cfg.rampTimeout * 1000
    )
    total += count * rooms.length - skipped
    await sleep(1000) // let the join traffic settle before anyone samples memory
    const open = rooms.reduce((n, r) => n + r.clients.filter((c) => c.provider.wsconnected).length, 0)
    const stage = {
      added_per_room: count,
      clients: total,
      synced_now: rooms.reduce((n, r) => n + r.clients.filter((c) => c.synced).length, 0),
      newly_synced: synced,
      open,
      ms: Math.round(performance.now() - start)
    }
    stages.push(stage)
    phase(`stage-${i + 1}`, stage)
    if (nextLine) await nextLine(cfg.holdTimeout * 1000)
    else await sleep(cfg.hold * 1000)
  }
  const neverSynced = rooms.reduce((n, r) => n + r.clients.filter((c) => !c.synced).length, 0)
  for (const room of rooms) for (const c of room.clients) c.destroy()
  const failures = {
    connection_errors: stats.connectionErrors,
    unexpected_closes: stats.unexpectedCloses,
    never_synced: neverSynced
  }
  failures.total = Object.values(failures).reduce((a, b) => a + b, 0)
  return {
    mode: 'memory',
    url: cfg.url,
    rooms: rooms.length,
    stages,
    failures,
    close_codes: stats.closeCodes,
    error_samples: stats.errorSamples
  }
}

// ---------------------------------------------------------------------------------------------

async function main () {
  let cfg
  try {
    cfg = loadConfig()
  } catch (err) {
    console.error(`loadgen: ${err.message}\n\n${HELP}`)
    process.exit(2)
  }
  process.setMaxListeners(0) // every provider adds a process 'exit' listener
  // A hard bound on the whole run, whatever happens to the server.
  const budgetS = cfg.mode === 'load'
    ? cfg.rampTimeout + cfg.warmup + cfg.duration + 60
    : cfg.stages.length * (cfg.rampTimeout + (cfg.hold ?? cfg.holdTimeout) + 5) + 30
  const guard = setTimeout(async () => {
    log(`giving up after ${budgetS} s`)
    await emit({ mode: cfg.mode, url: cfg.url, error: `timed out after ${budgetS} s` })
    process.exit(3)
  }, budgetS * 1000)

  const result = cfg.mode === 'load' ? await runLoad(cfg) : await runMemory(cfg)
  clearTimeout(guard)
  phase('done', {})
  await emit(result)
  process.exit(0)
}

main().catch(async (err) => {
  log('crashed:', err?.stack ?? err)
  await emit({ error: String(err?.message ?? err) })
  process.exit(1)
})
