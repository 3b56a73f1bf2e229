import { createContext, useContext } from "react";

/** The app's areas, in navigation order. */
export type AreaId = "instances" | "contacts" | "settings";

export const NavigationContext = createContext<(area: AreaId) => void>(() => {});

/** Lets a screen send the user to another area (e.g. "open Settings"). */
export function useNavigateTo() {
  return useContext(NavigationContext);
}
