// Rejections from the core become typed BackendErrors.
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn() }));

const { BackendError, call } = await import("./backend");

describe("BackendError.from", () => {
  it("keeps the code, message and field of an ErrorPayload", () => {
    const error = BackendError.from({ code: "invalid_input", message: "must not be empty", field: "name" });
    expect(error).toBeInstanceOf(BackendError);
    expect([error.code, error.message, error.field]).toEqual(["invalid_input", "must not be empty", "name"]);
  });

  it("turns anything else into an unexpected error", () => {
    const error = BackendError.from("boom");
    expect([error.code, error.message, error.field]).toEqual(["unexpected", "boom", null]);
    expect(BackendError.from({ code: "made_up", message: "x" }).code).toBe("unexpected");
  });
});

describe("call", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("passes the command and arguments through", async () => {
    invoke.mockResolvedValue("it");
    await expect(call("set_interface_language", { language: "it" })).resolves.toBe("it");
    expect(invoke).toHaveBeenCalledWith("set_interface_language", { language: "it" });
  });

  it("rejects with a BackendError built from the payload", async () => {
    invoke.mockRejectedValue({ code: "no_backup", message: "no backup in /data", field: null });
    const error = await call("restore_newest_backup", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    const { code, message, field } = error as InstanceType<typeof BackendError>;
    expect({ code, message, field }).toEqual({ code: "no_backup", message: "no backup in /data", field: null });
  });
});
