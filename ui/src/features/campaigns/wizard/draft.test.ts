import { describe, expect, it } from "vitest";
import { initialState, localToUtc, stepProblem, toDraft } from "./draft";

const now = new Date("2026-12-01T12:00:00Z");

describe("campaign wizard rules", () => {
  it("asks for a name and a list before the message", () => {
    const state = initialState();
    expect(stepProblem(state, "audience", now)).toBe("name");
    expect(stepProblem({ ...state, name: "  " }, "audience", now)).toBe("name");
    expect(stepProblem({ ...state, name: "Natal" }, "audience", now)).toBe("list");
    expect(stepProblem({ ...state, name: "Natal", listId: 3 }, "audience", now)).toBeNull();
  });

  it("refuses a daily cap above 500, a window that ends before it starts and no weekday", () => {
    const state = initialState();
    const pacing = state.pacing;
    expect(stepProblem(state, "pacing", now)).toBeNull();
    expect(stepProblem({ ...state, pacing: { ...pacing, dailyCap: 501 } }, "pacing", now)).toBe("cap");
    expect(stepProblem({ ...state, pacing: { ...pacing, dailyCap: 0 } }, "pacing", now)).toBe("cap");
    expect(stepProblem({ ...state, pacing: { ...pacing, window: { ...pacing.window, start: "20:00", end: "09:00" } } }, "pacing", now)).toBe("window");
    expect(stepProblem({ ...state, pacing: { ...pacing, window: { ...pacing.window, days: [] } } }, "pacing", now)).toBe("days");
  });

  it("turns the computer's date and time into UTC and refuses one in the past", () => {
    const local = "2026-12-05T14:30";
    expect(localToUtc(local)).toBe(new Date(2026, 11, 5, 14, 30).toISOString().replace(".000Z", "Z"));
    expect(localToUtc("")).toBeNull();
    const state = initialState();
    expect(stepProblem({ ...state, schedule: { kind: "at", local: "" } }, "schedule", now)).toBe("scheduleInvalid");
    expect(stepProblem({ ...state, schedule: { kind: "at", local: "2026-11-30T10:00" } }, "schedule", now)).toBe("schedulePast");
    expect(stepProblem({ ...state, schedule: { kind: "at", local } }, "schedule", now)).toBeNull();
  });

  it("sends weekdays in calendar order whatever order they were picked in", () => {
    const state = initialState();
    const draft = toDraft({
      ...state,
      name: " Natal ",
      listId: 3,
      templateId: 9,
      instances: ["b", "a"],
      pacing: { ...state.pacing, window: { ...state.pacing.window, days: ["sat", "mon"] } },
    });
    expect(draft.name).toBe("Natal");
    expect(draft.instances).toEqual(["b", "a"]);
    expect(draft.pacing.window.days).toEqual(["mon", "sat"]);
    expect(draft.source).toEqual({ kind: "template", templateId: 9 });
  });
});
