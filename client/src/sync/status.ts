// The sync state machine shown at the end of the status line.
//
// Pure logic: provider.ts feeds it events from the websocket, the Yjs document
// and the browser, and renders `syncState(model)`.
//
// "saved" means the server has told us (custom message type 100) that it has
// durably stored everything this device has seen: for every client id in the
// local state vector, the acknowledged clock is at least the local clock.

/** Client id -> clock, as decoded by Y.decodeStateVector. */
export type StateVector = ReadonlyMap<number, number>;

export type SyncState = "connecting" | "saving" | "saved" | "offline";

export const SYNC_TEXT: Readonly<Record<SyncState, string>> = {
  connecting: "connecting…",
  saving: "saving…",
  saved: "saved",
  offline: "offline — your edits are kept on this device",
};

/** The same states said to someone who reads but cannot write (an observer, a final
 * statement): there is nothing of theirs to save. */
export const READ_ONLY_SYNC_TEXT: Readonly<Record<SyncState, string>> = {
  connecting: "connecting…",
  saving: "up to date",
  saved: "up to date",
  offline: "offline — showing the text as last received",
};

/**
 * - `initial`: no connection has been made yet, or the first one has not
 *   synced yet and none has failed.
 * - `open`: the socket is open and the first sync exchange is under way.
 * - `synced`: the socket is open and the server's state has been received.
 * - `down`: the socket closed (or could not open); y-websocket retries.
 */
export type Connection = "initial" | "open" | "synced" | "down";

export interface SyncModel {
  readonly online: boolean;
  readonly connection: Connection;
  readonly local: StateVector;
  readonly acked: StateVector;
  /**
   * A local edit that only deleted text does not move the state vector, so the
   * acknowledgement cannot prove it stored. It counts as saved at the next
   * acknowledgement received over a synced connection.
   */
  readonly deletePending: boolean;
}

export type SyncEvent =
  | { readonly type: "online"; readonly online: boolean }
  | { readonly type: "socket-open" }
  | { readonly type: "socket-close" }
  | { readonly type: "synced" }
  /** The local document changed; `sv` is its state vector afterwards. */
  | {
      readonly type: "doc-update";
      readonly sv: StateVector;
      readonly local: boolean;
      readonly deleteOnly: boolean;
    }
  /** Message type 100: what the server has durably stored. */
  | { readonly type: "ack"; readonly sv: StateVector };

export function initialSyncModel(
  online: boolean,
  local: StateVector = new Map(),
): SyncModel {
  return {
    online,
    connection: "initial",
    local,
    acked: new Map(),
    deletePending: false,
  };
}

export function reduceSync(model: SyncModel, event: SyncEvent): SyncModel {
  switch (event.type) {
    case "online":
      return model.online === event.online
        ? model
        : { ...model, online: event.online };
    case "socket-open":
      return { ...model, connection: "open" };
    case "socket-close":
      return { ...model, connection: "down" };
    case "synced":
      return model.connection === "open"
        ? { ...model, connection: "synced" }
        : model;
    case "doc-update":
      return {
        ...model,
        local: event.sv,
        deletePending: model.deletePending || (event.local && event.deleteOnly),
      };
    case "ack":
      return {
        ...model,
        acked: mergeStateVectors(model.acked, event.sv),
        deletePending:
          model.connection === "synced" ? false : model.deletePending,
      };
  }
}

export function syncState(model: SyncModel): SyncState {
  if (!model.online) return "offline";
  switch (model.connection) {
    case "initial":
    case "open":
      return "connecting";
    case "down":
      return "offline";
    case "synced":
      return !model.deletePending && covers(model.acked, model.local)
        ? "saved"
        : "saving";
  }
}

/** True when `acked` has at least every clock of `local`. */
export function covers(acked: StateVector, local: StateVector): boolean {
  for (const [client, clock] of local) {
    if (clock > 0 && (acked.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** Per client, the larger of the two clocks (acknowledgements never go back). */
export function mergeStateVectors(a: StateVector, b: StateVector): StateVector {
  const merged = new Map(a);
  for (const [client, clock] of b) {
    if (clock > (merged.get(client) ?? 0)) merged.set(client, clock);
  }
  return merged;
}
