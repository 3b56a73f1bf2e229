/** The names the Evolution server can address later (it accepts anything, even ""). */
export const INSTANCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function instanceNameError(name: string): "empty" | "chars" | "long" | null {
  if (name.length === 0) return "empty";
  if (name.length > 64) return "long";
  return INSTANCE_NAME.test(name) ? null : "chars";
}

/**
 * Brazilian numbers typed as (11) 98765-4321 get the country code; a number written with
 * "+" already has its own.
 */
export function pairingNumber(input: string): string {
  const digits = input.replace(/\D/g, "");
  if (!input.trim().startsWith("+") && (digits.length === 10 || digits.length === 11)) return `55${digits}`;
  return digits;
}

/** 5511987654321 → +55 11 98765-4321 (other countries: +digits). */
export function formatPhone(digits: string | null): string {
  if (!digits) return "";
  const m = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(digits);
  if (m) return `+55 ${m[1]} ${m[2]}-${m[3]}`;
  return `+${digits}`;
}
