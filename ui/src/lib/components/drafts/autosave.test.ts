// Autosave: one save a moment after the last change, never two at once, nothing lost when a save fails.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError } from "$lib/backend";
import { Autosaver } from "./autosave.svelte";

describe("Autosaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves once, after the delay that follows the last change", async () => {
    const save = vi.fn(async () => {});
    const saver = new Autosaver({ text: "a" }, save, 600);
    saver.change({ text: "ab" });
    await vi.advanceTimersByTimeAsync(400);
    saver.change({ text: "abc" });
    expect(saver.status).toBe("pending");
    await vi.advanceTimersByTimeAsync(400);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ text: "abc" });
    expect(saver.status).toBe("saved");
    expect(saver.dirty).toBe(false);
  });

  it("does nothing when the content comes back to what is stored", async () => {
    const save = vi.fn(async () => {});
    const saver = new Autosaver({ text: "a" }, save, 600);
    saver.change({ text: "ab" });
    saver.change({ text: "a" });
    expect(saver.status).toBe("saved");
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).not.toHaveBeenCalled();
  });

  it("saves what changed during a save right after it", async () => {
    let finish: () => void = () => {};
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const saver = new Autosaver<string>("a", save, 600);
    saver.change("b");
    await vi.advanceTimersByTimeAsync(600);
    expect(saver.status).toBe("saving");
    saver.change("c");
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith("c");
    finish();
    await vi.advanceTimersByTimeAsync(700);
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.status).toBe("saved");
  });

  it("keeps the value after a failed save and stores it on flush", async () => {
    const save = vi.fn().mockRejectedValueOnce(new BackendError("io", "disk full")).mockResolvedValue(undefined);
    const saver = new Autosaver<string>("a", save, 600);
    saver.change("b");
    await vi.advanceTimersByTimeAsync(600);
    expect(saver.status).toBe("failed");
    expect(saver.error?.message).toBe("disk full");
    expect(saver.dirty).toBe(true);
    await expect(saver.flush()).resolves.toBe(true);
    expect(save).toHaveBeenLastCalledWith("b");
    expect(saver.error).toBeNull();
    expect(saver.status).toBe("saved");
  });
});
