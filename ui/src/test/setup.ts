// Test set-up: DOM matchers for every test file, and a silent event bus.
import { vi } from "vitest";
import "@testing-library/jest-dom/vitest";

// jsdom has no layout observers; the calendar component only needs them to exist.
class NoObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
globalThis.ResizeObserver ??= NoObserver as unknown as typeof ResizeObserver;
globalThis.IntersectionObserver ??= NoObserver as unknown as typeof IntersectionObserver;

// No Tauri event bus under jsdom: the window's listeners (inbox, scheduler, import progress) hear nothing.
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn(async () => () => {}) }));
