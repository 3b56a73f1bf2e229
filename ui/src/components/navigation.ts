import { createContext, useContext, useEffect } from "react";

/** The app's areas, in navigation order. */
export type AreaId = "home" | "history" | "instances" | "campaigns" | "contacts" | "templates" | "personalise" | "settings";

export const NavigationContext = createContext<(area: AreaId) => void>(() => {});

/** Lets a screen send the user to another area (e.g. "open Settings"). */
export function useNavigateTo() {
  return useContext(NavigationContext);
}

/**
 * Asked before the user leaves the current area. Returns true when it takes over (e.g. asks
 * "leave without saving?") and calls `leave` itself once the user agrees.
 */
export type LeaveGuard = (leave: () => void) => boolean;

export const LeaveGuardContext = createContext<(guard: LeaveGuard | null) => void>(() => {});

/** A screen with unsaved work registers a guard while it has some (null: none). */
export function useLeaveGuard(guard: LeaveGuard | null) {
  const register = useContext(LeaveGuardContext);
  useEffect(() => {
    register(guard);
    return () => register(null);
  }, [register, guard]);
}
