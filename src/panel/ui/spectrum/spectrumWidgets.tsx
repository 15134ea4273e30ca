/**
 * React wrappers for the Spectrum UXP widgets. Values are set as properties and events attached
 * with addEventListener through refs, which works with UXP's built-in widgets whatever React
 * version does with custom-element props (premiere-uxp.md §3.5). Boolean attributes are passed
 * only when true.
 */
import { useEffect, useLayoutEffect, useRef, type CSSProperties, type ReactNode } from "react";
import "./intrinsicElements";

type Listener = (element: HTMLElement) => void;

/** Attaches `type` listeners once and always calls the latest handler. */
function useElementEvent(type: string, handler: Listener | undefined) {
  const ref = useRef<HTMLElement>(null);
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const listener = () => latest.current?.(element);
    element.addEventListener(type, listener);
    return () => element.removeEventListener(type, listener);
  }, [type]);
  return ref;
}

const flag = (value: boolean | undefined) => (value ? true : undefined);

export function SpButton(props: {
  children: ReactNode;
  onClick?: () => void;
  variant?: "cta" | "primary" | "secondary" | "warning";
  quiet?: boolean;
  disabled?: boolean;
  testId?: string;
  title?: string;
  style?: CSSProperties;
}) {
  const ref = useElementEvent("click", () => {
    if (!props.disabled) props.onClick?.();
  });
  return (
    <sp-button ref={ref} variant={props.variant ?? "secondary"} quiet={flag(props.quiet)} disabled={flag(props.disabled)} data-testid={props.testId} title={props.title} style={props.style}>
      {props.children}
    </sp-button>
  );
}

export function SpActionButton(props: { children: ReactNode; onClick?: () => void; selected?: boolean; disabled?: boolean; testId?: string; title?: string }) {
  const ref = useElementEvent("click", () => {
    if (!props.disabled) props.onClick?.();
  });
  return (
    <sp-action-button ref={ref} quiet selected={flag(props.selected)} disabled={flag(props.disabled)} data-testid={props.testId} title={props.title}>
      {props.children}
    </sp-action-button>
  );
}

/** Keeps an element's `value` property in step with React without fighting the caret while typing. */
function useValueProperty(ref: React.RefObject<HTMLElement | null>, value: string) {
  useLayoutEffect(() => {
    const element = ref.current as (HTMLElement & { value?: string }) | null;
    if (element && element.value !== value) element.value = value;
  }, [ref, value]);
}

export function SpTextfield(props: {
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "password" | "number" | "search";
  placeholder?: string;
  invalid?: boolean;
  disabled?: boolean;
  testId?: string;
  style?: CSSProperties;
}) {
  const ref = useElementEvent("input", (element) => props.onInput(String((element as HTMLElement & { value?: string }).value ?? "")));
  useValueProperty(ref, props.value);
  return (
    <sp-textfield
      ref={ref}
      type={props.type ?? "text"}
      placeholder={props.placeholder}
      invalid={flag(props.invalid)}
      disabled={flag(props.disabled)}
      data-testid={props.testId}
      style={props.style}
    ></sp-textfield>
  );
}

export function SpTextarea(props: { value: string; onInput: (value: string) => void; placeholder?: string; invalid?: boolean; testId?: string; style?: CSSProperties }) {
  const ref = useElementEvent("input", (element) => props.onInput(String((element as HTMLElement & { value?: string }).value ?? "")));
  useValueProperty(ref, props.value);
  return <sp-textarea ref={ref} placeholder={props.placeholder} invalid={flag(props.invalid)} data-testid={props.testId} style={props.style}></sp-textarea>;
}

export function SpCheckbox(props: { checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean; testId?: string; children: ReactNode }) {
  const ref = useElementEvent("change", (element) => props.onChange(Boolean((element as HTMLElement & { checked?: boolean }).checked)));
  useLayoutEffect(() => {
    const element = ref.current as (HTMLElement & { checked?: boolean }) | null;
    if (element && Boolean(element.checked) !== props.checked) element.checked = props.checked;
  }, [ref, props.checked]);
  return (
    <sp-checkbox ref={ref} checked={flag(props.checked)} disabled={flag(props.disabled)} data-testid={props.testId}>
      {props.children}
    </sp-checkbox>
  );
}

export interface DropdownOption {
  value: string;
  label: string;
  /** Shown but not choosable: a group heading or an option the current settings rule out. */
  disabled?: boolean;
}

/**
 * `sp-dropdown` with its `sp-menu slot="options"`. No dividers: the change event reports
 * `selectedIndex`, and menu items alone keep that index equal to the option's position.
 */
export function SpDropdown(props: {
  options: readonly DropdownOption[];
  value: string | undefined;
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  testId?: string;
  style?: CSSProperties;
}) {
  const ref = useElementEvent("change", (element) => {
    const index = Number((element as HTMLElement & { selectedIndex?: number }).selectedIndex);
    const option = props.options[index];
    if (option && !option.disabled && option.value !== props.value) props.onChange(option.value);
  });
  const index = props.options.findIndex((option) => option.value === props.value);
  useLayoutEffect(() => {
    const element = ref.current as (HTMLElement & { selectedIndex?: number }) | null;
    if (element && index >= 0 && element.selectedIndex !== index) {
      try {
        element.selectedIndex = index;
      } catch {
        // Read-only in some UXP versions; the `selected` attribute below still marks the item.
      }
    }
  }, [ref, index, props.options]);
  return (
    <sp-dropdown
      ref={ref}
      placeholder={props.placeholder}
      disabled={flag(props.disabled)}
      invalid={flag(props.invalid)}
      data-testid={props.testId}
      style={{ width: "100%", ...props.style }}
    >
      <sp-menu slot="options">
        {props.options.map((option) => (
          <sp-menu-item key={option.value} data-value={option.value} selected={flag(option.value === props.value)} disabled={flag(option.disabled)}>
            {option.label}
          </sp-menu-item>
        ))}
      </sp-menu>
    </sp-dropdown>
  );
}

export function SpProgressbar(props: { value: number; max?: number; label?: string; testId?: string }) {
  return (
    <sp-progressbar max={props.max ?? 100} value={props.value} data-testid={props.testId} data-value={String(props.value)} style={{ width: "100%" }}>
      {props.label ? <sp-label slot="label">{props.label}</sp-label> : null}
    </sp-progressbar>
  );
}
