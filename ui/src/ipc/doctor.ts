import type { InstanceObservation } from "./bindings";
import { call } from "./invoke";

export const doctorApi = {
  /**
   * The server doctor: version advice, and with `instance` (what a connect dialog saw so
   * far) whether it is stuck without a QR and which server settings to check.
   */
  check: (instance: InstanceObservation | null) => call("doctor_check", { input: { instance } }),
};
