// One statement's shared document: the websocket to the server, the copy kept
// in this browser (IndexedDB), and the sync state built from both.

import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import { IndexeddbPersistence } from "y-indexeddb";
import { Awareness, removeAwarenessStates } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

import { closeAction, type CloseAction } from "./close";
import { readWritable, type Writable } from "./writable";
import type { PresenceUser } from "./presence";
import {
  initialSyncModel,
  reduceSync,
  syncState,
  type StateVector,
  type SyncEvent,
  type SyncModel,
  type SyncState,
} from "./status";

/** Custom message: the state vector of what the server has durably stored. */
export const MESSAGE_SAVED = 100;
/** Custom message: whether my edits are taken now, and why not (1 or 0, then the reason's
 * English, its stable code and its params as JSON). */
export const MESSAGE_WRITABLE = 101;

/** How long after a local edit leaving the page asks first (the local copy is being written). */
const UNLOAD_GUARD_MS = 1000;

export type StopAction = Exclude<CloseAction, { kind: "retry" }>;

export interface StatementSync {
  readonly doc: Y.Doc;
  /** The statement's Markdown. */
  readonly text: Y.Text;
  readonly awareness: Awareness;
  /** Resolves once this browser's stored copy is loaded into `doc`. */
  readonly whenLocalLoaded: Promise<void>;
  state(): SyncState;
  /** Called with every change of sync state; returns an unsubscribe. */
  onState(listener: (state: SyncState) => void): () => void;
  /** Called once when the connection stops for good (see close.ts). */
  onStop(listener: (action: StopAction) => void): () => void;
  /** Called when the server switches my editing on or off (a statement finalised,
   * reopened); returns an unsubscribe. */
  onWritable(listener: (writable: Writable) => void): () => void;
  /** Deletes this browser's copy of the statement (call, then reload). */
  discardLocalCopy(): Promise<void>;
  destroy(): void;
}

export function localDatabaseName(statementId: number): string {
  return `chorus-statement-${statementId}`;
}

export function websocketBase(
  loc: Pick<Location, "protocol" | "host">,
): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/ws/statements`;
}

function stateVector(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

export function openStatementSync(
  statementId: number,
  user: PresenceUser,
): StatementSync {
  const doc = new Y.Doc();
  const text = doc.getText("body");
  const dbName = localDatabaseName(statementId);
  const persistence = new IndexeddbPersistence(dbName, doc);
  const awareness = new Awareness(doc);
  awareness.setLocalStateField("user", {
    id: user.id,
    name: user.name,
    color: user.color,
    colorLight: user.colorLight,
  });

  const provider = new WebsocketProvider(
    websocketBase(location),
    String(statementId),
    doc,
    {
      awareness,
      params: { saved: "1" },
    },
  );

  let model: SyncModel = initialSyncModel(navigator.onLine, stateVector(doc));
  let shown: SyncState = syncState(model);
  const stateListeners = new Set<(state: SyncState) => void>();
  const stopListeners = new Set<(action: StopAction) => void>();
  const writableListeners = new Set<(writable: Writable) => void>();
  let stopped: StopAction | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;

  const dispatch = (event: SyncEvent): void => {
    model = reduceSync(model, event);
    const next = syncState(model);
    if (next !== shown) {
      shown = next;
      for (const listener of stateListeners) listener(next);
    }
  };

  provider.messageHandlers[MESSAGE_SAVED] = (
    _encoder: encoding.Encoder,
    decoder: decoding.Decoder,
  ): void => {
    dispatch({
      type: "ack",
      sv: Y.decodeStateVector(decoding.readVarUint8Array(decoder)),
    });
  };

  provider.messageHandlers[MESSAGE_WRITABLE] = (
    _encoder: encoding.Encoder,
    decoder: decoding.Decoder,
  ): void => {
    const writable = readWritable(decoder);
    for (const listener of writableListeners) listener(writable);
  };

  const onStatus = (event: { status: string }): void => {
    if (event.status === "connected") dispatch({ type: "socket-open" });
  };
  const onSync = (isSynced: boolean): void => {
    if (isSynced) dispatch({ type: "synced" });
  };
  const stop = (action: StopAction): void => {
    if (stopped !== null) return;
    stopped = action;
    provider.disconnect();
    for (const listener of stopListeners) listener(action);
  };
  const onClose = (event: CloseEvent | null): void => {
    dispatch({ type: "socket-close" });
    if (destroyed || stopped !== null) return;
    const action = closeAction(event?.code ?? 1006);
    if (action.kind === "retry") {
      if (action.delayMs > 0 && retryTimer === null) {
        // Let y-websocket's pending attempt find nothing to do, then come back.
        provider.shouldConnect = false;
        retryTimer = setTimeout(() => {
          retryTimer = null;
          if (!destroyed && stopped === null) provider.connect();
        }, action.delayMs);
      }
      return;
    }
    stop(action);
  };
  // y-indexeddb writes each update in its own IndexedDB transaction; one still in flight
  // when the page unloads is lost. Ask before leaving right after a local edit that the
  // server has not acknowledged yet.
  let lastLocalEdit = -Infinity;
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    const local = origin !== provider && origin !== persistence;
    if (local) lastLocalEdit = performance.now();
    const deleteOnly = local && Y.parseUpdateMeta(update).to.size === 0;
    dispatch({ type: "doc-update", sv: stateVector(doc), local, deleteOnly });
  };
  const onOnline = (): void => dispatch({ type: "online", online: true });
  const onOffline = (): void => dispatch({ type: "online", online: false });
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (
      shown !== "saved" &&
      performance.now() - lastLocalEdit < UNLOAD_GUARD_MS
    ) {
      event.preventDefault();
    }
  };
  const onPageHide = (): void => {
    // Let the others see us leave now rather than after the awareness timeout.
    removeAwarenessStates(awareness, [doc.clientID], "page hidden");
  };

  provider.on("status", onStatus);
  provider.on("sync", onSync);
  provider.on("connection-close", onClose);
  doc.on("update", onUpdate);
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  window.addEventListener("pagehide", onPageHide);
  window.addEventListener("beforeunload", onBeforeUnload);

  const whenLocalLoaded = persistence.whenSynced.then(
    () => undefined,
    () => undefined,
  );

  return {
    doc,
    text,
    awareness,
    whenLocalLoaded,
    state: () => shown,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onWritable(listener) {
      writableListeners.add(listener);
      return () => writableListeners.delete(listener);
    },
    onStop(listener) {
      stopListeners.add(listener);
      if (stopped !== null) listener(stopped);
      return () => stopListeners.delete(listener);
    },
    async discardLocalCopy() {
      provider.disconnect();
      await persistence.clearData();
      await deleteDatabase(dbName);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
      doc.off("update", onUpdate);
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onClose);
      provider.destroy();
      awareness.destroy();
      void persistence.destroy().catch(() => undefined);
      doc.destroy();
    },
  };
}

export type { Writable };
