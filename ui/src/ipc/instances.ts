import { call } from "./invoke";

export const instancesApi = {
  list: () => call("instances_list", {}),
  create: (name: string) => call("instances_create", { name }),
  /** Starts connecting; with a number, asks for a pairing code instead of a QR. */
  connect: (name: string, number: string | null) => call("instances_connect", { input: { name, number } }),
  qr: (name: string) => call("instances_qr", { name }),
  restart: (name: string) => call("instances_restart", { name }),
  logout: (name: string) => call("instances_logout", { name }),
  remove: (name: string) => call("instances_delete", { name }),
};

export const demoApi = {
  start: () => call("demo_start", {}),
  stop: () => call("demo_stop", {}),
  /** Pretends the phone scanned the QR (demo server only). */
  scan: (name: string) => call("demo_scan", { name }),
};
