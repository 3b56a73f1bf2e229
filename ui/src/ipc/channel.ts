import { Channel } from "@tauri-apps/api/core";

/** A Tauri `Channel` delivering each message to `onMessage` (its own module so tests can fake it). */
export function newChannel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}
