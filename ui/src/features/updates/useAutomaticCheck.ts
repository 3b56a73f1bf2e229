import { useEffect, useRef } from "react";
import type { UpdateCheck } from "../../ipc";
import { updatesApi } from "../../ipc";

/** How often the window asks; the backend checks only when the last check is 12 h old. */
export const AUTOMATIC_TICK_MS = 60 * 60 * 1000;

/**
 * Looks for updates at start and then every hour while the app runs (the backend keeps it
 * to one check per 12 h). Failures stay silent here (they are logged); a version found is
 * reported once.
 */
export function useAutomaticCheck(onFound: (check: Extract<UpdateCheck, { state: "available" }>) => void) {
  const found = useRef(onFound);
  const reported = useRef<string | null>(null);
  useEffect(() => {
    found.current = onFound;
  }, [onFound]);
  useEffect(() => {
    let stopped = false;
    const run = async () => {
      try {
        const check = await updatesApi.check(true);
        if (!stopped && check.state === "available" && reported.current !== check.version) {
          reported.current = check.version;
          found.current(check);
        }
      } catch {
        // automatic: offline or a bad feed must not bother the user; the backend logs it
      }
    };
    void run();
    const timer = setInterval(() => void run(), AUTOMATIC_TICK_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
}
