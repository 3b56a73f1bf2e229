import { describe, expect, it } from "vitest";
import { formatPhone, instanceNameError, pairingNumber } from "./instanceName";

describe("instance names", () => {
  it("accepts what the server can address and explains the rest", () => {
    expect(instanceNameError("loja-01")).toBeNull();
    expect(instanceNameError("Loja_Centro")).toBeNull();
    expect(instanceNameError("")).toBe("empty");
    expect(instanceNameError("loja 01")).toBe("chars");
    expect(instanceNameError("lojá")).toBe("chars");
    expect(instanceNameError("x".repeat(65))).toBe("long");
  });
});

describe("phone numbers", () => {
  it("adds Brazil's code to local numbers for pairing", () => {
    expect(pairingNumber("(11) 98765-4321")).toBe("5511987654321");
    expect(pairingNumber("+55 11 98765-4321")).toBe("5511987654321");
    expect(pairingNumber("+1 415 555 2671")).toBe("14155552671");
    expect(pairingNumber("5511987654321")).toBe("5511987654321");
  });

  it("formats Brazilian numbers the way people read them", () => {
    expect(formatPhone("5511987654321")).toBe("+55 11 98765-4321");
    expect(formatPhone("551133334444")).toBe("+55 11 3333-4444");
    expect(formatPhone("14155552671")).toBe("+14155552671");
    expect(formatPhone(null)).toBe("");
  });
});
