import { describe, expect, it } from "vitest";

import {
  covers,
  initialSyncModel,
  mergeStateVectors,
  reduceSync,
  syncState,
  READ_ONLY_SYNC_TEXT,
  SYNC_TEXT,
  type SyncEvent,
  type SyncModel,
} from "./status";

const sv = (entries: Array<[number, number]>): Map<number, number> =>
  new Map(entries);

function run(model: SyncModel, ...events: SyncEvent[]): SyncModel {
  return events.reduce(reduceSync, model);
}

const open: SyncEvent = { type: "socket-open" };
const close: SyncEvent = { type: "socket-close" };
const synced: SyncEvent = { type: "synced" };
const localEdit = (
  entries: Array<[number, number]>,
  deleteOnly = false,
): SyncEvent => ({
  type: "doc-update",
  sv: sv(entries),
  local: true,
  deleteOnly,
});
const remoteEdit = (entries: Array<[number, number]>): SyncEvent => ({
  type: "doc-update",
  sv: sv(entries),
  local: false,
  deleteOnly: false,
});
const ack = (entries: Array<[number, number]>): SyncEvent => ({
  type: "ack",
  sv: sv(entries),
});

describe("state vectors", () => {
  it("covers when every local clock is acknowledged", () => {
    expect(covers(sv([]), sv([]))).toBe(true);
    expect(covers(sv([[1, 5]]), sv([[1, 5]]))).toBe(true);
    expect(covers(sv([[1, 9]]), sv([[1, 5]]))).toBe(true);
    expect(covers(sv([[1, 4]]), sv([[1, 5]]))).toBe(false);
    expect(
      covers(
        sv([[1, 5]]),
        sv([
          [1, 5],
          [2, 1],
        ]),
      ),
    ).toBe(false);
    // Extra clients only the server knows about do not matter.
    expect(
      covers(
        sv([
          [1, 5],
          [3, 7],
        ]),
        sv([[1, 5]]),
      ),
    ).toBe(true);
    // A client with clock 0 has nothing to store.
    expect(covers(sv([]), sv([[4, 0]]))).toBe(true);
  });

  it("merges by taking the larger clock per client", () => {
    const merged = mergeStateVectors(
      sv([
        [1, 5],
        [2, 3],
      ]),
      sv([
        [1, 2],
        [2, 8],
        [3, 1],
      ]),
    );
    expect([...merged].sort()).toEqual([
      [1, 5],
      [2, 8],
      [3, 1],
    ]);
  });
});

describe("sync state", () => {
  it("is connecting before the first sync", () => {
    const model = initialSyncModel(true);
    expect(syncState(model)).toBe("connecting");
    expect(syncState(run(model, open))).toBe("connecting");
  });

  it("is saved after syncing when there is nothing local", () => {
    expect(syncState(run(initialSyncModel(true), open, synced))).toBe("saved");
  });

  it("is saving until the server acknowledges the local edits", () => {
    let model = run(initialSyncModel(true), open, synced, localEdit([[1, 10]]));
    expect(syncState(model)).toBe("saving");
    model = run(model, ack([[1, 6]]));
    expect(syncState(model)).toBe("saving");
    model = run(model, ack([[1, 10]]));
    expect(syncState(model)).toBe("saved");
    model = run(model, localEdit([[1, 11]]));
    expect(syncState(model)).toBe("saving");
  });

  it("waits for other people's edits to be stored too", () => {
    let model = run(initialSyncModel(true), open, synced, ack([[1, 4]]));
    expect(syncState(model)).toBe("saved");
    model = run(
      model,
      remoteEdit([
        [1, 4],
        [2, 3],
      ]),
    );
    expect(syncState(model)).toBe("saving");
    model = run(
      model,
      ack([
        [1, 4],
        [2, 3],
      ]),
    );
    expect(syncState(model)).toBe("saved");
  });

  it("never lets an older acknowledgement undo a newer one", () => {
    const model = run(
      initialSyncModel(true),
      open,
      synced,
      localEdit([[1, 10]]),
      ack([[1, 10]]),
      ack([[1, 3]]),
    );
    expect(syncState(model)).toBe("saved");
  });

  it("treats edits loaded from this device's copy as unsaved until acknowledged", () => {
    let model = initialSyncModel(true, sv([[7, 20]]));
    model = run(model, open, synced);
    expect(syncState(model)).toBe("saving");
    model = run(model, ack([[7, 20]]));
    expect(syncState(model)).toBe("saved");
  });

  it("keeps a delete-only edit as saving until the next acknowledgement", () => {
    let model = run(
      initialSyncModel(true),
      open,
      synced,
      localEdit([[1, 5]]),
      ack([[1, 5]]),
    );
    expect(syncState(model)).toBe("saved");
    model = run(model, localEdit([[1, 5]], true));
    expect(syncState(model)).toBe("saving");
    model = run(model, ack([[1, 5]]));
    expect(syncState(model)).toBe("saved");
  });

  it("does not count a remote delete as pending", () => {
    const model = run(initialSyncModel(true), open, synced, ack([[1, 5]]), {
      type: "doc-update",
      sv: sv([[1, 5]]),
      local: false,
      deleteOnly: true,
    });
    expect(syncState(model)).toBe("saved");
  });

  it("does not clear a pending delete with an acknowledgement received before syncing", () => {
    let model = run(
      initialSyncModel(true),
      open,
      synced,
      close,
      localEdit([], true),
    );
    model = run(model, open, ack([]));
    expect(model.deletePending).toBe(true);
    model = run(model, synced);
    expect(syncState(model)).toBe("saving");
    model = run(model, ack([]));
    expect(syncState(model)).toBe("saved");
  });

  it("is offline while the socket is down, and edits go on", () => {
    let model = run(initialSyncModel(true), open, synced, close);
    expect(syncState(model)).toBe("offline");
    model = run(model, localEdit([[1, 3]]));
    expect(syncState(model)).toBe("offline");
    // A new attempt that has not synced yet says connecting.
    model = run(model, open);
    expect(syncState(model)).toBe("connecting");
    model = run(model, synced);
    expect(syncState(model)).toBe("saving");
    model = run(model, ack([[1, 3]]));
    expect(syncState(model)).toBe("saved");
  });

  it("is offline when the first connection fails", () => {
    expect(syncState(run(initialSyncModel(true), close))).toBe("offline");
  });

  it("is offline whenever the browser says so", () => {
    let model = run(initialSyncModel(true), open, synced);
    model = run(model, { type: "online", online: false });
    expect(syncState(model)).toBe("offline");
    model = run(model, { type: "online", online: true });
    expect(syncState(model)).toBe("saved");
    expect(syncState(initialSyncModel(false))).toBe("offline");
  });

  it("ignores a sync report for a socket that is not open", () => {
    const model = run(initialSyncModel(true), open, close, synced);
    expect(syncState(model)).toBe("offline");
  });

  it("has the texts of the status line", () => {
    expect(SYNC_TEXT).toEqual({
      connecting: "connecting…",
      saving: "saving…",
      saved: "saved",
      offline: "offline — your edits are kept on this device",
    });
    expect(READ_ONLY_SYNC_TEXT.saved).toBe("up to date");
    expect(READ_ONLY_SYNC_TEXT.offline).not.toContain("edits");
  });
});
