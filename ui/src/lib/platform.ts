/** Which keychain advice to show first. */
export type DesktopOs = "linux" | "mac" | "windows";

export function currentOs(userAgent: string = navigator.userAgent): DesktopOs {
  if (/Windows/i.test(userAgent)) return "windows";
  if (/Mac OS X|Macintosh/i.test(userAgent)) return "mac";
  return "linux";
}
