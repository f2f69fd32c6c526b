// The page's connection to /ws/events: reconnects by itself (with a growing pause) and
// hands every event to the listener. Events only refresh what a page shows; the page
// loads its data over REST first.

import { parseEvent, type ChorusEvent } from "./apply";

const MAX_PAUSE_MS = 30_000;

export function eventsUrl(loc: Pick<Location, "protocol" | "host">): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/ws/events`;
}

/** Listens until the returned function is called. `onReconnect` runs after a reconnection,
 * so the page can reload what it may have missed. */
export function listenToEvents(
  onEvent: (event: ChorusEvent) => void,
  onReconnect: () => void,
): () => void {
  let socket: WebSocket | null = null;
  let stopped = false;
  let pause = 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let opened = false;

  const open = (): void => {
    socket = new WebSocket(eventsUrl(location));
    socket.onopen = () => {
      pause = 1000;
      if (opened) onReconnect();
      opened = true;
    };
    socket.onmessage = (message: MessageEvent<unknown>) => {
      if (typeof message.data !== "string") return;
      const event = parseEvent(message.data);
      if (!event) return;
      onEvent(event);
      // What this person hears about was decided when the socket opened: after a change of
      // membership or of the forum's sessions, open it again to hear about the new statements.
      if (event.type === "membership" || event.type === "forum")
        socket?.close();
    };
    socket.onclose = (close: CloseEvent) => {
      socket = null;
      // Signed out: nothing to hear until the person signs in again.
      if (stopped || close.code === 4401) return;
      timer = setTimeout(open, pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    };
  };
  open();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    socket?.close();
  };
}
