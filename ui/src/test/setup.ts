// Test set-up: DOM matchers for every test file.
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
