// The one place that calls Tauri's `invoke`. Every command is typed by the generated
// `Commands` map, and every failure becomes an `IpcFailure` carrying the backend's code.
import { invoke } from "@tauri-apps/api/core";
import type { CommandName, Commands, ErrorCode, IpcError } from "./bindings";

export class IpcFailure extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string>;

  constructor(error: IpcError) {
    super(error.message);
    this.name = "IpcFailure";
    this.code = error.code;
    this.params = { ...error.params } as Record<string, string>;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as IpcError).code === "string" &&
    typeof (value as IpcError).message === "string"
  );
}

/** Turns anything thrown by `invoke` into an `IpcFailure`. */
export function toFailure(error: unknown): IpcFailure {
  if (error instanceof IpcFailure) return error;
  if (isIpcError(error)) return new IpcFailure(error);
  const message = error instanceof Error ? error.message : String(error);
  return new IpcFailure({ code: "INTERNAL", message, params: {} });
}

export async function call<K extends CommandName>(
  name: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(name, args);
  } catch (error) {
    throw toFailure(error);
  }
}
