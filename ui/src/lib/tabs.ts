// Moving between tabs with the keyboard, as in the ARIA tabs pattern: the arrows step (wrapping around),
// Home and End go to the first and the last tab.

/** The index of the tab that `key` moves to from tab `index` of `count`, or null when the key does not move. */
export function tabKeyTarget(key: string, index: number, count: number): number | null {
  switch (key) {
    case "ArrowRight":
      return (index + 1) % count;
    case "ArrowLeft":
      return (index - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
