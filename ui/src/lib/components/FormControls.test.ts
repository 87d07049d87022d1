// The shared form pieces on their own: a form dialog's Cancel and submit buttons, a group of checkboxes
// that keeps the options' order, and a labelled drop-down with its help and error.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it, vi } from "vitest";
import Checkboxes from "./Checkboxes.svelte";
import FormActions from "./FormActions.svelte";
import SelectField from "./SelectField.svelte";

const text = (html: string) => createRawSnippet(() => ({ render: () => html }));

describe("FormActions", () => {
  it("cancels, and submits the form it names with the children as its text", async () => {
    const onclose = vi.fn();
    render(FormActions, {
      form: "thing-form",
      testid: "thing-save",
      cancelText: "Cancel",
      cancelTestid: "thing-cancel",
      onclose,
      disabled: true,
      "aria-disabled": "true",
      children: text("<span>Saving…</span>"),
    });
    const save = screen.getByTestId("thing-save");
    expect(save).toHaveAttribute("type", "submit");
    expect(save).toHaveAttribute("form", "thing-form");
    expect(save).toHaveAttribute("aria-disabled", "true");
    expect(save).toBeDisabled();
    expect(save).toHaveTextContent("Saving…");
    const cancel = screen.getByTestId("thing-cancel");
    expect(cancel).toHaveAttribute("type", "button");
    await fireEvent.click(cancel);
    expect(onclose).toHaveBeenCalledOnce();
  });
});

describe("Checkboxes", () => {
  const letters = ["a", "b", "c"] as const;

  it("ticks the selected options and keeps the options' order as they change", async () => {
    let selected: string[] = ["c"];
    render(Checkboxes, {
      options: letters,
      get selected() {
        return selected;
      },
      set selected(value: string[]) {
        selected = value;
      },
      idPrefix: "letter",
      testidPrefix: "pick",
      label: (letter: string) => letter.toUpperCase(),
    });
    const box = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
    expect(letters.map((l) => box(l.toUpperCase()).checked)).toEqual([false, false, true]);
    expect(box("A")).toHaveAttribute("id", "letter-a");
    expect(box("A")).toHaveAttribute("data-testid", "pick-a");

    await fireEvent.click(box("A"));
    expect(selected).toEqual(["a", "c"]);
    await fireEvent.click(box("C"));
    expect(selected).toEqual(["a"]);
  });

  it("hands the change over when the caller handles it, and marks every box invalid", async () => {
    const ontoggle = vi.fn();
    render(Checkboxes, {
      options: letters,
      selected: ["b"],
      idPrefix: "letter",
      label: (letter: string) => letter,
      invalid: true,
      ontoggle,
    });
    expect(screen.getByLabelText("a")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("a")).not.toHaveAttribute("data-testid");
    await fireEvent.click(screen.getByLabelText("b"));
    expect(ontoggle).toHaveBeenCalledWith("b", false);
  });
});

describe("SelectField", () => {
  const options = [
    { value: "x", label: "Ex" },
    { value: "y", label: "Why" },
  ];

  it("labels the drop-down and ties its help and error to it", () => {
    render(SelectField, {
      id: "pick",
      testid: "pick-select",
      label: "Pick one",
      value: "y",
      options,
      help: "Any will do.",
      error: "Not that one.",
      first: text("<option value=''>None</option>"),
    });
    const select = screen.getByLabelText("Pick one") as HTMLSelectElement;
    expect(select).toHaveAttribute("data-testid", "pick-select");
    expect([...select.options].map((o) => o.textContent)).toEqual(["None", "Ex", "Why"]);
    expect(select.value).toBe("y");
    expect(select).toHaveAttribute("aria-invalid", "true");
    expect(select).toHaveAttribute("aria-describedby", "pick-help pick-error");
    expect(document.getElementById("pick-help")).toHaveTextContent("Any will do.");
    expect(document.getElementById("pick-error")).toHaveTextContent("Not that one.");
  });

  it("can be invalid without a message, announce its help, and hide its label", () => {
    render(SelectField, {
      id: "pick",
      label: "Pick one",
      value: "x",
      options,
      help: "Changes with the choice.",
      invalid: true,
      hiddenLabel: true,
      liveHelp: true,
    });
    const select = screen.getByLabelText("Pick one");
    expect(select).toHaveAttribute("aria-invalid", "true");
    expect(select).toHaveAttribute("aria-describedby", "pick-help");
    expect(document.querySelector("label[for='pick']")).toHaveClass("visually-hidden");
    expect(document.getElementById("pick-help")).toHaveAttribute("aria-live", "polite");
  });

  it("updates the bound value when another option is chosen", async () => {
    let value = "x";
    render(SelectField, {
      id: "pick",
      label: "Pick one",
      get value() {
        return value;
      },
      set value(next: string) {
        value = next;
      },
      options,
    });
    const select = screen.getByLabelText("Pick one");
    expect(select).not.toHaveAttribute("aria-invalid");
    expect(select).not.toHaveAttribute("aria-describedby");
    await fireEvent.change(select, { target: { value: "y" } });
    expect(value).toBe("y");
  });
});
